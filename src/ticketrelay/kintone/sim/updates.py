"""Updating records by id or updateKey, and UPSERT (§2.3)."""

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ticketrelay.kintone.sim.call import Call, to_int
from ticketrelay.kintone.sim.coerce import number_text, text_of
from ticketrelay.kintone.sim.messages import (
    Problems,
    SimError,
    bad_json,
    invalid_param,
    msg,
)
from ticketrelay.kintone.sim.store import SimApp, StoredRecord
from ticketrelay.kintone.sim.validation import updated_values
from ticketrelay.kintone.sim.writes import check_revision, check_unique, insert, records_list


def update_record(call: Call) -> dict[str, Any]:
    """PUT record.json: one record by `id` or `updateKey`, optional revision check."""
    app = call.app("edit")
    problems = Problems()
    record, _ = _update(call, app, call.params, "record", problems, upsert=False, seen=set())
    problems.check()
    return {"revision": str(record.revision)}


def update_records(call: Call) -> dict[str, Any]:
    """PUT records.json: up to 100 updates, atomic; with `upsert` missing ones are added."""
    upsert = call.params.get("upsert") in (True, "true")
    app = call.app("edit")
    if upsert:
        call.app_by_id(app.id, "add")
    entries = records_list(call, "records", "too_many_update")
    problems, seen = Problems(), set[int]()
    results = []
    for i, entry in enumerate(entries):
        record, operation = _update(call, app, entry, f"records[{i}]", problems, upsert, seen)
        result = {"id": str(record.id), "revision": str(record.revision)}
        if upsert or call.settings.operation_in_plain_update:
            result["operation"] = operation
        results.append(result)
    problems.check()
    return {"records": results}


def _update(
    call: Call,
    app: SimApp,
    entry: object,
    prefix: str,
    problems: Problems,
    upsert: bool,
    seen: set[int],
) -> tuple[StoredRecord, str]:
    if not isinstance(entry, Mapping):
        raise bad_json()
    record, key = _target(app, entry, prefix)
    if record is None:
        return _missing(call, app, entry, prefix, problems, upsert, key)
    if record.id in seen:
        raise SimError(400, "GAIA_RE09", record.id)
    seen.add(record.id)
    check_revision(call, record, entry.get("revision"))
    values = updated_values(
        app.schema, entry.get("record"), record.values, prefix, call.write_context(app), problems
    )
    check_unique(app, values, prefix, problems, record.id)
    new = replace(
        record,
        revision=record.revision + 1,
        values=values,
        updated_at=call.stamp,
        modifier=call.caller.name,
    )
    call.txn.put(app, new)
    return new, "UPDATE"


def _target(
    app: SimApp, entry: Mapping[str, Any], prefix: str
) -> tuple[StoredRecord | None, tuple[str, str] | int]:
    key_name = "id" if prefix == "record" else f"{prefix}.id"
    has_id = entry.get("id") not in (None, "")
    if has_id and entry.get("updateKey") is not None:
        raise invalid_param(key_name, msg("id_and_key"))
    if has_id:
        record_id = to_int(entry["id"], key_name)
        return app.records.get(record_id), record_id
    if entry.get("updateKey") is None:
        raise invalid_param(key_name, msg("required_param"))
    field, value = _update_key(app, entry["updateKey"], prefix)
    owner = app.owner(field, value) if value else None
    return (None if owner is None else app.records[owner]), (field, value)


def _update_key(app: SimApp, raw: object, prefix: str) -> tuple[str, str]:
    if not isinstance(raw, Mapping):
        raise bad_json()
    field = str(raw.get("field", ""))
    spec = app.schema.specs.get(field)
    key_name = "updateKey" if prefix == "record" else f"{prefix}.updateKey"
    if spec is None or spec.type not in ("SINGLE_LINE_TEXT", "NUMBER") or not spec.unique:
        raise invalid_param(f"{key_name}.field", msg("bad_update_key"))
    value = text_of(raw.get("value"))
    if spec.type == "NUMBER":
        value = number_text(value) or ""
    return field, value


def _missing(
    call: Call,
    app: SimApp,
    entry: Mapping[str, Any],
    prefix: str,
    problems: Problems,
    upsert: bool,
    key: tuple[str, str] | int,
) -> tuple[StoredRecord, str]:
    if not upsert:
        if isinstance(key, int):
            raise SimError(404, "GAIA_RE01", key)
        raise SimError(404, "GAIA_RE01", *key, text="RE01_KEY")
    raw = entry.get("record")
    if isinstance(key, tuple) and call.settings.upsert_copies_update_key:
        field, value = key
        written = raw if isinstance(raw, Mapping) else {}
        if field not in written:
            raw = {**written, field: {"value": value}}
    return insert(call, app, raw, prefix, problems), "INSERT"
