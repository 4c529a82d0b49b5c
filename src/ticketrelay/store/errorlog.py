"""The `error_log` table: every failed sync and every alert, kept for one year."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.model import Entry, Severity
from ticketrelay.store.base import UTCDateTime, metadata

error_log = sa.Table(
    "error_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "integration_id", sa.ForeignKey("integrations.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("severity", sa.String(8), nullable=False),
    sa.Column("activity_id", sa.String(64), nullable=False),
    sa.Column("channel_name", sa.String(64), nullable=False),
    sa.Column("operator", sa.String(300), nullable=False),
    sa.Column("start_time", UTCDateTime),
    sa.Column("value_key", sa.String(32)),
    sa.Column("field_code", sa.String(128)),
    sa.Column("reason", sa.String(64), nullable=False),
    sa.Column("message_ja", sa.Text, nullable=False),
    sa.Column("message_en", sa.Text, nullable=False),
    sa.Column("kintone_code", sa.String(32)),
    sa.Column("kintone_message", sa.Text),
    sa.Column("kintone_id", sa.String(64)),
    sa.Column("value", sa.Text),
    sa.Column("resent_at", UTCDateTime),
    sa.Index("ix_error_log_integration_at", "integration_id", "at"),
    sa.Index("ix_error_log_at", "at"),
    sa.Index("ix_error_log_activity_id", "activity_id"),
)


@dataclass(frozen=True, kw_only=True)
class Filter:
    """Which entries to read."""

    since: datetime | None = None
    until: datetime | None = None
    severity: Severity | None = None
    channel_name: str | None = None
    field_code: str | None = None
    ids: Sequence[int] | None = None


def add_many(conn: Connection, entries: Sequence[Entry]) -> None:
    """Write entries."""
    if entries:
        rows = [{k: v for k, v in vars(e).items() if k != "id"} for e in entries]
        conn.execute(sa.insert(error_log), rows)


def find(
    conn: Connection,
    integration_id: int,
    where: Filter,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[Entry]:
    """Entries of an integration, newest first."""
    c = error_log.c
    query = (
        sa.select(error_log)
        .where(c.integration_id == integration_id, *_conditions(where))
        .order_by(c.at.desc(), c.id.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [Entry(**row._mapping) for row in conn.execute(query)]


def count(conn: Connection, integration_id: int, where: Filter) -> int:
    """How many entries match."""
    c = error_log.c
    query = sa.select(sa.func.count()).where(
        c.integration_id == integration_id, *_conditions(where)
    )
    return conn.execute(query).scalar_one()


def get(conn: Connection, integration_id: int, entry_id: int) -> Entry | None:
    """One entry."""
    c = error_log.c
    query = sa.select(error_log).where(c.integration_id == integration_id, c.id == entry_id)
    row = conn.execute(query).first()
    return None if row is None else Entry(**row._mapping)


def _conditions(where: Filter) -> list[sa.ColumnElement[bool]]:
    c = error_log.c
    conditions: list[sa.ColumnElement[bool]] = []
    if where.since is not None:
        conditions.append(c.at >= where.since)
    if where.until is not None:
        conditions.append(c.at < where.until)
    if where.severity is not None:
        conditions.append(c.severity == where.severity)
    if where.channel_name is not None:
        conditions.append(c.channel_name == where.channel_name)
    if where.field_code is not None:
        conditions.append(c.field_code == where.field_code)
    if where.ids is not None:
        conditions.append(c.id.in_(where.ids))
    return conditions


def mark_resent(
    conn: Connection, integration_id: int, activity_ids: Sequence[str], now: datetime
) -> None:
    """Note that the errors of these activities were queued again."""
    c = error_log.c
    conn.execute(
        sa.update(error_log)
        .where(c.integration_id == integration_id, c.activity_id.in_(activity_ids))
        .where(c.severity == "error", c.resent_at.is_(None))
        .values(resent_at=now)
    )


def purge(conn: Connection, before: datetime) -> int:
    """Delete entries older than a time; return how many."""
    return conn.execute(sa.delete(error_log).where(error_log.c.at < before)).rowcount


def recent_counts(conn: Connection, since: datetime) -> dict[tuple[int, str], int]:
    """Entries since a time, by integration and severity."""
    c = error_log.c
    query = (
        sa.select(c.integration_id, c.severity, sa.func.count())
        .where(c.at >= since)
        .group_by(c.integration_id, c.severity)
    )
    return {(i, s): n for i, s, n in conn.execute(query)}
