"""The cursor API (§2.5): a fixed record set read page by page, at most 10 per domain."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from ticketrelay.kintone.sim.messages import SimError
from ticketrelay.kintone.sim.settings import SimSettings


@dataclass
class Cursor:
    """A live cursor: which records, which fields, and how far it has been read."""

    id: str
    app: int
    ids: list[int]
    fields: list[str] | None
    size: int
    expires: datetime
    position: int = 0


class CursorBook:
    """The live cursors of the domain."""

    def __init__(self, settings: SimSettings) -> None:
        self.settings = settings
        self.cursors: dict[str, Cursor] = {}

    def open(
        self, app: int, ids: list[int], fields: list[str] | None, size: int, now: datetime
    ) -> Cursor:
        """A new cursor; 429 GAIA_TM12 when the domain already has the maximum."""
        self.expire(now)
        if len(self.cursors) >= self.settings.max_cursors:
            raise SimError(429, "GAIA_TM12")
        cursor = Cursor(secrets.token_hex(16), app, ids, fields, size, self._deadline(now))
        self.cursors[cursor.id] = cursor
        return cursor

    def find(self, cursor_id: str, now: datetime) -> Cursor:
        """A live cursor by id, or GAIA_CN01."""
        self.expire(now)
        cursor = self.cursors.get(cursor_id)
        if cursor is None:
            raise SimError(404, "GAIA_CN01")
        return cursor

    def advance(self, cursor: Cursor, now: datetime) -> tuple[list[int], bool]:
        """The next page of record ids, and whether more follow (else the cursor is gone)."""
        page = cursor.ids[cursor.position : cursor.position + cursor.size]
        cursor.position += cursor.size
        more = cursor.position < len(cursor.ids)
        if more:
            cursor.expires = self._deadline(now)
        else:
            self.close(cursor.id)
        return page, more

    def close(self, cursor_id: str) -> None:
        """Free a cursor."""
        self.cursors.pop(cursor_id, None)

    def expire(self, now: datetime) -> None:
        """Drop the cursors whose time is up."""
        for cursor_id in [c.id for c in self.cursors.values() if c.expires <= now]:
            del self.cursors[cursor_id]

    def _deadline(self, now: datetime) -> datetime:
        return now + timedelta(seconds=self.settings.cursor_ttl_seconds)
