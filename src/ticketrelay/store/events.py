"""The `events` table: every helpdesk event as received, de-duplicated by source and event ID."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.store.base import UTCDateTime, metadata

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("source_id", sa.ForeignKey("sources.id"), nullable=False),
    sa.Column("account", sa.String(128), nullable=False),
    sa.Column("event_id", sa.String(128), nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("subject", sa.String(300), nullable=False),
    sa.Column("occurred_at", UTCDateTime, nullable=False),
    sa.Column("received_at", UTCDateTime, nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("processed_at", UTCDateTime),
    sa.Column("outcome", sa.String(40)),
    sa.Column("activity_id", sa.String(64)),
    sa.UniqueConstraint("source_id", "event_id"),
    sa.Index("ix_events_unprocessed", "processed_at", "id"),
    sa.Index("ix_events_account_subject", "account", "subject"),
)


@dataclass(frozen=True, kw_only=True)
class NewEvent:
    """An event to store, with the keys the store indexes it by."""

    event_id: str
    type: str
    account: str
    subject: str
    occurred_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class StoredEvent:
    """An event as stored, with its row ID."""

    id: int
    payload: dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What the trigger stage made of an event: an activity, or a reason why not."""

    outcome: str
    activity_id: str | None = None


_KNOWN = sa.select(events.c.event_id).where(
    events.c.source_id == sa.bindparam("source"),
    events.c.event_id.in_(sa.bindparam("ids", expanding=True)),
)


def known_ids(conn: Connection, source_id: int, event_ids: Sequence[str]) -> set[str]:
    """Which of these event IDs this source has sent before."""
    found: set[str] = set()
    for start in range(0, len(event_ids), 500):
        chunk = list(event_ids[start : start + 500])
        found.update(conn.execute(_KNOWN, {"source": source_id, "ids": chunk}).scalars())
    return found


def insert(
    conn: Connection,
    source_id: int,
    batch: Sequence[NewEvent],
    outcomes: Sequence[Outcome] | None,
    now: datetime,
) -> None:
    """Store new events, with their trigger outcomes when the stage ran (None: it did not)."""
    done: Sequence[Outcome | None] = outcomes if outcomes is not None else [None] * len(batch)
    rows = [
        {
            "source_id": source_id,
            "event_id": e.event_id,
            "type": e.type,
            "account": e.account,
            "subject": e.subject,
            "occurred_at": e.occurred_at,
            "received_at": now,
            "payload": e.payload,
            "processed_at": None if o is None else now,
            "outcome": None if o is None else o.outcome,
            "activity_id": None if o is None else o.activity_id,
        }
        for e, o in zip(batch, done, strict=True)
    ]
    if rows:
        conn.execute(sa.insert(events), rows)


def record_outcomes(
    conn: Connection, outcomes: Sequence[tuple[int, Outcome]], now: datetime
) -> None:
    """Mark stored events (by row ID) as processed, with what the trigger stage made of each."""
    if not outcomes:
        return
    statement = (
        sa.update(events)
        .where(events.c.id == sa.bindparam("row_id"))
        .values(
            processed_at=now,
            outcome=sa.bindparam("outcome"),
            activity_id=sa.bindparam("activity_id"),
        )
    )
    conn.execute(
        statement,
        [
            {"row_id": row_id, "outcome": o.outcome, "activity_id": o.activity_id}
            for row_id, o in outcomes
        ],
    )


def unprocessed(conn: Connection, limit: int = 1000) -> list[StoredEvent]:
    """Events stored but not yet run through the trigger stage, oldest first."""
    c = events.c
    query = sa.select(c.id, c.payload).where(c.processed_at.is_(None))
    rows = conn.execute(query.order_by(c.id).limit(limit))
    return [StoredEvent(id=r.id, payload=r.payload) for r in rows]


def count(conn: Connection) -> int:
    """How many events are stored."""
    return conn.execute(sa.select(sa.func.count()).select_from(events)).scalar_one()


def outcomes_by_reason(conn: Connection, account: str | None = None) -> dict[str, int]:
    """How many events ended in each outcome."""
    query = sa.select(events.c.outcome, sa.func.count()).group_by(events.c.outcome)
    if account is not None:
        query = query.where(events.c.account == account)
    return {outcome or "unprocessed": n for outcome, n in conn.execute(query)}
