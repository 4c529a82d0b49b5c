"""The `activities` table: each synced operation with its values frozen at trigger time."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.store.base import UTCDateTime, metadata

activities = sa.Table(
    "activities",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("account", sa.String(128), nullable=False),
    sa.Column("subject", sa.String(300), nullable=False),
    sa.Column("channel", sa.String(32), nullable=False),
    sa.Column("inbox", sa.String(128)),
    sa.Column("values", sa.Text, nullable=False),
    sa.Column("triggered_at", UTCDateTime, nullable=False),
    sa.Column("due_at", UTCDateTime, nullable=False),
    sa.Column("cancelled_at", UTCDateTime),
    sa.Column("cancel_reason", sa.String(64)),
    sa.Index("ix_activities_account_triggered", "account", "triggered_at"),
    sa.Index("ix_activities_triggered", "triggered_at", "id"),
    sa.Index("ix_activities_account_subject", "account", "subject"),
)


@dataclass(frozen=True, kw_only=True)
class ActivityRow:
    """An activity as stored; `values` is the JSON text of its frozen values."""

    id: str
    account: str
    subject: str
    channel: str
    inbox: str | None
    values: str
    triggered_at: datetime
    due_at: datetime
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None


def add_many(conn: Connection, rows: Sequence[ActivityRow]) -> None:
    """Store new activities."""
    if rows:
        conn.execute(sa.insert(activities), [vars(r) for r in rows])


def cancel(conn: Connection, activity_id: str, reason: str, now: datetime) -> bool:
    """Mark an activity cancelled; false when it is unknown or was cancelled already."""
    c = activities.c
    result = conn.execute(
        sa.update(activities)
        .where(c.id == activity_id, c.cancelled_at.is_(None))
        .values(cancelled_at=now, cancel_reason=reason)
    )
    return result.rowcount == 1


def get_many(conn: Connection, ids: Sequence[str]) -> dict[str, ActivityRow]:
    """Activities by ID."""
    found: dict[str, ActivityRow] = {}
    for start in range(0, len(ids), 500):
        query = sa.select(activities).where(activities.c.id.in_(ids[start : start + 500]))
        found.update({r.id: ActivityRow(**r._mapping) for r in conn.execute(query)})
    return found


def recent(
    conn: Connection, *, account: str | None, limit: int, status: str | None = None
) -> list[ActivityRow]:
    """The newest activities, of one account and with a delivery in one status when given."""
    # Imported here: deliveries' table refers to this one.
    from ticketrelay.store.deliveries import deliveries

    query = sa.select(activities).order_by(activities.c.triggered_at.desc(), activities.c.id)
    if account is not None:
        query = query.where(activities.c.account == account)
    if status is not None:
        d = deliveries.c
        query = query.where(sa.exists().where(d.activity_id == activities.c.id, d.status == status))
    return [ActivityRow(**r._mapping) for r in conn.execute(query.limit(limit))]
