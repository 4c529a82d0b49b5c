"""Checking a mapping against an app's fields before anything is sent (SPEC sections 4 and 7).

`check_mapping` reports what makes every record fail (`mapping.structure_problems`, also
reported at sync time) plus the settings page's advice. `compatible_targets` and `hint` tell
the settings page which fields to offer for a value, what will be sent and what can go wrong.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from ticketrelay.kintone.fields import (
    DropDown,
    Field,
    Link,
    Number,
    RadioButton,
    SingleLineText,
    Unsupported,
)
from ticketrelay.rules.mapping import DEFAULT_TIME_ZONE, load_zone, structure_problems
from ticketrelay.rules.problems import (
    CATALOGUE,
    TYPE_LABELS,
    Problem,
    problem,
    unsupported_why,
    writable,
)
from ticketrelay.rules.values import TIME_KEYS, VALUE_KEYS

TARGETS: tuple[str, ...] = (
    "SINGLE_LINE_TEXT",
    "MULTI_LINE_TEXT",
    "RICH_TEXT",
    "NUMBER",
    "DATE",
    "TIME",
    "DATETIME",
    "LINK:WEB",
    "LINK:CALL",
    "LINK:MAIL",
    "RADIO_BUTTON",
    "DROP_DOWN",
)
_TIME_ONLY = frozenset({"DATE", "TIME", "DATETIME"})
_NOT_FOR_TIMES = frozenset({"NUMBER", "LINK:WEB", "RADIO_BUTTON", "DROP_DOWN"})
_NEVER: dict[str, frozenset[str]] = {
    "channel_name": _TIME_ONLY | {"NUMBER", "LINK:WEB"},
    "activity_id": _TIME_ONLY | _NOT_FOR_TIMES,
}
_NEVER_EMPTY = frozenset({"channel_name", "activity_id"})

_SAME = ("the text as it is", "値をそのまま")
_AS_OPTION = (
    "the text when it is one of the options; otherwise nothing, and kintone fills its default",
    "選択肢と一致すればその値。一致しなければ送信せず、kintoneの初期値で登録",
)
_SENDS: dict[str, tuple[str, str]] = {
    "SINGLE_LINE_TEXT": _SAME,
    "MULTI_LINE_TEXT": _SAME,
    "RICH_TEXT": (
        "the text with & < > \" ' escaped as HTML and each line break as <br>",
        "& < > \" ' をHTMLエスケープし、改行を<br>にした文字列",
    ),
    "NUMBER": ("the text as a number", "数値"),
    "DATE": ("the date in the integration's time zone (YYYY-MM-DD)", "連携のタイムゾーンの日付"),
    "TIME": ("the time of day in the integration's time zone (HH:MM)", "連携のタイムゾーンの時刻"),
    "DATETIME": ("the time in UTC (YYYY-MM-DDTHH:MM:SSZ)", "UTCの日時"),
    "LINK:WEB": ("the URL", "URL"),
    "LINK:CALL": _SAME,
    "LINK:MAIL": (
        "always an empty string; map the value to a text field to sync it",
        "常に空文字列。値を連携するには文字列フィールドにマッピングしてください",
    ),
    "RADIO_BUTTON": _AS_OPTION,
    "DROP_DOWN": _AS_OPTION,
}
_TEXT_TARGETS = frozenset({"SINGLE_LINE_TEXT", "MULTI_LINE_TEXT", "RICH_TEXT", "LINK:CALL"})
_TIME_AS_TEXT = (
    "the time in ISO 8601 with the time zone's offset, e.g. 2026-11-25T10:00:00+09:00",
    "連携のタイムゾーンのオフセット付きISO 8601形式の日時(例: 2026-11-25T10:00:00+09:00)",
)

# Why a target cannot take a value: (English, Japanese), by target.
_INCOMPATIBLE: dict[str, tuple[str, str]] = {
    "DATE": ("it takes a time, and this value is text.", "時刻を入れる型で、この値は文字列のため"),
    "NUMBER": ("this value is never a number.", "この値は数値にならないため"),
    "LINK:WEB": ("this value is never a URL.", "この値はURLにならないため"),
    "RADIO_BUTTON": ("this value never matches an option.", "この値は選択肢と一致しないため"),
}


@dataclass(frozen=True, kw_only=True)
class CheckResult:
    """The problems of a mapping; `ok` when none is an ERROR."""

    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """Whether activities can be written with this mapping."""
        return writable(self.problems)

    def to_json(self) -> dict[str, Any]:
        """The `{"ok", "problems"}` object of SPEC section 9."""
        return {"ok": self.ok, "problems": [asdict(p) for p in self.problems]}


@dataclass(frozen=True, kw_only=True)
class Hint:
    """What the settings page says about mapping one value onto one field."""

    compatible: bool
    en: str
    ja: str
    errors: tuple[str, ...]
    alerts: tuple[str, ...]


def target(field: Field) -> str:
    """The field's type as a mapping target; LINK is told apart by protocol."""
    return f"LINK:{field.protocol}" if isinstance(field, Link) else field.type


