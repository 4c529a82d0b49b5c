"""Building a record's stored values from a write: defaults, coercion and required (§3, §6)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from ticketrelay.kintone.sim.coerce import COERCERS, now_default
from ticketrelay.kintone.sim.messages import Problems, bad_json, msg
from ticketrelay.kintone.sim.schema import ENTITY_TYPES, LIST_TYPES, FieldSpec, Schema
from ticketrelay.kintone.sim.settings import SimSettings

Values = dict[str, object]


@dataclass(frozen=True)
class WriteContext:
    """What a write needs besides the record: settings, the time and a source of row ids."""

    settings: SimSettings
    now: datetime
    tz: tzinfo
    next_row_id: Callable[[], int]


def record_object(raw: object) -> Mapping[str, Any]:
    """The `record` object of a write; omitted means empty, anything but an object is CB_IJ01."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise bad_json()
    return raw


def new_values(
    schema: Schema, raw: object, prefix: str, ctx: WriteContext, problems: Problems
) -> Values:
    """The values of a record to add: written fields coerced, omitted ones at their defaults."""
    record = record_object(raw)
    values: Values = {}
    for spec in schema.writable:
        cell = record.get(spec.code, _OMITTED)
        if cell is _OMITTED:
            values[spec.code] = default_value(spec, ctx)
        else:
            values[spec.code] = _coerce(spec, cell, prefix, ctx, problems, None)
    _required(schema.writable, values, prefix, problems)
    return values


def updated_values(
    schema: Schema,
    raw: object,
    current: Mapping[str, object],
    prefix: str,
    ctx: WriteContext,
    problems: Problems,
) -> Values:
    """The values of a record after an update: only written fields change (§2.3)."""
    record = record_object(raw)
    values: Values = dict(current)
    for spec in schema.writable:
        if spec.code in record:
            old = current.get(spec.code)
            values[spec.code] = _coerce(spec, record[spec.code], prefix, ctx, problems, old)
    _required(schema.writable, values, prefix, problems)
    return values


_OMITTED = object()


def default_value(spec: FieldSpec, ctx: WriteContext) -> object:
    """The value an omitted field gets on add: defaultNowValue, defaultValue, or empty."""
    if spec.default_now:
        return now_default(spec, ctx.now, ctx.tz)
    if spec.type in LIST_TYPES:
        return list(spec.default) if isinstance(spec.default, list) else []
    if spec.type in ENTITY_TYPES or spec.type == "SUBTABLE":
        return []
    coerce = COERCERS.get(spec.type)
    if coerce is None:
        return spec.default
    return coerce(spec, spec.default, "", Problems(), ctx.settings)


def _coerce(
    spec: FieldSpec,
    cell: object,
    prefix: str,
    ctx: WriteContext,
    problems: Problems,
    old: object,
) -> object:
    if not isinstance(cell, dict):
        raise bad_json()
    raw = cell.get("value")
    key = f"{prefix}.{spec.code}.value"
    if spec.type == "SUBTABLE":
        return _rows(spec, raw, key, ctx, problems, old)
    return COERCERS[spec.type](spec, raw, key, problems, ctx.settings)


def _rows(
    spec: FieldSpec, raw: object, key: str, ctx: WriteContext, problems: Problems, old: object
) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise bad_json()
    known = {row["id"]: row for row in old} if isinstance(old, list) else {}
    rows = []
    for i, row in enumerate(raw):
        if not isinstance(row, Mapping):
            raise bad_json()
        row_id = _row_id(row.get("id"))
        previous = known.get(row_id) if row_id else None
        inner_prefix = f"{key}[{i}].value"
        cells = _row_values(spec, row.get("value"), previous, inner_prefix, ctx, problems)
        rows.append({"id": row_id if previous else str(ctx.next_row_id()), "value": cells})
    return rows


def _row_id(raw: object) -> str | None:
    if raw is None or raw == "":
        return None
    text = str(raw)
    if not text.isdigit():
        raise bad_json()
    return text


def _row_values(
    spec: FieldSpec,
    raw: object,
    previous: Mapping[str, Any] | None,
    prefix: str,
    ctx: WriteContext,
    problems: Problems,
) -> dict[str, Any]:
    record = record_object(raw)
    cells: dict[str, Any] = dict(previous["value"]) if previous else {}
    for inner in spec.inner:
        if inner.code in record:
            value = _coerce(inner, record[inner.code], prefix, ctx, problems, None)
        elif inner.code in cells:
            continue
        else:
            value = default_value(inner, ctx)
        cells[inner.code] = {"type": inner.type, "value": value}
    return cells


def _required(
    specs: tuple[FieldSpec, ...], values: Mapping[str, object], prefix: str, problems: Problems
) -> None:
    for spec in specs:
        if not spec.required or values.get(spec.code) not in (None, "", []):
            continue
        key = f"{prefix}.{spec.code}.value"
        if key in problems.by_key:
            continue
        if spec.type in LIST_TYPES:
            key = f"{prefix}.{spec.code}.values"
        elif spec.type in ENTITY_TYPES:
            key = f"{prefix}.{spec.code}.values.value"
        problems.add(key, msg("required"))
