"""An activity's values onto a kintone app's fields (SPEC section 4): a record, or problems.

A mapping is `{VALUE_KEY: FIELD_CODE}`. `to_record` converts each mapped value for its
field's type and reports what does not fit: an ERROR keeps the activity out of that app, an
ALERT leaves the field out so that kintone fills its default. Pure: no I/O.
"""

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any, TypeGuard
from zoneinfo import ZoneInfo

from ticketrelay.kintone.fields import (
    Date,
    DateTime,
    DropDown,
    Field,
    Link,
    Number,
    RadioButton,
    RichText,
    SingleLineText,
    Time,
    Unsupported,
)
from ticketrelay.rules.problems import (
    TYPE_LABELS,
    VALUE_LABELS,
    Problem,
    preview,
    problem,
    unsupported_why,
    writable,
)
from ticketrelay.rules.scalars import in_zone
from ticketrelay.rules.values import VALUE_KEYS, Activity, Value

DEFAULT_TIME_ZONE = "Asia/Tokyo"
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://\S+|\S+\.\S+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, kw_only=True)
class Issue:
    """What did not fit, before it is tied to a value key and a field."""

    reason: str
    params: Mapping[str, object]


@dataclass(frozen=True, kw_only=True)
class Converted:
    """A value as kintone takes it (`None`: leave the field out), and what did not fit."""

    value: str | None
    issue: Issue | None = None


@dataclass(frozen=True, kw_only=True)
class MappedRecord:
    """A kintone record `{code: {"value": ...}}` and the problems found building it."""

    record: dict[str, dict[str, Any]]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """Whether the record may be written: no ERROR (ALERTs are fine)."""
        return writable(self.problems)


def load_zone(name: str) -> tzinfo | None:
    """The time zone of this IANA name, or None if there is none."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        return None


def structure_problems(mapping: Mapping[str, str], fields: Mapping[str, Field]) -> list[Problem]:
    """What makes every record fail: unknown values or fields, unwritable types, clashes."""
    problems: list[Problem] = []
    by_code: dict[str, list[str]] = {}
    for key, code in mapping.items():
        field = fields.get(code)
        if key not in VALUE_KEYS:
            problems.append(problem("unknown_value", key, code))
        elif field is None:
            problems.append(problem("unknown_field", key, code))
        elif isinstance(field, Unsupported):
            why, why_ja = unsupported_why(field.type)
            problems.append(
                problem("unsupported_type", key, code, type=field.type, why=why, why_ja=why_ja)
            )
        else:
            by_code.setdefault(code, []).append(key)
    problems.extend(_mapped_twice(by_code))
    mapped = set(mapping.values())
    problems.extend(
        problem("required_unmapped", field_code=code)
        for code, field in fields.items()
        if code not in mapped and field.required and not _has_default(field)
    )
    return problems


def _mapped_twice(by_code: Mapping[str, list[str]]) -> list[Problem]:
    return [
        problem(
            "mapped_twice",
            field_code=code,
            values=", ".join(VALUE_LABELS[key][0] for key in keys),
            values_ja="、".join(VALUE_LABELS[key][1] for key in keys),
        )
        for code, keys in by_code.items()
        if len(keys) > 1
    ]


def _has_default(field: Field) -> bool:
    if isinstance(field, RadioButton | Unsupported):
        # kintone does not enforce `required` on RADIO_BUTTON; unwritable types get a warning.
        return True
    if isinstance(field, DropDown):
        return field.default in field.options
    return bool(getattr(field, "default", "")) or bool(getattr(field, "default_now", False))


def to_record(
    activity: Activity,
    mapping: Mapping[str, str],
    fields: Mapping[str, Field],
    time_zone: str = DEFAULT_TIME_ZONE,
) -> MappedRecord:
    """The record of `activity` for an app with `fields`, in the integration's time zone."""
    return to_records([activity], mapping, fields, time_zone)[0]


def to_records(
    activities: Sequence[Activity],
    mapping: Mapping[str, str],
    fields: Mapping[str, Field],
    time_zone: str = DEFAULT_TIME_ZONE,
) -> list[MappedRecord]:
    """The records of several activities; what they share is worked out once."""
    shared = list(structure_problems(mapping, fields))
    zone = load_zone(time_zone)
    if zone is None:
        shared.append(problem("unknown_time_zone", zone=time_zone))
    targets = [
        (key, code, field)
        for key, code in mapping.items()
        if key in VALUE_KEYS
        and (field := fields.get(code)) is not None
        and not isinstance(field, Unsupported)
    ]
    return [_record(a, targets, zone or ZoneInfo("UTC"), shared) for a in activities]


