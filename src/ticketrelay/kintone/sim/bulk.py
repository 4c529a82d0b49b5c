"""bulkRequest (§2.6): up to 20 record writes, run in order, all committed or none."""

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Final

from ticketrelay.kintone.sim.call import Call, list_param
from ticketrelay.kintone.sim.messages import SimError, bad_json, invalid_param, msg
from ticketrelay.kintone.sim.settings import Language
from ticketrelay.kintone.sim.updates import update_record, update_records
from ticketrelay.kintone.sim.writes import add_record, add_records, delete_records

MAX_REQUESTS: Final = 20
API_PATH: Final = re.compile(r"/k(?:/guest/(\d+))?/v1/([\w/]+)\.json")
_ALLOWED: Final[Mapping[tuple[str, str], Callable[[Call], dict[str, Any]]]] = {
    ("record", "POST"): add_record,
    ("records", "POST"): add_records,
    ("record", "PUT"): update_record,
    ("records", "PUT"): update_records,
    ("records", "DELETE"): delete_records,
}


class BulkFailure(SimError):
    """A failed sub-request: its error at its index, `{}` everywhere else."""

    def __init__(self, index: int, count: int, error: SimError) -> None:
        super().__init__(error.status, error.code, problems=error.problems, headers=error.headers)
        self.message = error.message
        self.index = index
        self.count = count
        self.error = error

    def body(self, lang: Language) -> dict[str, Any]:
        """`{"results": [...]}` with the error at the failing index."""
        results: list[dict[str, Any]] = [{} for _ in range(self.count)]
        results[self.index] = self.error.body(lang)
        return {"results": results}


def bulk_request(call: Call) -> dict[str, Any]:
    """POST bulkRequest.json: run each sub-request in the same transaction."""
    requests = list_param(call.params, "requests")
    if requests is None:
        raise invalid_param("requests", msg("required_param"))
    if len(requests) > MAX_REQUESTS:
        raise invalid_param("requests", msg("too_many_requests"))
    results = []
    for i, request in enumerate(requests):
        try:
            results.append(_run(call, request))
        except SimError as error:
            raise BulkFailure(i, len(requests), error) from error
    return {"results": results}


def sub_requests(params: Mapping[str, Any]) -> list[tuple[str, str, Mapping[str, Any]]]:
    """The well-formed sub-requests of a bulkRequest body: (resource, method, payload)."""
    out = []
    requests = params.get("requests")
    for request in requests if isinstance(requests, list) else ():
        if not isinstance(request, Mapping):
            continue
        match = API_PATH.fullmatch(str(request.get("api", "")))
        payload = request.get("payload")
        if match and isinstance(payload, Mapping):
            out.append((match.group(2), str(request.get("method", "")).upper(), payload))
    return out


def _run(call: Call, request: object) -> dict[str, Any]:
    if not isinstance(request, Mapping) or not isinstance(request.get("payload"), Mapping):
        raise bad_json()
    match = API_PATH.fullmatch(str(request.get("api", "")))
    method = str(request.get("method", "")).upper()
    handler = _ALLOWED.get((match.group(2), method)) if match else None
    if match is None or handler is None:
        raise invalid_param("api", msg("bad_api"))
    guest = int(match.group(1)) if match.group(1) else None
    if guest != call.guest:
        raise SimError(403, "CB_NO02")
    return handler(replace(call, params=request["payload"]))
