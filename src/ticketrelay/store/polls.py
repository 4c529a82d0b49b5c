"""The `source_polls` table: a source that ticketrelay reads from its helpdesk's API.

One row per polled source: the API credential (encrypted), the poller's cursor (what it has
read up to, as JSON), when to poll next, the lease that lets one process poll it at a time,
and, when the helpdesk refused the credential, why the poll is paused.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.store.base import UTCDateTime, metadata
from ticketrelay.store.sources import sources

source_polls = sa.Table(
    "source_polls",
    metadata,
    sa.Column(
        "source_id",
        sa.Integer,
        sa.ForeignKey("sources.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("secret_encrypted", sa.Text, nullable=False),
    sa.Column("cursor", sa.Text, nullable=False),
    sa.Column("next_at", UTCDateTime, nullable=False),
    sa.Column("owner", sa.String(100)),
    sa.Column("lease_until", UTCDateTime),
    sa.Column("paused_code", sa.String(40)),
    sa.Column("paused_reason", sa.Text),
    sa.Column("polled_at", UTCDateTime),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Index(None, "next_at"),
)


@dataclass(frozen=True, kw_only=True)
class Poll:
    """A polled source's state: credential, cursor, schedule, pause, last outcome."""

    source_id: int
    secret_encrypted: str
    cursor: dict[str, Any]
    next_at: datetime
    owner: str | None
    lease_until: datetime | None
    paused_code: str | None
    paused_reason: str | None
    polled_at: datetime | None
    failures: int
    last_error: str | None


def add(conn: Connection, source_id: int, secret_encrypted: str, now: datetime) -> None:
    """Start polling a source now, from an empty cursor."""
    row = {"source_id": source_id, "secret_encrypted": secret_encrypted, "cursor": "{}"}
    conn.execute(sa.insert(source_polls).values(**row, next_at=now, failures=0))


def get(conn: Connection, source_id: int) -> Poll | None:
    """A source's poll; None when the source is not polled."""
    row = conn.execute(sa.select(*source_polls.c).where(_of(source_id))).first()
    return None if row is None else _poll(dict(row._mapping))


def due(conn: Connection, now: datetime, limit: int = 10) -> list[int]:
    """Live, unpaused sources whose next poll is due and whose lease is free, soonest first."""
    c, s = source_polls.c, sources.c
    free = sa.or_(c.lease_until.is_(None), c.lease_until < now)
    query = (
        sa.select(c.source_id)
        .join(sources, s.id == c.source_id)
        .where(c.next_at <= now, c.paused_code.is_(None), s.revoked_at.is_(None), free)
        .order_by(c.next_at)
        .limit(limit)
    )
    return [int(i) for i in conn.execute(query).scalars()]


def take(conn: Connection, source_id: int, owner: str, now: datetime, until: datetime) -> bool:
    """Lease a source's poll to `owner` until `until`, unless another live owner holds it."""
    c = source_polls.c
    free = sa.or_(c.lease_until.is_(None), c.lease_until < now, c.owner == owner)
    taken = conn.execute(
        sa.update(source_polls).where(_of(source_id), free).values(owner=owner, lease_until=until)
    )
    return bool(taken.rowcount)


def finish(
    conn: Connection,
    source_id: int,
    owner: str,
    *,
    cursor: dict[str, Any],
    next_at: datetime,
    now: datetime,
) -> None:
    """Keep what a poll read up to, schedule the next, and give the lease back."""
    values = {
        "cursor": json.dumps(cursor, ensure_ascii=False, sort_keys=True),
        "next_at": next_at,
        "polled_at": now,
        "failures": 0,
        "last_error": None,
    }
    _by_owner(conn, source_id, owner, values)


def failed(conn: Connection, source_id: int, owner: str, *, error: str, next_at: datetime) -> None:
    """Record a failed poll (its cursor unchanged), schedule a retry, give the lease back."""
    values = {"next_at": next_at, "last_error": error, "failures": source_polls.c.failures + 1}
    _by_owner(conn, source_id, owner, values)


def pause(conn: Connection, source_id: int, owner: str, *, code: str, reason: str) -> None:
    """Stop polling a source until its credential is replaced, and say why."""
    _by_owner(conn, source_id, owner, {"paused_code": code, "paused_reason": reason})


def replace_secret(conn: Connection, source_id: int, secret_encrypted: str, now: datetime) -> None:
    """Take a new credential and poll again now, paused or not."""
    values = {
        "secret_encrypted": secret_encrypted,
        "paused_code": None,
        "paused_reason": None,
        "next_at": now,
    }
    conn.execute(sa.update(source_polls).where(_of(source_id)).values(values))


def resume(conn: Connection, source_id: int, now: datetime) -> None:
    """Lift a pause (its settings changed) and poll now."""
    values = {"paused_code": None, "paused_reason": None, "next_at": now}
    conn.execute(sa.update(source_polls).where(_of(source_id)).values(values))


def every(conn: Connection) -> dict[int, Poll]:
    """Every polled source's poll, by source ID."""
    found = (_poll(dict(row._mapping)) for row in conn.execute(sa.select(*source_polls.c)))
    return {poll.source_id: poll for poll in found}


def _poll(row: Mapping[str, Any]) -> Poll:
    return Poll(**{**row, "cursor": json.loads(row["cursor"])})


def _by_owner(conn: Connection, source_id: int, owner: str, values: dict[str, Any]) -> None:
    released = {**values, "owner": None, "lease_until": None}
    where = sa.and_(_of(source_id), source_polls.c.owner == owner)
    conn.execute(sa.update(source_polls).where(where).values(released))


def _of(source_id: int) -> sa.ColumnElement[bool]:
    return source_polls.c.source_id == source_id
