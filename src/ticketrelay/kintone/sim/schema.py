"""Form-field properties as kintone stores them, and the compiled schema that validation reads."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from ticketrelay.kintone import fields
from ticketrelay.kintone.sim.settings import Language

SYSTEM_CODES: Final[Mapping[str, tuple[str, str]]] = {
    "RECORD_NUMBER": ("レコード番号", "Record_number"),
    "CREATOR": ("作成者", "Created_by"),
    "CREATED_TIME": ("作成日時", "Created_datetime"),
    "MODIFIER": ("更新者", "Updated_by"),
    "UPDATED_TIME": ("更新日時", "Updated_datetime"),
    "STATUS": ("ステータス", "Status"),
    "STATUS_ASSIGNEE": ("作業者", "Assignee"),
    "CATEGORY": ("カテゴリー", "Categories"),
}
DISABLED_SYSTEM: Final = frozenset({"STATUS", "STATUS_ASSIGNEE", "CATEGORY"})
UNIQUE_TYPES: Final = frozenset({"SINGLE_LINE_TEXT", "NUMBER", "LINK", "DATE", "DATETIME"})
LIST_TYPES: Final = frozenset({"CHECK_BOX", "MULTI_SELECT"})
ENTITY_TYPES: Final = frozenset({"USER_SELECT", "ORGANIZATION_SELECT", "GROUP_SELECT"})
NULL_WHEN_EMPTY: Final = frozenset({"DATE", "TIME", "DATETIME", "DROP_DOWN", "RADIO_BUTTON"})
WRITABLE: Final = frozenset(
    {
        "SINGLE_LINE_TEXT",
        "MULTI_LINE_TEXT",
        "RICH_TEXT",
        "NUMBER",
        "DATE",
        "TIME",
        "DATETIME",
        "LINK",
        "RADIO_BUTTON",
        "DROP_DOWN",
        "SUBTABLE",
        *LIST_TYPES,
        *ENTITY_TYPES,
    }
)
_DEFAULTS: Final[Mapping[str, Mapping[str, Any]]] = {
    "SINGLE_LINE_TEXT": {
        "defaultValue": "",
        "unique": False,
        "minLength": "",
        "maxLength": "",
        "expression": "",
        "hideExpression": False,
    },
    "MULTI_LINE_TEXT": {"defaultValue": ""},
    "RICH_TEXT": {"defaultValue": ""},
    "NUMBER": {
        "defaultValue": "",
        "unique": False,
        "minValue": "",
        "maxValue": "",
        "digit": False,
        "displayScale": "",
        "unit": "",
        "unitPosition": "BEFORE",
    },
    "DATE": {"defaultValue": "", "unique": False, "defaultNowValue": False},
    "TIME": {"defaultValue": "", "defaultNowValue": False},
    "DATETIME": {"defaultValue": "", "unique": False, "defaultNowValue": False},
    "LINK": {
        "defaultValue": "",
        "unique": False,
        "minLength": "",
        "maxLength": "",
        "protocol": "WEB",
    },
    "RADIO_BUTTON": {"options": {}, "align": "HORIZONTAL", "required": True},
    "DROP_DOWN": {"defaultValue": "", "options": {}},
    "CHECK_BOX": {"defaultValue": [], "options": {}, "align": "HORIZONTAL"},
    "MULTI_SELECT": {"defaultValue": [], "options": {}},
}
_BOOLEANS: Final = ("required", "unique", "noLabel", "defaultNowValue", "hideExpression", "digit")
_LIMITS: Final = ("minLength", "maxLength", "minValue", "maxValue", "displayScale")


def system_properties(lang: Language) -> dict[str, dict[str, Any]]:
    """The system fields that kintone puts on every new app, by field code."""
    out: dict[str, dict[str, Any]] = {}
    for type_name, names in SYSTEM_CODES.items():
        code = names[0] if lang == "ja" else names[1]
        props: dict[str, Any] = {"type": type_name, "code": code, "label": code}
        if type_name in DISABLED_SYSTEM:
            props["enabled"] = False
        else:
            props["noLabel"] = False
        out[code] = props
    return out


def normalize_property(code: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """One field's properties with kintone's observed defaults filled in (§2.7)."""
    type_name = str(given.get("type", ""))
    props: dict[str, Any] = {"type": type_name, "code": code, "label": code, "noLabel": False}
    props["required"] = False
    props.update(_DEFAULTS.get(type_name, {}))
    props.update(given)
    props["code"] = code
    for name in _BOOLEANS:
        if name in props:
            props[name] = props[name] is True or props[name] == "true"
    for name in _LIMITS:
        if name in props and props[name] is not None:
            props[name] = str(props[name])
    if "options" in props:
        props["options"] = _options(props["options"])
        if type_name == "RADIO_BUTTON" and "defaultValue" not in given:
            props["defaultValue"] = next(iter(props["options"]), "")
    if "unique" in props and type_name not in UNIQUE_TYPES:
        del props["unique"]
    if type_name == "SUBTABLE":
        inner = props.get("fields") or {}
        props["fields"] = {c: normalize_property(c, p) for c, p in inner.items()}
    return props


def _options(value: object) -> dict[str, dict[str, str]]:
    if not isinstance(value, Mapping):
        return {}
    return {
        str(name): {"label": str(o.get("label", name)), "index": str(o.get("index", i))}
        for i, (name, o) in enumerate(value.items())
        if isinstance(o, Mapping)
    }


@dataclass(frozen=True, kw_only=True)
class FieldSpec:
    """What validation needs to know about one field, compiled from its properties."""

    code: str
    type: str
    required: bool = False
    unique: bool = False
    default: object = ""
    default_now: bool = False
    min_length: int | None = None
    max_length: int | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    options: frozenset[str] = frozenset()
    protocol: str = "WEB"
    inner: tuple["FieldSpec", ...] = ()

    @property
    def writable(self) -> bool:
        """Whether the record APIs write this field (others are silently ignored)."""
        return self.type in WRITABLE


def compile_spec(props: Mapping[str, Any]) -> FieldSpec:
    """Compile one field's properties into a spec."""
    typed = fields.parse_field(props)
    values = vars(typed)
    default = props.get("defaultValue", "")
    return FieldSpec(
        code=typed.code,
        type=typed.type,
        required=typed.required and typed.type != "RADIO_BUTTON",
        unique=bool(values.get("unique", False)),
        default=list(default) if isinstance(default, list) else str(default or ""),
        default_now=bool(values.get("default_now", False)),
        min_length=values.get("min_length"),
        max_length=values.get("max_length"),
        min_value=values.get("min_value"),
        max_value=values.get("max_value"),
        options=frozenset((props.get("options") or {}).keys()),
        protocol=str(props.get("protocol") or "WEB"),
        inner=tuple(compile_spec(p) for p in (props.get("fields") or {}).values()),
    )


@dataclass(frozen=True)
class Schema:
    """The live fields of an app, compiled once per deploy."""

    specs: dict[str, FieldSpec]
    writable: tuple[FieldSpec, ...]
    system: dict[str, str]

    @classmethod
    def build(cls, properties: Mapping[str, Mapping[str, Any]]) -> "Schema":
        """Compile every field of a form."""
        specs = {code: compile_spec(p) for code, p in properties.items()}
        system = {s.type: code for code, s in specs.items() if s.type in SYSTEM_CODES}
        writable = tuple(s for s in specs.values() if s.writable)
        return cls(specs, writable, system)
