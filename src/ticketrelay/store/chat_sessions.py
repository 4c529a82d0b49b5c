"""The `chat_sessions` table: the latest chat session of each conversation, and its timer.

A helpdesk with no chat editor events (Chatwoot) has its sessions inferred from the agent's
messages (`rules.chat_sessions`). The state is kept here with the time its idle timer is
due, so that a restart loses neither the session nor the timer: `due` finds the sessions
whose timer has run out, whichever process set it.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.store.base import UTCDateTime, metadata, upsert

chat_sessions = sa.Table(
    "chat_sessions",
    metadata,
    sa.Column(
        "source_id",
        sa.Integer,
        sa.ForeignKey("sources.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("conversation_key", sa.String(200), primary_key=True),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("due_at", UTCDateTime),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index(None, "due_at"),
)


@dataclass(frozen=True, kw_only=True)
class StoredSession:
    """A conversation's session as stored: its state as JSON and when its timer is due."""

    source_id: int
    conversation_key: str
    state: str
    due_at: datetime | None
    updated_at: datetime


def get(conn: Connection, source_id: int, key: str) -> StoredSession | None:
    """The stored session of a source's conversation; None when it has had none."""
    c = chat_sessions.c
    query = _select().where(c.source_id == source_id, c.conversation_key == key)
    row = conn.execute(query).first()
    return None if row is None else StoredSession(**row._mapping)


def put(
    conn: Connection,
    *,
    source_id: int,
    key: str,
    state: str,
    due_at: datetime | None,
    now: datetime,
) -> None:
    """Keep a conversation's session and its timer (None: no timer), replacing the last."""
    row = {
        "source_id": source_id,
        "conversation_key": key,
        "state": state,
        "due_at": due_at,
        "updated_at": now,
    }
    insert = upsert(conn)(chat_sessions).values(row)
    changed = {"state": state, "due_at": due_at, "updated_at": now}
    conn.execute(
        insert.on_conflict_do_update(index_elements=["source_id", "conversation_key"], set_=changed)
    )


def due(conn: Connection, now: datetime, limit: int = 100) -> list[tuple[int, str]]:
    """The (source, conversation key) of sessions whose timer is due by `now`, soonest first."""
    c = chat_sessions.c
    query = (
        sa.select(c.source_id, c.conversation_key)
        .where(c.due_at <= now)
        .order_by(c.due_at)
        .limit(limit)
    )
    return [(int(source), str(key)) for source, key in conn.execute(query)]


def next_due_at(conn: Connection) -> datetime | None:
    """When the soonest timer is due; None when no session has one."""
    found = conn.execute(sa.select(sa.func.min(chat_sessions.c.due_at))).scalar_one_or_none()
    return found if isinstance(found, datetime) else None


def purge(conn: Connection, cutoff: datetime) -> int:
    """Delete the closed sessions last changed before `cutoff`; how many went."""
    c = chat_sessions.c
    old = sa.and_(c.due_at.is_(None), c.updated_at < cutoff)
    return conn.execute(sa.delete(chat_sessions).where(old)).rowcount


def _select() -> sa.Select[Any]:
    return sa.select(*chat_sessions.c)