def compatible_targets(value_key: str) -> tuple[str, ...]:
    """The targets the settings page offers for a value, in a stable order."""
    never = _NEVER.get(value_key, _NOT_FOR_TIMES if value_key in TIME_KEYS else _TIME_ONLY)
    return tuple(name for name in TARGETS if name not in never)


def is_compatible(value_key: str, field: Field) -> bool:
    """Whether the value can ever be written to the field without an ERROR."""
    return target(field) in compatible_targets(value_key)


def check_mapping(
    mapping: Mapping[str, str],
    fields: Mapping[str, Field],
    time_zone: str = DEFAULT_TIME_ZONE,
) -> CheckResult:
    """Every problem of a mapping, as the settings page shows it before saving."""
    problems = structure_problems(mapping, fields)
    if load_zone(time_zone) is None:
        problems.append(problem("unknown_time_zone", zone=time_zone))
    for key, code in mapping.items():
        field = fields.get(code)
        if key in VALUE_KEYS and field is not None and not isinstance(field, Unsupported):
            problems.extend(_advice(key, code, field))
    problems.extend(
        problem("required_unsupported", field_code=code, type=field.type)
        for code, field in fields.items()
        if isinstance(field, Unsupported) and field.required
    )
    activity_field = fields.get(mapping.get("activity_id", ""))
    if not (isinstance(activity_field, SingleLineText) and activity_field.unique):
        problems.append(problem("at_least_once", "activity_id", mapping.get("activity_id")))
    return CheckResult(problems=tuple(problems))


def _advice(key: str, code: str, field: Field) -> list[Problem]:
    name = target(field)
    problems: list[Problem] = []
    if not is_compatible(key, field):
        why, why_ja = _why_incompatible(name)
        type_ja = TYPE_LABELS[field.type]
        params = {"type": field.type, "type_ja": type_ja, "why": why, "why_ja": why_ja}
        problems.append(problem("incompatible_type", key, code, **params))
    if name == "LINK:MAIL":
        problems.append(problem("link_mail_empty", key, code))
    if getattr(field, "unique", False) and key != "activity_id":
        problems.append(problem("unique_field", key, code))
    return problems


def _why_incompatible(name: str) -> tuple[str, str]:
    aliases = {"TIME": "DATE", "DATETIME": "DATE", "DROP_DOWN": "RADIO_BUTTON"}
    return _INCOMPATIBLE[aliases.get(name, name)]


def hint(value_key: str, field: Field) -> Hint:
    """What mapping this value onto this field sends, and the ERRORs and ALERTs it can give."""
    name = target(field)
    if isinstance(field, Unsupported):
        why, why_ja = unsupported_why(field.type)
        return Hint(compatible=False, en=f"Not possible: {why}", ja=why_ja, errors=(), alerts=())
    if not is_compatible(value_key, field):
        why, why_ja = _why_incompatible(name)
        return Hint(compatible=False, en=f"Not possible: {why}", ja=why_ja, errors=(), alerts=())
    en, ja = _SENDS[name]
    if value_key in TIME_KEYS and name in _TEXT_TARGETS:
        en, ja = _TIME_AS_TEXT
    reasons = _outcomes(value_key, field)
    return Hint(
        compatible=True,
        en=en,
        ja=ja,
        errors=tuple(r for r in reasons if CATALOGUE[r][0] == "error"),
        alerts=tuple(r for r in reasons if CATALOGUE[r][0] == "alert"),
    )


def _outcomes(key: str, field: Field) -> list[str]:
    if isinstance(field, RadioButton | DropDown):
        if isinstance(field, DropDown) and field.required and field.default not in field.options:
            return ["option_required_no_default"]
        return (
            ["not_an_option"] if key in _NEVER_EMPTY else ["not_an_option", "empty_not_an_option"]
        )
    mail = isinstance(field, Link) and field.protocol == "MAIL"
    reasons = ["required_empty"] if field.required and (mail or key not in _NEVER_EMPTY) else []
    if isinstance(field, Number):
        reasons.append("not_a_number")
        reasons += ["below_min"] if field.min_value is not None else []
        reasons += ["above_max"] if field.max_value is not None else []
    if isinstance(field, Link) and not mail:
        reasons += (
            ["contains_line_break", "not_a_url"]
            if field.protocol == "WEB"
            else ["contains_line_break"]
        )
    if isinstance(field, SingleLineText | Link) and not mail:
        reasons += ["too_long"] if field.max_length is not None else []
        reasons += ["too_short"] if field.min_length is not None else []
    return reasons
