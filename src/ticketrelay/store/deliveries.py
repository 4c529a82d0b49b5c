"""The `deliveries` table, the outbox: one row per activity and integration, with its fate."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from ticketrelay.model import Due
from ticketrelay.store.activities import activities
from ticketrelay.store.base import UTCDateTime, metadata
from ticketrelay.store.integrations import integrations
from ticketrelay.store.leases import lease_end

Status = Literal["pending", "delivered", "error", "cancelled"]

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("activity_id", sa.ForeignKey("activities.id"), nullable=False),
    sa.Column(
        "integration_id", sa.ForeignKey("integrations.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("due_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("first_attempt_at", UTCDateTime),
    sa.Column("last_error", sa.Text),
    sa.Column("record_id", sa.String(32)),
    sa.Column("delivered_at", UTCDateTime),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("activity_id", "integration_id"),
    sa.Index("ix_deliveries_queue", "integration_id", "status", "due_at"),
    sa.Index("ix_deliveries_due", "status", "due_at"),
)


def add_many(conn: Connection, rows: Sequence[tuple[str, int, datetime]], now: datetime) -> None:
    """Queue deliveries of (activity ID, integration ID, due time)."""
    if rows:
        conn.execute(
            sa.insert(deliveries),
            [
                {
                    "activity_id": a,
                    "integration_id": i,
                    "due_at": d,
                    "status": "pending",
                    "created_at": now,
                }
                for a, i, d in rows
            ],
        )


_DUE_COLUMNS = (
    deliveries.c.id,
    deliveries.c.activity_id,
    deliveries.c.attempts,
    deliveries.c.first_attempt_at,
    activities.c.triggered_at,
    activities.c["values"],
)


def due(conn: Connection, integration_id: int, now: datetime, limit: int) -> list[Due]:
    """The oldest pending deliveries of an integration whose time has come."""
    d = deliveries.c
    query = (
        sa.select(*_DUE_COLUMNS)
        .join(activities, activities.c.id == d.activity_id)
        .where(d.integration_id == integration_id, d.status == "pending", d.due_at <= now)
        .order_by(d.due_at, d.id)
        .limit(limit)
    )
    return [Due(**row._mapping) for row in conn.execute(query)]


def delivered_since(conn: Connection, integration_id: int, since: datetime) -> list[Due]:
    """Deliveries of an integration that reached kintone after a time."""
    d = deliveries.c
    query = (
        sa.select(*_DUE_COLUMNS)
        .join(activities, activities.c.id == d.activity_id)
        .where(d.integration_id == integration_id, d.status == "delivered", d.delivered_at > since)
        .order_by(d.id)
    )
    return [Due(**row._mapping) for row in conn.execute(query)]


def candidates(conn: Connection, now: datetime, limit: int = 20) -> list[int]:
    """Integrations that a worker may take now (due work, no pause, no live lease), most
    overdue first."""
    heads = _heads(now, due_by=now).subquery()
    query = (
        sa.select(heads.c.id)
        .where(heads.c.ready_at <= now)
        .order_by(heads.c.oldest, heads.c.id)
        .limit(limit)
    )
    return list(conn.execute(query).scalars())


def next_due_at(conn: Connection, now: datetime | None = None) -> datetime | None:
    """When a worker can next take an integration with pending work (see `candidates`).

    Without `now`, leases are left out: the time says when work falls due, not who holds it.
    """
    heads = _heads(now).subquery()
    found: datetime | None = conn.execute(sa.select(sa.func.min(heads.c.ready_at))).scalar()
    return found


def _heads(
    now: datetime | None, *, due_by: datetime | None = None
) -> sa.Select[tuple[int, datetime, datetime]]:
    """Each enabled integration with pending deliveries (due by `due_by`, when given): its
    oldest due time, and when it is ready to be taken: that time, or later its probe if
    paused, or the end of a lease live at `now`."""
    d, i = deliveries.c, integrations.c
    pending = sa.select(d.integration_id, sa.func.min(d.due_at).label("oldest"))
    pending = pending.where(d.status == "pending").group_by(d.integration_id)
    if due_by is not None:
        pending = pending.where(d.due_at <= due_by)
    queue = pending.subquery()
    ready_at = _later(queue.c.oldest, i.probe_at)
    if now is not None:
        ready_at = _later(ready_at, lease_end(i.id, now))
    return (
        sa.select(i.id, queue.c.oldest, ready_at.label("ready_at"))
        .join_from(queue, integrations, i.id == queue.c.integration_id)
        .where(i.enabled.is_(True))
    )


def _later(
    first: ColumnElement[datetime], then: ColumnElement[datetime]
) -> ColumnElement[datetime]:
    """The later of two times, where a NULL `then` does not count."""
    return sa.case((then > first, then), else_=first)


def delivered(conn: Connection, results: Sequence[tuple[int, str]], now: datetime) -> None:
    """Mark deliveries done, with the ID of the record kintone holds."""
    _update(
        conn,
        [{"k_id": i, "record_id": r} for i, r in results],
        status="delivered",
        delivered_at=now,
        record_id=sa.bindparam("record_id"),
        attempts=deliveries.c.attempts + 1,
        last_error=None,
    )


def retry_later(
    conn: Connection, ids: Sequence[int], *, due_at: datetime, error: str, now: datetime
) -> None:
    """Count a failed attempt and schedule the next."""
    _update(
        conn,
        [{"k_id": i} for i in ids],
        due_at=due_at,
        attempts=deliveries.c.attempts + 1,
        first_attempt_at=sa.func.coalesce(deliveries.c.first_attempt_at, now),
        last_error=error,
    )


def failed(conn: Connection, ids: Sequence[int], *, error: str, now: datetime) -> None:
    """Give deliveries up as errors (the error log says why)."""
    _update(
        conn,
        [{"k_id": i} for i in ids],
        status="error",
        attempts=deliveries.c.attempts + 1,
        first_attempt_at=sa.func.coalesce(deliveries.c.first_attempt_at, now),
        last_error=error,
    )


def _update(conn: Connection, params: list[dict[str, Any]], **values: Any) -> None:
    if params:
        statement = sa.update(deliveries).where(deliveries.c.id == sa.bindparam("k_id"))
        conn.execute(statement.values(**values), params)


def cancel_pending(conn: Connection, activity_id: str) -> int:
    """Cancel the deliveries of an activity that have not been sent; return how many."""
    d = deliveries.c
    result = conn.execute(
        sa.update(deliveries)
        .where(d.activity_id == activity_id, d.status == "pending")
        .values(status="cancelled")
    )
    return result.rowcount


def requeue_errors(
    conn: Connection, integration_id: int, activity_ids: Sequence[str] | None, now: datetime
) -> list[str]:
    """Queue errored deliveries again (all, or those of some activities); return their IDs."""
    d = deliveries.c
    where = [d.integration_id == integration_id, d.status == "error"]
    if activity_ids is not None:
        where.append(d.activity_id.in_(activity_ids))
    found = list(conn.execute(sa.select(d.activity_id).where(*where)).scalars())
    conn.execute(
        sa.update(deliveries)
        .where(*where)
        .values(status="pending", due_at=now, attempts=0, first_attempt_at=None, last_error=None)
    )
    return found


def of_activities(conn: Connection, activity_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Per activity, the status of each of its deliveries."""
    d = deliveries.c
    query = (
        sa.select(d.activity_id, d.integration_id, d.status, d.record_id, d.attempts, d.last_error)
        .where(d.activity_id.in_(activity_ids))
        .order_by(d.integration_id)
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for row in conn.execute(query):
        entry = dict(row._mapping)
        found.setdefault(entry.pop("activity_id"), []).append(entry)
    return found


def counts(conn: Connection, integration_id: int | None = None) -> dict[str, int]:
    """How many deliveries are in each status."""
    query = sa.select(deliveries.c.status, sa.func.count()).group_by(deliveries.c.status)
    if integration_id is not None:
        query = query.where(deliveries.c.integration_id == integration_id)
    return {str(status): n for status, n in conn.execute(query)}
