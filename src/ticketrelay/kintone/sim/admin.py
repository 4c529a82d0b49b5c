"""The `/_sim/` endpoints: tokens, apps, faults, stats and reset, without authentication."""

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from ticketrelay.kintone.sim.auth import PERMISSIONS
from ticketrelay.kintone.sim.faults import Fault
from ticketrelay.kintone.sim.messages import SimError
from ticketrelay.kintone.sim.request import Incoming
from ticketrelay.kintone.sim.state import SimState

Reply = tuple[int, Any]


class AdminError(Exception):
    """A bad `/_sim/` request: status and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class Admin:
    """Dispatches `/_sim/` requests to the state's helpers."""

    def __init__(self, state: SimState) -> None:
        self.state = state
        self.routes: Final[list[tuple[str, re.Pattern[str], Callable[..., Reply]]]] = [
            ("GET", re.compile(r"/_sim/health"), self.health),
            ("GET", re.compile(r"/_sim/stats"), self.stats),
            ("POST", re.compile(r"/_sim/reset"), self.reset),
            ("POST", re.compile(r"/_sim/apps"), self.create_app),
            ("DELETE", re.compile(r"/_sim/apps/(\d+)"), self.delete_app),
            ("GET", re.compile(r"/_sim/apps/(\d+)/records"), self.records),
            ("POST", re.compile(r"/_sim/apps/(\d+)/api-tokens"), self.issue_token),
            ("DELETE", re.compile(r"/_sim/apps/(\d+)/api-tokens/(\w+)"), self.revoke_token),
            ("GET", re.compile(r"/_sim/faults"), self.faults),
            ("POST", re.compile(r"/_sim/faults"), self.add_faults),
            ("DELETE", re.compile(r"/_sim/faults"), self.clear_faults),
            ("DELETE", re.compile(r"/_sim/faults/(\w+)"), self.clear_faults),
        ]

    def handle(self, incoming: Incoming) -> Reply:
        """Answer one `/_sim/` request with (status, JSON payload)."""
        for method, pattern, action in self.routes:
            match = pattern.fullmatch(incoming.path)
            if match and method == incoming.method:
                try:
                    return action(_body(incoming), *match.groups())
                except AdminError as error:
                    return error.status, {"error": error.reason}
        return 404, {"error": f"no such endpoint: {incoming.method} {incoming.path}"}

    def health(self, body: Mapping[str, Any]) -> Reply:
        """GET /_sim/health → {"ok": true}."""
        return 200, {"ok": True}

    def stats(self, body: Mapping[str, Any]) -> Reply:
        """GET /_sim/stats → request counters and records per app."""
        return 200, self.state.stats_json()

    def reset(self, body: Mapping[str, Any]) -> Reply:
        """POST /_sim/reset → everything emptied."""
        self.state.reset()
        return 200, {}

    def create_app(self, body: Mapping[str, Any]) -> Reply:
        """POST /_sim/apps {"name", "properties", "space"?, "guest"?} → {"app"} (deployed)."""
        properties = body.get("properties") or {}
        if not isinstance(properties, Mapping):
            raise AdminError(400, "properties must be an object of field properties by code")
        space = body.get("space")
        app_id = self.state.create_app(
            str(body.get("name") or "ticketrelay test"),
            properties,
            space=None if space is None else int(space),
            guest=bool(body.get("guest", False)),
        )
        return 200, {"app": str(app_id)}

    def delete_app(self, body: Mapping[str, Any], app: str) -> Reply:
        """DELETE /_sim/apps/{app} → {"deleted": bool}."""
        return 200, {"deleted": self.state.delete_app(int(app))}

    def records(self, body: Mapping[str, Any], app: str) -> Reply:
        """GET /_sim/apps/{app}/records → {"records": [...]} by ascending id."""
        return 200, {"records": self._app_call(lambda: self.state.records(int(app)))}

    def issue_token(self, body: Mapping[str, Any], app: str) -> Reply:
        """POST /_sim/apps/{app}/api-tokens {"permissions": {...}} → {"token"}."""
        wanted = body.get("permissions", dict.fromkeys(PERMISSIONS[:4], True))
        if isinstance(wanted, Mapping):
            wanted = [name for name, on in wanted.items() if on]
        if not isinstance(wanted, list) or not set(wanted) <= set(PERMISSIONS):
            raise AdminError(400, f"permissions: an object with keys among {list(PERMISSIONS)}")
        token = self._app_call(lambda: self.state.issue_token(int(app), wanted))
        return 200, {"token": token}

    def revoke_token(self, body: Mapping[str, Any], app: str, token: str) -> Reply:
        """DELETE /_sim/apps/{app}/api-tokens/{token} → {"revoked": bool}."""
        return 200, {"revoked": self.state.revoke_token(token)}

    def faults(self, body: Mapping[str, Any]) -> Reply:
        """GET /_sim/faults → {"faults": [...]}."""
        with self.state.lock:
            return 200, {"faults": self.state.faults.listing()}

    def add_faults(self, body: Mapping[str, Any]) -> Reply:
        """POST /_sim/faults {fault} or {"faults": [...]} → {"ids": [...]}."""
        entries = body.get("faults", [body])
        try:
            faults = [Fault.from_json(e) for e in entries]
        except (TypeError, ValueError, AttributeError) as error:
            raise AdminError(400, f"bad fault: {error}") from None
        with self.state.lock:
            return 200, {"ids": [self.state.faults.add(f).id for f in faults]}

    def clear_faults(self, body: Mapping[str, Any], fault_id: str | None = None) -> Reply:
        """DELETE /_sim/faults[/{id}] → {"removed": n}."""
        with self.state.lock:
            return 200, {"removed": self.state.faults.remove(fault_id)}

    def _app_call(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except SimError as error:
            raise AdminError(error.status, f"{error.code}: no such app") from None


def _body(incoming: Incoming) -> Mapping[str, Any]:
    if not incoming.body.strip():
        return {}
    try:
        body = json.loads(incoming.body)
    except ValueError:
        raise AdminError(400, "the body is not JSON") from None
    if not isinstance(body, Mapping):
        raise AdminError(400, "the body must be a JSON object")
    return body
