"""Which handler answers which kintone API, and which apps a request touches."""

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

from ticketrelay.kintone.sim import apps, bulk, reads, updates, writes
from ticketrelay.kintone.sim.call import Call

Handler = Callable[[Call], dict[str, Any]]

ROUTES: Final[Mapping[tuple[str, str], Handler]] = {
    ("app", "GET"): apps.get_app,
    ("app/form/fields", "GET"): apps.get_fields,
    ("app/form/layout", "GET"): apps.get_layout,
    ("preview/app", "POST"): apps.add_preview_app,
    ("preview/app/form/fields", "GET"): apps.get_preview_fields,
    ("preview/app/form/fields", "POST"): apps.add_preview_fields,
    ("preview/app/form/fields", "PUT"): apps.update_preview_fields,
    ("preview/app/form/fields", "DELETE"): apps.delete_preview_fields,
    ("preview/app/form/layout", "GET"): apps.get_layout,
    ("preview/app/deploy", "POST"): apps.deploy,
    ("preview/app/deploy", "GET"): apps.deploy_status,
    ("record", "GET"): reads.get_record,
    ("record", "POST"): writes.add_record,
    ("record", "PUT"): updates.update_record,
    ("records", "GET"): reads.get_records,
    ("records", "POST"): writes.add_records,
    ("records", "PUT"): updates.update_records,
    ("records", "DELETE"): writes.delete_records,
    ("records/cursor", "POST"): reads.create_cursor,
    ("records/cursor", "GET"): reads.get_cursor,
    ("records/cursor", "DELETE"): reads.delete_cursor,
    ("bulkRequest", "POST"): bulk.bulk_request,
}
WRITES: Final = frozenset({"POST", "PUT", "DELETE"})


def touched_apps(resource: str, params: Mapping[str, Any], *, sub_requests: bool) -> list[int]:
    """The app ids a request names (for counters and fault filters)."""
    if resource == "bulkRequest":
        if not sub_requests:
            return []
        return [a for _, _, p in bulk.sub_requests(params) for a in _ids(p.get("app"))]
    key = "id" if resource == "app" else "app"
    found = list(_ids(params.get(key)))
    listed = params.get("apps")
    if isinstance(listed, list):
        for entry in listed:
            found.extend(_ids(entry.get("app") if isinstance(entry, Mapping) else entry))
    return found


def _ids(raw: object) -> Iterator[int]:
    if isinstance(raw, int) and not isinstance(raw, bool):
        yield raw
    elif isinstance(raw, str) and raw.isdigit():
        yield int(raw)
