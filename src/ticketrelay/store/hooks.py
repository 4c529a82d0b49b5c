"""The `hook_deliveries` table: each signed webhook delivery as it arrived, and its fate.

A delivery is stored before it is answered and translated from here, so a failure in
translation loses nothing: it stays `received` until `intake.hooks.process_received` runs.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.store.base import UTCDateTime, metadata, upsert

HookStatus = Literal["received", "synced", "not_synced", "pending_chat"]

hook_deliveries = sa.Table(
    "hook_deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "source_id", sa.Integer, sa.ForeignKey("sources.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("delivery_id", sa.String(200), nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("code", sa.String(40)),
    sa.Column("detail", sa.Text),
    sa.Column("processed_at", UTCDateTime),
    sa.UniqueConstraint("source_id", "delivery_id"),
    sa.Index(None, "status"),
)


@dataclass(frozen=True, kw_only=True)
class HookDelivery:
    """One stored delivery: who sent it, when it came, its raw body and its status."""

    id: int
    source_id: int
    delivery_id: str
    received_at: datetime
    body: bytes
    status: str
    code: str | None
    detail: str | None
    processed_at: datetime | None


def add(
    conn: Connection, *, source_id: int, delivery_id: str, body: bytes, now: datetime
) -> int | None:
    """Store a new delivery as `received`; None when this source sent this delivery before."""
    row = {
        "source_id": source_id,
        "delivery_id": delivery_id,
        "received_at": now,
        "body": body,
        "status": "received",
    }
    insert = upsert(conn)(hook_deliveries).values(row).on_conflict_do_nothing()
    new_id = conn.execute(insert.returning(hook_deliveries.c.id)).scalar_one_or_none()
    return None if new_id is None else int(new_id)


def get(conn: Connection, delivery_id: int) -> HookDelivery | None:
    """One stored delivery by its row ID."""
    row = conn.execute(_select().where(hook_deliveries.c.id == delivery_id)).first()
    return None if row is None else HookDelivery(**row._mapping)


def received(conn: Connection, before: datetime, limit: int = 100) -> list[int]:
    """The row IDs of deliveries received before `before` and still untranslated, oldest first.

    `pending_chat` is what the version before chat sessions left chat messages as: they are
    translated now, into their sessions.
    """
    c = hook_deliveries.c
    waiting = sa.and_(c.status.in_(("received", "pending_chat")), c.received_at < before)
    query = sa.select(c.id).where(waiting).order_by(c.id).limit(limit)
    return [int(i) for i in conn.execute(query).scalars()]


def settle(
    conn: Connection,
    delivery_id: int,
    status: HookStatus,
    now: datetime,
    *,
    code: str | None = None,
    detail: str | None = None,
) -> None:
    """Record what became of a delivery."""
    values = {"status": status, "code": code, "detail": detail, "processed_at": now}
    conn.execute(
        sa.update(hook_deliveries).where(hook_deliveries.c.id == delivery_id).values(values)
    )


def recent(conn: Connection, source_id: int, limit: int = 100) -> list[HookDelivery]:
    """A source's newest deliveries first."""
    c = hook_deliveries.c
    query = _select().where(c.source_id == source_id).order_by(c.id.desc()).limit(limit)
    return [HookDelivery(**row._mapping) for row in conn.execute(query)]


def count(conn: Connection) -> int:
    """How many deliveries are stored, of every source."""
    return int(conn.execute(sa.select(sa.func.count()).select_from(hook_deliveries)).scalar_one())


def _select() -> sa.Select[Any]:
    return sa.select(*hook_deliveries.c)


def purge(conn: Connection, cutoff: datetime) -> int:
    """Delete the settled deliveries received before `cutoff`; how many went.

    A delivery still `received` stays whatever its age: it has not been translated yet.
    """
    c = hook_deliveries.c
    old = sa.and_(c.status != "received", c.received_at < cutoff)
    return conn.execute(sa.delete(hook_deliveries).where(old)).rowcount
