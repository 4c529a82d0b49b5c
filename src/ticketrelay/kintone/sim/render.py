"""Records in the shape that kintone's read APIs return (§2.4): every field with type and value."""

from collections.abc import Collection
from typing import Any, Final

from ticketrelay.kintone.sim.schema import NULL_WHEN_EMPTY
from ticketrelay.kintone.sim.store import SimApp, StoredRecord


def render_record(
    app: SimApp, record: StoredRecord, wanted: Collection[str] | None = None
) -> dict[str, Any]:
    """One record as kintone returns it; `wanted` limits it to those field codes."""
    out: dict[str, Any] = {}
    for code, spec in app.schema.specs.items():
        if wanted is not None and code not in wanted:
            continue
        value = _value(spec.type, code, record)
        if value is not _SKIP:
            out[code] = {"type": spec.type, "value": value}
    if wanted is None or "$id" in wanted:
        out["$id"] = {"type": "__ID__", "value": str(record.id)}
    if wanted is None or "$revision" in wanted:
        out["$revision"] = {"type": "__REVISION__", "value": str(record.revision)}
    return out


_SKIP = object()
_NOT_ON_RECORDS: Final = frozenset(
    {"STATUS", "STATUS_ASSIGNEE", "CATEGORY", "GROUP", "REFERENCE_TABLE", "LABEL", "SPACER", "HR"}
)
_TEXTUAL: Final = frozenset(
    {"SINGLE_LINE_TEXT", "MULTI_LINE_TEXT", "RICH_TEXT", "NUMBER", "LINK", "CALC"}
)


def _value(type_name: str, code: str, record: StoredRecord) -> object:
    if type_name == "RECORD_NUMBER":
        return str(record.id)
    if type_name in ("CREATOR", "MODIFIER"):
        user = record.creator if type_name == "CREATOR" else record.modifier
        return {"code": user, "name": user}
    if type_name == "CREATED_TIME":
        return record.created_at
    if type_name == "UPDATED_TIME":
        return record.updated_at
    if type_name in _NOT_ON_RECORDS:
        return _SKIP
    value = record.values.get(code)
    if value is None:
        return None if type_name in NULL_WHEN_EMPTY else _empty(type_name)
    return value


def _empty(type_name: str) -> object:
    return "" if type_name in _TEXTUAL else []
