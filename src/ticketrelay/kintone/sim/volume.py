"""How many records a request writes or reads: the per-record part of a latency fault.

Written (known before the handler runs): 1 for a POST/PUT of record.json, the length of
`records` for a POST/PUT of records.json and of `ids` for its DELETE, and for a bulkRequest the
sum over its well-formed sub-requests. Read (known from the answer of a GET): the length of
`records` (records.json, records/cursor.json) or 1 for a `record` (record.json). Anything
else counts 0.
"""

from collections.abc import Mapping
from typing import Any

from ticketrelay.kintone.sim.bulk import sub_requests


def records_written(resource: str, method: str, params: Mapping[str, Any]) -> int:
    """The records a request adds, updates or deletes."""
    if resource == "bulkRequest" and method == "POST":
        return sum(records_written(r, m, p) for r, m, p in sub_requests(params))
    if resource == "record" and method in {"POST", "PUT"}:
        return 1
    if resource != "records":
        return 0
    key = {"POST": "records", "PUT": "records", "DELETE": "ids"}.get(method)
    listed = params.get(key) if key else None
    return len(listed) if isinstance(listed, list) else 0


def records_read(method: str, payload: Mapping[str, Any]) -> int:
    """The records a GET's answer returns."""
    if method != "GET":
        return 0
    listed = payload.get("records")
    if isinstance(listed, list):
        return len(listed)
    return 1 if isinstance(payload.get("record"), Mapping) else 0
