"""Adding and deleting records (§2.1, §2.2): validated, unique-checked, all or nothing."""

from collections.abc import Mapping
from typing import Any, Final

from ticketrelay.kintone.sim.call import Call, list_param, to_int
from ticketrelay.kintone.sim.messages import (
    Problems,
    SimError,
    bad_json,
    invalid_param,
    msg,
)
from ticketrelay.kintone.sim.store import SimApp, StoredRecord
from ticketrelay.kintone.sim.validation import Values, new_values

MAX_RECORDS: Final = 100


def records_list(call: Call, key: str, too_many: str) -> list[Any]:
    """The array of records (or ids) of a write: required, an array, at most 100."""
    records = list_param(call.params, key)
    if records is None:
        raise invalid_param(key, msg("required_param"))
    if len(records) > MAX_RECORDS:
        raise invalid_param(key, msg(too_many))
    return records


def check_unique(
    app: SimApp, values: Values, prefix: str, problems: Problems, own: int | None
) -> None:
    """Report values that another record already holds in a "prohibit duplicates" field."""
    for code in app.unique:
        owner = app.owner(code, values.get(code))
        if owner is not None and owner != own:
            problems.add(f"{prefix}.{code}.value", msg("not_unique"))


def insert(call: Call, app: SimApp, raw: object, prefix: str, problems: Problems) -> StoredRecord:
    """Validate and add one record inside the call's transaction."""
    values = new_values(app.schema, raw, prefix, call.write_context(app), problems)
    check_unique(app, values, prefix, problems, None)
    name, now = call.caller.name, call.stamp
    record = StoredRecord(call.txn.allocate(app), 1, values, now, now, name, name)
    call.txn.put(app, record)
    return record


def add_record(call: Call) -> dict[str, Any]:
    """POST record.json: one record; omitted `record` means every field at its default."""
    app = call.app("add")
    problems = Problems()
    record = insert(call, app, call.params.get("record"), "record", problems)
    problems.check()
    return {"id": str(record.id), "revision": str(record.revision)}


def add_records(call: Call) -> dict[str, Any]:
    """POST records.json: up to 100 records, atomic, ids in request order."""
    app = call.app("add")
    records = records_list(call, "records", "too_many_add")
    problems = Problems()
    added = [insert(call, app, raw, f"records[{i}]", problems) for i, raw in enumerate(records)]
    problems.check()
    return {
        "ids": [str(r.id) for r in added],
        "revisions": [str(r.revision) for r in added],
    }


def delete_records(call: Call) -> dict[str, Any]:
    """DELETE records.json: up to 100 ids, optional revisions, atomic."""
    app = call.app("delete")
    ids = [to_int(i, "ids") for i in records_list(call, "ids", "too_many_delete")]
    revisions = list_param(call.params, "revisions") or []
    if revisions and len(revisions) != len(ids):
        raise bad_json()
    for i, record_id in enumerate(ids):
        record = app.records.get(record_id)
        if record is None:
            raise SimError(404, "GAIA_RE01", record_id)
        if i < len(revisions):
            check_revision(call, record, revisions[i])
        call.txn.delete(app, record_id)
    return {}


def check_revision(call: Call, record: StoredRecord, expected: object) -> None:
    """GAIA_CO02 unless `expected` is absent, -1 or the record's revision."""
    if expected is None or expected == "" or isinstance(expected, Mapping):
        return
    wanted = to_int(expected, "revision")
    if wanted not in (-1, record.revision):
        raise SimError(call.settings.revision_conflict_status, "GAIA_CO02")
