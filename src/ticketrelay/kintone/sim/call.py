"""One kintone API call as the handlers see it: caller, parameters, app lookup and rules."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from ticketrelay.kintone.sim.auth import Caller, authorize
from ticketrelay.kintone.sim.messages import SimError, bad_json, invalid_param, msg
from ticketrelay.kintone.sim.settings import SimSettings
from ticketrelay.kintone.sim.state import SimState, stamp
from ticketrelay.kintone.sim.store import SimApp, Txn
from ticketrelay.kintone.sim.validation import WriteContext


@dataclass(frozen=True)
class Call:
    """A call being handled; writes go through `txn`, committed or undone by the server."""

    state: SimState
    caller: Caller
    guest: int | None
    params: Mapping[str, Any]
    now: datetime
    txn: Txn

    @property
    def settings(self) -> SimSettings:
        """The simulator's settings."""
        return self.state.settings

    @cached_property
    def stamp(self) -> str:
        """The time of this call as kintone writes CREATED_TIME/UPDATED_TIME."""
        return stamp(self.now)

    def number(self, key: str, value: object = None) -> int:
        """A numeric parameter (number or numeric string); CB_VA01 when missing or not a number."""
        raw = self.params.get(key) if value is None else value
        if raw is None or raw == "":
            raise invalid_param(key, msg("required_param"))
        return to_int(raw, key)

    def app(self, *any_of: str, key: str = "app", live: bool = True) -> SimApp:
        """The app a call targets, after the existence, guest-space and permission checks."""
        return self.app_by_id(self.number(key), *any_of, live=live)

    def app_by_id(self, app_id: int, *any_of: str, live: bool = True) -> SimApp:
        """The app `app_id`, after the existence, guest-space and permission checks."""
        app = self.state.find_app(app_id)
        if live and not app.deployed:
            raise SimError(404, "GAIA_AP01", app_id)
        self.check_space(app)
        authorize(self.caller, app.id, any_of, self.settings)
        return app

    def check_space(self, app: SimApp) -> None:
        """Guest-space apps only through their own guest path, and only they (§1)."""
        if app.guest and self.guest is None:
            raise SimError(self.settings.guest_path_error_status, "GAIA_IL23")
        if self.guest is not None and (not app.guest or app.space != self.guest):
            raise SimError(403, "CB_NO02")

    def write_context(self, app: SimApp) -> WriteContext:
        """What validation needs for a write to `app`."""
        return WriteContext(self.settings, self.now, self.state.tz, app.new_row_id)


def to_int(raw: object, key: str) -> int:
    """An id given as a number or a numeric string."""
    if isinstance(raw, bool):
        raise bad_json()
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
        return int(raw)
    raise invalid_param(key, msg("not_number"))


def list_param(params: Mapping[str, Any], key: str) -> list[Any] | None:
    """An array parameter; CB_IJ01 when it is not an array."""
    value = params.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        raise bad_json()
    return value