def _record(
    activity: Activity,
    targets: Sequence[tuple[str, str, Field]],
    zone: tzinfo,
    shared: Sequence[Problem],
) -> MappedRecord:
    problems = list(shared)
    record: dict[str, dict[str, Any]] = {}
    for key, code, field in targets:
        converted = convert(activity.value(key), field, zone)
        if converted.value is not None:
            record[code] = {"value": converted.value}
        if converted.issue is not None:
            problems.append(problem(converted.issue.reason, key, code, **converted.issue.params))
    return MappedRecord(record=record, problems=tuple(problems))


def convert(value: Value, field: Field, zone: tzinfo) -> Converted:
    """One value as `field` takes it, or the issue that keeps it out."""
    if isinstance(field, Date | Time | DateTime):
        return _time_field(value, field, zone)
    try:
        text = local_text(value, zone)
    except OverflowError:
        return _fail("time_out_of_range", zone=str(zone))
    if isinstance(field, RadioButton | DropDown):
        return _option(text, field)
    if isinstance(field, Link) and field.protocol == "MAIL":
        text = ""
    if text == "":
        return _fail("required_empty") if field.required else Converted(value="")
    if isinstance(field, SingleLineText):
        return _length(text, field) or Converted(value=text)
    if isinstance(field, RichText):
        return Converted(value=_LINE_BREAK.sub("<br>", html.escape(text, quote=True)))
    if isinstance(field, Number):
        return _number(text, field)
    if isinstance(field, Link):
        return _link(text, field)
    return Converted(value=text)


def local_text(value: Value, zone: tzinfo) -> str:
    """A value as text: a time in ISO 8601 with the offset of `zone`, to the second."""
    if isinstance(value, datetime):
        # Raises OverflowError past the calendar's ends (the caller's time_out_of_range);
        # in_zone then turns a local mean time offset such as +09:18:59 into UTC.
        return in_zone(value.astimezone(zone), zone).isoformat(timespec="seconds")
    return value or ""


def _fail(reason: str, **params: object) -> Converted:
    return Converted(value=None, issue=Issue(reason=reason, params=params))


def _time_field(value: Value, field: Date | Time | DateTime, zone: tzinfo) -> Converted:
    if not value:
        return _fail("required_empty") if field.required else Converted(value="")
    if not isinstance(value, datetime):
        return _fail("not_a_time", type=field.type, type_ja=TYPE_LABELS[field.type])
    if isinstance(field, DateTime):
        return Converted(value=value.replace(microsecond=0, tzinfo=None).isoformat() + "Z")
    try:
        local = value.astimezone(zone)
    except OverflowError:
        return _fail("time_out_of_range", zone=str(zone))
    if isinstance(field, Date):
        return Converted(value=local.date().isoformat())
    return Converted(value=f"{local.hour:02d}:{local.minute:02d}")


def _option(text: str, field: RadioButton | DropDown) -> Converted:
    if text in field.options:
        return Converted(value=text)
    has_default = field.default in field.options
    if isinstance(field, DropDown) and field.required and not has_default:
        return _fail("option_required_no_default", preview=preview(text))
    if text == "":
        return _fail("empty_not_an_option")
    return _fail("not_an_option", preview=preview(text))


def _number(text: str, field: Number) -> Converted:
    number = text.strip()
    if _NUMBER.fullmatch(number) is None:
        return _fail("not_a_number", preview=preview(text))
    if _finite(field.min_value) and Decimal(number) < field.min_value:
        return _fail("below_min", preview=preview(number), limit=field.min_value)
    if _finite(field.max_value) and Decimal(number) > field.max_value:
        return _fail("above_max", preview=preview(number), limit=field.max_value)
    return Converted(value=number)


def _finite(limit: Decimal | None) -> TypeGuard[Decimal]:
    # A NaN limit cannot be compared (decimal raises), and kintone never sends one.
    return limit is not None and limit.is_finite()


def _link(text: str, field: Link) -> Converted:
    if _LINE_BREAK.search(text):
        return _fail("contains_line_break")
    if field.protocol == "WEB" and _URL.fullmatch(text) is None:
        return _fail("not_a_url", preview=preview(text))
    return _length(text, field) or Converted(value=text)


def _length(text: str, field: SingleLineText | Link) -> Converted | None:
    if field.max_length is not None and len(text) > field.max_length:
        return _fail("too_long", length=len(text), limit=field.max_length)
    if field.min_length is not None and len(text) < field.min_length:
        return _fail("too_short", length=len(text), limit=field.min_length)
    return None
