"""Retention: rows older than the retention period go, a small batch a transaction.

A row goes once nothing needs it any more:

- an event, once the trigger stage ran on it more than `days` ago (an event it has not run
  on yet stays, for `process_leftovers`);
- an activity triggered and due more than `days` ago, with its deliveries, once each of them
  was cancelled, or delivered more than `days` ago, and no error-log entry names it (the
  error log keeps its own year: its entries show the activity's values and can be resent);
- a subject's trigger state, once it last changed more than `days` ago, with no activity of
  it left and no event of it waiting for the trigger stage. Within the retention period the
  state is there, so a repeated or late event finds what it needs to make no duplicate.
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from ticketrelay.store.activities import activities
from ticketrelay.store.deliveries import deliveries
from ticketrelay.store.engine import Store
from ticketrelay.store.errorlog import error_log
from ticketrelay.store.events import events
from ticketrelay.store.subjects import lock, subjects

Cursor = tuple[Any, ...]
Stage = Callable[[Connection, Cursor | None], "tuple[Purged, Cursor | None]"]


@dataclass(frozen=True, kw_only=True)
class Purged:
    """How many rows of each table a purge deleted."""

    events: int = 0
    activities: int = 0
    deliveries: int = 0
    subjects: int = 0

    @property
    def total(self) -> int:
        """Rows of every table."""
        return self.events + self.activities + self.deliveries + self.subjects

    def __add__(self, other: "Purged") -> "Purged":
        return Purged(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


def purge_expired(
    store: Store,
    now: datetime,
    days: int,
    *,
    batch: int = 1000,
    max_batches: int | None = None,
    pause: float = 0.1,
) -> Purged:
    """Delete what is older than `days` before `now`, table by table.

    Each batch of at most `batch` rows is a transaction of its own, followed by `pause`
    seconds for other writers (SQLite's wait for its lock polls every 100 ms), and at most
    `max_batches` of them a table run in one call: the next call carries on.
    """
    cutoff = now - timedelta(days=days)
    purged = Purged()
    for stage in (_events, _activities, _subjects):
        work = partial(stage, cutoff=cutoff, batch=batch)
        purged += _in_batches(store, work, max_batches, pause)
    return purged


def _in_batches(store: Store, stage: Stage, max_batches: int | None, pause: float) -> Purged:
    purged, cursor, rounds = Purged(), None, 0
    while True:
        with store.write() as conn:
            done, cursor = stage(conn, cursor)
        purged, rounds = purged + done, rounds + 1
        if cursor is None or (max_batches is not None and rounds >= max_batches):
            return purged
        time.sleep(pause)


def _events(
    conn: Connection, after: Cursor | None, *, cutoff: datetime, batch: int
) -> tuple[Purged, Cursor | None]:
    e = events.c
    keys = (e.processed_at, e.id)
    rows = _oldest(conn, sa.select(*keys).where(e.processed_at < cutoff), keys, after, batch)
    gone = _delete(conn, sa.delete(events).where(e.id.in_([r.id for r in rows])), rows)
    return Purged(events=gone), _next(rows, batch)


def _activities(
    conn: Connection, after: Cursor | None, *, cutoff: datetime, batch: int
) -> tuple[Purged, Cursor | None]:
    a, d = activities.c, deliveries.c
    keys = (a.triggered_at, a.id)
    unsettled = sa.or_(
        d.status.not_in(("delivered", "cancelled")),
        sa.and_(
            d.status == "delivered", sa.or_(d.delivered_at.is_(None), d.delivered_at >= cutoff)
        ),
    )
    query = sa.select(*keys).where(
        a.triggered_at < cutoff,
        a.due_at < cutoff,
        ~sa.exists().where(d.activity_id == a.id, unsettled),
        ~sa.exists().where(error_log.c.activity_id == a.id),
    )
    rows = _oldest(conn, query, keys, after, batch)
    ids = [r.id for r in rows]
    gone = Purged(
        deliveries=_delete(conn, sa.delete(deliveries).where(d.activity_id.in_(ids)), rows),
        activities=_delete(conn, sa.delete(activities).where(a.id.in_(ids)), rows),
    )
    return gone, _next(rows, batch)


def _subjects(
    conn: Connection, after: Cursor | None, *, cutoff: datetime, batch: int
) -> tuple[Purged, Cursor | None]:
    s, a, e = subjects.c, activities.c, events.c
    keys = (s.updated_at, s.account, s.subject)
    quiet = (
        s.updated_at < cutoff,
        ~sa.exists().where(a.account == s.account, a.subject == s.subject),
        ~sa.exists().where(
            e.account == s.account, e.subject == s.subject, e.processed_at.is_(None)
        ),
    )
    rows = _oldest(conn, sa.select(*keys).where(*quiet), keys, after, batch)
    accounts = sorted({r.account for r in rows})
    for account in accounts:
        lock(conn, account)
    gone = 0
    for account in accounts:
        keys_of = [r.subject for r in rows if r.account == account]
        mine = (s.account == account, s.subject.in_(keys_of))
        # Checked again under the lock: an event may have woken the subject meanwhile.
        gone += _delete(conn, sa.delete(subjects).where(*mine, *quiet), rows)
    return Purged(subjects=gone), _next(rows, batch)


def _oldest(
    conn: Connection,
    query: sa.Select[Any],
    keys: Sequence[sa.ColumnElement[Any]],
    after: Cursor | None,
    batch: int,
) -> list[Row[Any]]:
    """The first `batch` rows of the query in the order of `keys`, after the cursor's row.

    Rows that stay (a pending delivery, an error-log entry) are thus read once a call, not
    once a batch.
    """
    if after is not None:
        bound = [sa.literal(value, key.type) for value, key in zip(after, keys, strict=True)]
        query = query.where(sa.tuple_(*keys) > sa.tuple_(*bound))
    return list(conn.execute(query.order_by(*keys).limit(batch)))


def _delete(conn: Connection, statement: sa.Delete, rows: Sequence[Row[Any]]) -> int:
    return conn.execute(statement).rowcount if rows else 0


def _next(rows: Sequence[Row[Any]], batch: int) -> Cursor | None:
    """Where the next batch starts; None once a batch came back short (nothing more)."""
    return tuple(rows[-1]) if len(rows) == batch else None
