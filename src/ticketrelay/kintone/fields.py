"""Typed kintone form-field definitions, parsed from and rendered to kintone's JSON shapes.

One class per field type that ticketrelay can write (SPEC section 4); every other type is
kept as `Unsupported` with its type name, so that a mapping onto it can be explained.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Literal

LinkProtocol = Literal["WEB", "CALL", "MAIL"]


@dataclass(frozen=True, kw_only=True)
class Field:
    """A field of a kintone app's form."""

    TYPE: ClassVar[str] = ""
    code: str
    label: str = ""
    required: bool = False

    @property
    def type(self) -> str:
        """kintone's name of this field's type."""
        return self.TYPE


@dataclass(frozen=True, kw_only=True)
class SingleLineText(Field):
    """SINGLE_LINE_TEXT: one line of text, optionally unique and length-limited."""

    TYPE: ClassVar[str] = "SINGLE_LINE_TEXT"
    default: str = ""
    unique: bool = False
    min_length: int | None = None
    max_length: int | None = None


@dataclass(frozen=True, kw_only=True)
class MultiLineText(Field):
    """MULTI_LINE_TEXT: free text over several lines."""

    TYPE: ClassVar[str] = "MULTI_LINE_TEXT"
    default: str = ""


@dataclass(frozen=True, kw_only=True)
class RichText(Field):
    """RICH_TEXT: HTML text."""

    TYPE: ClassVar[str] = "RICH_TEXT"
    default: str = ""


@dataclass(frozen=True, kw_only=True)
class Number(Field):
    """NUMBER: a decimal number, optionally unique and range-limited."""

    TYPE: ClassVar[str] = "NUMBER"
    default: str = ""
    unique: bool = False
    min_value: Decimal | None = None
    max_value: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class Date(Field):
    """DATE: a calendar date, `YYYY-MM-DD`."""

    TYPE: ClassVar[str] = "DATE"
    default: str = ""
    default_now: bool = False
    unique: bool = False


@dataclass(frozen=True, kw_only=True)
class Time(Field):
    """TIME: a time of day, `HH:MM`."""

    TYPE: ClassVar[str] = "TIME"
    default: str = ""
    default_now: bool = False


@dataclass(frozen=True, kw_only=True)
class DateTime(Field):
    """DATETIME: an instant, stored by kintone in UTC to the minute."""

    TYPE: ClassVar[str] = "DATETIME"
    default: str = ""
    default_now: bool = False
    unique: bool = False


@dataclass(frozen=True, kw_only=True)
class Link(Field):
    """LINK: a web address, a phone number or a mail address, by protocol."""

    TYPE: ClassVar[str] = "LINK"
    protocol: LinkProtocol = "WEB"
    default: str = ""
    unique: bool = False
    min_length: int | None = None
    max_length: int | None = None


@dataclass(frozen=True, kw_only=True)
class RadioButton(Field):
    """RADIO_BUTTON: exactly one of a fixed list of options."""

    TYPE: ClassVar[str] = "RADIO_BUTTON"
    options: tuple[str, ...] = ()
    default: str = ""


@dataclass(frozen=True, kw_only=True)
class DropDown(Field):
    """DROP_DOWN: one of a fixed list of options, or nothing."""

    TYPE: ClassVar[str] = "DROP_DOWN"
    options: tuple[str, ...] = ()
    default: str = ""


@dataclass(frozen=True, kw_only=True)
class Unsupported(Field):
    """A field of a type that ticketrelay cannot write, kept with its type name."""

    type_name: str

    @property
    def type(self) -> str:
        """kintone's name of this field's type."""
        return self.type_name


SUPPORTED: tuple[type[Field], ...] = (
    SingleLineText,
    MultiLineText,
    RichText,
    Number,
    Date,
    Time,
    DateTime,
    Link,
    RadioButton,
    DropDown,
)
_BY_TYPE: dict[str, type[Field]] = {cls.TYPE: cls for cls in SUPPORTED}


def parse_field(properties: Mapping[str, Any]) -> Field:
    """Build a typed field from one entry of kintone's `properties` object."""
    type_name = str(properties.get("type", ""))
    cls = _BY_TYPE.get(type_name)
    common: dict[str, Any] = {
        "code": str(properties.get("code", "")),
        "label": str(properties.get("label", "")),
        "required": _bool(properties.get("required")),
    }
    if cls is None:
        return Unsupported(type_name=type_name, **common)
    extra: dict[str, Any] = {}
    names = cls.__dataclass_fields__
    if "default" in names:
        extra["default"] = _text(properties.get("defaultValue"))
    if "default_now" in names:
        extra["default_now"] = _bool(properties.get("defaultNowValue"))
    if "unique" in names:
        extra["unique"] = _bool(properties.get("unique"))
    if "min_length" in names:
        extra["min_length"] = _int(properties.get("minLength"))
        extra["max_length"] = _int(properties.get("maxLength"))
    if "min_value" in names:
        extra["min_value"] = _decimal(properties.get("minValue"))
        extra["max_value"] = _decimal(properties.get("maxValue"))
    if "options" in names:
        extra["options"] = _options(properties.get("options"))
    if "protocol" in names:
        protocol = str(properties.get("protocol") or "WEB")
        extra["protocol"] = protocol if protocol in ("WEB", "CALL", "MAIL") else "WEB"
    return cls(**common, **extra)


def parse_form(properties: Mapping[str, Any]) -> dict[str, Field]:
    """Build typed fields, by field code, from kintone's `properties` object."""
    return {code: parse_field(props) for code, props in properties.items()}


def to_properties(field: Field) -> dict[str, Any]:
    """Render a typed field in the shape that kintone's form-field APIs use."""
    props: dict[str, Any] = {
        "type": field.type,
        "code": field.code,
        "label": field.label or field.code,
        "noLabel": False,
        "required": field.required,
    }
    values = vars(field)
    if "default" in values:
        props["defaultValue"] = values["default"]
    if "default_now" in values:
        props["defaultNowValue"] = values["default_now"]
    if "unique" in values:
        props["unique"] = values["unique"]
    if "min_length" in values:
        props["minLength"] = _limit(values["min_length"])
        props["maxLength"] = _limit(values["max_length"])
    if "min_value" in values:
        props["minValue"] = _limit(values["min_value"])
        props["maxValue"] = _limit(values["max_value"])
    if "options" in values:
        props["options"] = {
            name: {"label": name, "index": str(i)} for i, name in enumerate(values["options"])
        }
    if "protocol" in values:
        props["protocol"] = values["protocol"]
    return props


def _bool(value: object) -> bool:
    return value is True or value == "true"


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _limit(value: int | Decimal | None) -> str:
    return "" if value is None else str(value)


def _options(value: object) -> tuple[str, ...]:
    if not isinstance(value, Mapping):
        return ()
    ranked = sorted(value.items(), key=lambda item: _int(_index(item[1])) or 0)
    return tuple(str(name) for name, _ in ranked)


def _index(option: object) -> object:
    return option.get("index") if isinstance(option, Mapping) else None
