"""Turning one written field value into the value kintone stores, or a validation problem (§3)."""

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from typing import Final

from ticketrelay.kintone.sim.messages import Problems, bad_json, msg
from ticketrelay.kintone.sim.schema import FieldSpec
from ticketrelay.kintone.sim.settings import SimSettings

_NUMBER: Final = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_DATE: Final = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", re.ASCII)
_TIME: Final = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", re.ASCII)
_DATETIME: Final = re.compile(
    r"(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?",
    re.ASCII,
)
_WEB: Final = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+|\S+\.\S+")

Coercer = Callable[[FieldSpec, object, str, Problems, SimSettings], object]


def text_of(raw: object) -> str:
    """A scalar written value as text; objects and lists are CB_IJ01."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise bad_json()
    return str(raw)


def _lengths(spec: FieldSpec, value: str, key: str, problems: Problems, s: SimSettings) -> None:
    if spec.max_length is not None and value and len(value) > spec.max_length:
        problems.add(key, msg("max_length", spec.max_length + 1))
    checks_empty = s.min_length_checks_empty or value
    if spec.min_length is not None and checks_empty and len(value) < spec.min_length:
        problems.add(key, msg("min_length", spec.min_length - 1))


def _text(spec: FieldSpec, raw: object, key: str, problems: Problems, s: SimSettings) -> object:
    value = text_of(raw)
    _lengths(spec, value, key, problems, s)
    return value


def _link(spec: FieldSpec, raw: object, key: str, problems: Problems, s: SimSettings) -> object:
    value = text_of(raw)
    _lengths(spec, value, key, problems, s)
    if s.validate_link_format and value and _bad_link(spec.protocol, value):
        problems.add(key, msg("bad_link"))
    return value


def _bad_link(protocol: str, value: str) -> bool:
    if "\n" in value or "\r" in value:
        return True
    return protocol == "WEB" and _WEB.fullmatch(value) is None


def number_text(raw: object) -> str | None:
    """kintone's normalised text of a number (`" 42 "` → `"42"`, `"1.5e1"` → `"15"`), or None."""
    value = text_of(raw).strip()
    if not value:
        return ""
    if _NUMBER.fullmatch(value) is None:
        return None
    if "e" in value or "E" in value:
        return format(Decimal(value).normalize(), "f")
    return value.removeprefix("+")


def _number(spec: FieldSpec, raw: object, key: str, problems: Problems, s: SimSettings) -> object:
    value = number_text(raw)
    if value is None:
        problems.add(key.replace(f".{spec.code}.value", f"[{spec.code}].value"), msg("not_number"))
        return ""
    if value:
        number = Decimal(value)
        if spec.max_value is not None and number > spec.max_value:
            problems.add(key, msg("max_value", spec.max_value))
        if spec.min_value is not None and number < spec.min_value:
            problems.add(key, msg("min_value", spec.min_value))
    return value


def _date(spec: FieldSpec, raw: object, key: str, problems: Problems, s: SimSettings) -> object:
    value = text_of(raw).strip()
    if not value:
        return None
    match = _DATE.fullmatch(value)
    try:
        year, month, day = (int(part or 1) for part in match.groups()) if match else (0, 0, 0)
        return date(year, month, day).isoformat()
    except ValueError:
        problems.add(key, msg("bad_date"))
        return None


def _time(spec: FieldSpec, raw: object, key: str, problems: Problems, s: SimSettings) -> object:
    value = text_of(raw).strip()
    if not value:
        return None
    match = _TIME.fullmatch(value)
    if match is None or (match.group(3) and not s.time_accepts_seconds):
        problems.add(key, msg("bad_time"))
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59 or int(match.group(3) or 0) > 59:
        problems.add(key, msg("bad_time"))
        return None
    return f"{hour:02d}:{minute:02d}"


def datetime_utc(text: str) -> str | None:
    """A written DATETIME as kintone stores it: UTC, seconds dropped; None when malformed."""
    match = _DATETIME.fullmatch(text.strip())
    if match is None:
        return None
    day, hour, minute, second, offset = match.groups()
    try:
        stamp = datetime.fromisoformat(f"{day}T{hour or '00'}:{minute or '00'}:{second or '00'}")
        stamp -= _offset(offset)
    except ValueError:
        return None
    return stamp.strftime("%Y-%m-%dT%H:%M:00Z")


def _offset(text: str | None) -> timedelta:
    if not text or text == "Z":
        return timedelta()
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    if int(digits[:2]) > 23 or int(digits[2:]) > 59:
        raise ValueError(text)
    return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))


def _datetime(spec: FieldSpec, raw: object, key: str, problems: Problems, s: SimSettings) -> object:
    value = text_of(raw).strip()
    if not value:
        return None
    stored = datetime_utc(value)
    if stored is None:
        problems.add(key, msg("bad_datetime"))
    return stored


def _choice(spec: FieldSpec, raw: object, key: str, problems: Problems, s: SimSettings) -> object:
    value = text_of(raw)
    if not value:
        return None
    if value not in spec.options:
        problems.add(key, msg("not_option", value))
    return value


def _choices(spec: FieldSpec, raw: object, key: str, problems: Problems, s: SimSettings) -> object:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise bad_json()
    base = key.removesuffix(".value") + ".values"
    for i, value in enumerate(raw):
        if value not in spec.options:
            problems.add(f"{base}[{i}].value", msg("not_option", value))
    return list(raw)


def _entities(spec: FieldSpec, raw: object, key: str, problems: Problems, s: SimSettings) -> object:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(v, Mapping) for v in raw):
        raise bad_json()
    return [{"code": str(v.get("code", "")), "name": str(v.get("code", ""))} for v in raw]


COERCERS: Final[Mapping[str, Coercer]] = {
    "SINGLE_LINE_TEXT": _text,
    "MULTI_LINE_TEXT": _text,
    "RICH_TEXT": _text,
    "LINK": _link,
    "NUMBER": _number,
    "DATE": _date,
    "TIME": _time,
    "DATETIME": _datetime,
    "RADIO_BUTTON": _choice,
    "DROP_DOWN": _choice,
    "CHECK_BOX": _choices,
    "MULTI_SELECT": _choices,
    "USER_SELECT": _entities,
    "ORGANIZATION_SELECT": _entities,
    "GROUP_SELECT": _entities,
}


def now_default(spec: FieldSpec, now: datetime, tz: tzinfo) -> object:
    """The value of a defaultNowValue field at `now` (DATE/TIME in the local zone)."""
    local = now.astimezone(tz)
    if spec.type == "DATE":
        return local.date().isoformat()
    if spec.type == "TIME":
        return local.strftime("%H:%M")
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:00Z")
