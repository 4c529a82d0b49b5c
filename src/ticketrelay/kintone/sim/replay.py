"""Rebuilding the simulator's state from its journal at start (`--data FILE`)."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ticketrelay.kintone.sim.auth import Token
from ticketrelay.kintone.sim.store import SimApp, StoredRecord

if TYPE_CHECKING:
    from ticketrelay.kintone.sim.state import SimState


def app_entry(app: SimApp) -> dict[str, Any]:
    """The journal entry that records an app's settings."""
    return {
        "op": "app",
        "id": app.id,
        "name": app.name,
        "space": app.space,
        "guest": app.guest,
        "created_at": app.created_at,
        "preview": app.preview,
        "revision": app.revision,
        "live": app.live if app.deployed else None,
        "live_revision": app.live_revision,
    }


def replay(state: "SimState", entries: Iterable[dict[str, Any]]) -> None:
    """Apply journal entries, oldest first, to an empty state."""
    for entry in entries:
        op = entry["op"]
        if op == "app":
            _app(state, entry)
        elif op == "records":
            _records(state.apps[entry["app"]], entry)
        elif op == "token":
            state.tokens[entry["token"]] = Token(entry["app"], frozenset(entry["perms"]))
        elif op == "revoke":
            state.tokens.pop(entry["token"], None)
        elif op == "drop_app":
            state.apps.pop(entry["app"], None)


def _app(state: "SimState", entry: dict[str, Any]) -> None:
    app = state.apps.get(entry["id"])
    if app is None:
        app = SimApp(id=entry["id"], name=entry["name"])
        state.apps[app.id] = app
    app.name, app.space, app.guest = entry["name"], entry["space"], entry["guest"]
    app.created_at = entry["created_at"]
    app.preview, app.revision = entry["preview"], entry["revision"]
    if entry["live"] is not None:
        app.go_live(entry["live"], entry["live_revision"])
    state.next_app = max(state.next_app, app.id + 1)


def _records(app: SimApp, entry: dict[str, Any]) -> None:
    for data in entry["put"]:
        record = StoredRecord.from_json(data)
        app.replace(app.records.get(record.id), record)
    for record_id in entry["del"]:
        app.replace(app.records.get(record_id), None)
    app.next_id, app.next_row_id = entry["next_id"], entry["next_row"]
