"""Reading records: one by id, a query page, or a cursor (§2.4, §2.5)."""

from typing import Any, Final

from ticketrelay.kintone.sim.call import Call, list_param
from ticketrelay.kintone.sim.messages import SimError, invalid_param, msg
from ticketrelay.kintone.sim.query import parse_query
from ticketrelay.kintone.sim.render import render_record
from ticketrelay.kintone.sim.search import Env, select
from ticketrelay.kintone.sim.store import SimApp, StoredRecord

DEFAULT_LIMIT: Final = 100
MAX_SIZE: Final = 500


def get_record(call: Call) -> dict[str, Any]:
    """GET record.json: one record by id, or GAIA_RE01."""
    app = call.app("view")
    record_id = call.number("id")
    record = app.records.get(record_id)
    if record is None:
        raise SimError(404, "GAIA_RE01", record_id)
    return {"record": render_record(app, record)}


def get_records(call: Call) -> dict[str, Any]:
    """GET records.json: the query's page of records, and totalCount as a string on request."""
    app = call.app("view")
    fields = _fields(call)
    query = parse_query(str(call.params.get("query") or ""))
    matched = select(app, query, _env(call))
    offset = query.offset or 0
    page = matched[offset : offset + (query.limit or DEFAULT_LIMIT)]
    wants_total = call.params.get("totalCount") in (True, "true")
    return {
        "records": [render_record(app, r, fields) for r in page],
        "totalCount": str(len(matched)) if wants_total else None,
    }


def create_cursor(call: Call) -> dict[str, Any]:
    """POST records/cursor.json: fix the record set of a query; at most 10 live cursors."""
    app = call.app("view")
    fields = _fields(call)
    query = parse_query(str(call.params.get("query") or ""))
    if query.limit is not None or query.offset is not None:
        raise invalid_param("query", msg("query_limit_in_cursor"))
    size = call.params.get("size")
    size = DEFAULT_LIMIT if size in (None, "") else call.number("size")
    if not 1 <= size <= MAX_SIZE:
        raise invalid_param("size", msg("size_range"))
    ids = [r.id for r in select(app, query, _env(call))]
    cursor = call.state.cursors.open(app.id, ids, fields, size, call.now)
    return {"id": cursor.id, "totalCount": str(len(ids))}


def get_cursor(call: Call) -> dict[str, Any]:
    """GET records/cursor.json: the next page; the cursor is gone after the last one."""
    book = call.state.cursors
    cursor = book.find(str(call.params.get("id") or ""), call.now)
    app = call.app_by_id(cursor.app, "view")
    page, more = book.advance(cursor, call.now)
    records = [_render(app, app.records.get(i), cursor.fields) for i in page]
    return {"records": [r for r in records if r is not None], "next": more}


def delete_cursor(call: Call) -> dict[str, Any]:
    """DELETE records/cursor.json: free a cursor."""
    cursor = call.state.cursors.find(str(call.params.get("id") or ""), call.now)
    call.app_by_id(cursor.app, "view")
    call.state.cursors.close(cursor.id)
    return {}


def _render(
    app: SimApp, record: StoredRecord | None, fields: list[str] | None
) -> dict[str, Any] | None:
    return None if record is None else render_record(app, record, fields)


def _fields(call: Call) -> list[str] | None:
    fields = list_param(call.params, "fields")
    return None if not fields else [str(f) for f in fields]


def _env(call: Call) -> Env:
    return Env(call.now, call.state.tz, call.caller.name)
