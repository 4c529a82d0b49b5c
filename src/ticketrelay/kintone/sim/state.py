"""Everything the simulator holds, with the helpers that tests, the demo and `/_sim/` use."""

import secrets
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ticketrelay.kintone.fields import Field, to_properties
from ticketrelay.kintone.sim.auth import PERMISSIONS, Token
from ticketrelay.kintone.sim.cursors import CursorBook
from ticketrelay.kintone.sim.faults import FaultBook
from ticketrelay.kintone.sim.journal import Journal
from ticketrelay.kintone.sim.messages import SimError
from ticketrelay.kintone.sim.render import render_record
from ticketrelay.kintone.sim.replay import app_entry, replay
from ticketrelay.kintone.sim.schema import normalize_property, system_properties
from ticketrelay.kintone.sim.settings import SimSettings
from ticketrelay.kintone.sim.stats import Stats
from ticketrelay.kintone.sim.store import SimApp, StoredRecord, Txn

FieldsArg = Mapping[str, Mapping[str, Any]] | Sequence[Field]
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """A time as kintone writes CREATED_TIME/UPDATED_TIME: UTC, seconds 00."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:00Z")


class SimState:
    """Apps, records, tokens, cursors, faults and counters; every change holds `lock`."""

    def __init__(
        self,
        settings: SimSettings | None = None,
        *,
        data: Path | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.settings = settings or SimSettings()
        self.clock = clock
        self.tz = ZoneInfo(self.settings.timezone)
        self.lock = threading.RLock()
        self.apps: dict[int, SimApp] = {}
        self.next_app = 1
        self.tokens: dict[str, Token] = {}
        self.cursors = CursorBook(self.settings)
        self.faults = FaultBook(self.settings.fault_seed)
        self.stats = Stats()
        self.journal = Journal(data, fsync=self.settings.fsync) if data else None
        if self.journal is not None:
            replay(self, self.journal.replay())

    def close(self) -> None:
        """Close the journal file."""
        if self.journal is not None:
            self.journal.close()

    def write(self, entry: dict[str, Any]) -> None:
        """Journal one committed change (no-op in memory-only mode)."""
        if self.journal is not None:
            self.journal.append(entry)

    def find_app(self, app_id: int) -> SimApp:
        """An app by id, or GAIA_AP01."""
        app = self.apps.get(app_id)
        if app is None:
            raise SimError(404, "GAIA_AP01", app_id)
        return app

    def new_app(self, name: str, *, space: int | None = None, guest: bool = False) -> SimApp:
        """Create an app in preview with kintone's system fields (not yet deployed)."""
        with self.lock:
            app = SimApp(id=self.next_app, name=name, space=space, guest=guest, revision=2)
            app.created_at = stamp(self.clock())
            app.preview = system_properties(self.settings.system_field_language)
            self.apps[app.id] = app
            self.next_app += 1
            self.save_app(app)
            return app

    def save_app(self, app: SimApp) -> None:
        """Journal an app's settings after a change to them."""
        self.write(app_entry(app))

    def create_app(
        self,
        name: str = "ticketrelay test",
        fields: FieldsArg = (),
        *,
        space: int | None = None,
        guest: bool = False,
    ) -> int:
        """Create an app with these fields and deploy it at once; its id."""
        with self.lock:
            app = self.new_app(name, space=space, guest=guest)
            for code, props in _properties(fields).items():
                app.preview[code] = normalize_property(code, props)
            app.revision += 1
            app.deploy()
            self.save_app(app)
            return app.id

    def issue_token(self, app_id: int, permissions: Iterable[str] = PERMISSIONS[:4]) -> str:
        """A new API token of `app_id` with these permissions (view, add, edit, delete, manage)."""
        chosen = frozenset(permissions)
        if not chosen <= set(PERMISSIONS):
            raise ValueError(f"permissions must be among {PERMISSIONS}")
        token = secrets.token_hex(20)
        with self.lock:
            self.find_app(app_id)
            self.tokens[token] = Token(app_id, chosen)
            self.write({"op": "token", "token": token, "app": app_id, "perms": sorted(chosen)})
        return token

    def revoke_token(self, token: str) -> bool:
        """Make a token unknown (GAIA_IA02 afterwards); whether it existed."""
        with self.lock:
            found = self.tokens.pop(token, None) is not None
            self.write({"op": "revoke", "token": token})
            return found

    def delete_app(self, app_id: int) -> bool:
        """Remove an app and its records (GAIA_AP01 afterwards); whether it existed."""
        with self.lock:
            found = self.apps.pop(app_id, None) is not None
            self.write({"op": "drop_app", "app": app_id})
            return found

    def reset(self) -> None:
        """Forget every app, record, token, cursor, fault and counter."""
        with self.lock:
            self.apps.clear()
            self.tokens.clear()
            self.next_app = 1
            self.cursors = CursorBook(self.settings)
            self.faults = FaultBook(self.settings.fault_seed)
            self.stats = Stats()
            if self.journal is not None:
                self.journal.truncate()

    def commit(self, txn: Txn) -> None:
        """Journal the outcome of a successful write."""
        if self.journal is None:
            return
        for app_id, (puts, gone) in txn.outcome().items():
            app = self.apps[app_id]
            self.write(
                {
                    "op": "records",
                    "app": app_id,
                    "put": [r.to_json() for r in puts.values()],
                    "del": sorted(gone),
                    "next_id": app.next_id,
                    "next_row": app.next_row_id,
                }
            )

    def records(self, app_id: int) -> list[dict[str, Any]]:
        """Every record of an app in kintone's read shape, by ascending id."""
        with self.lock:
            app = self.find_app(app_id)
            return [render_record(app, app.records[i]) for i in sorted(app.records)]

    def stored(self, app_id: int) -> list[StoredRecord]:
        """Every record of an app as stored, by ascending id."""
        with self.lock:
            app = self.find_app(app_id)
            return [app.records[i] for i in sorted(app.records)]

    def stats_json(self) -> dict[str, Any]:
        """Request counters and records per app."""
        with self.lock:
            return self.stats.to_json({a.id: len(a.records) for a in self.apps.values()})


def _properties(fields: FieldsArg) -> dict[str, Mapping[str, Any]]:
    if isinstance(fields, Mapping):
        return dict(fields)
    return {f.code: to_properties(f) for f in fields}
