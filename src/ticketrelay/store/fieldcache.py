"""The `field_cache` table: each integration's app fields as kintone last described them."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.store.base import UTCDateTime, metadata

field_cache = sa.Table(
    "field_cache",
    metadata,
    sa.Column(
        "integration_id",
        sa.ForeignKey("integrations.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("properties", sa.JSON, nullable=False),
    sa.Column("revision", sa.String(32), nullable=False),
    sa.Column("fetched_at", UTCDateTime, nullable=False),
    sa.Column("stale", sa.Boolean, nullable=False, server_default=sa.false()),
)


@dataclass(frozen=True, kw_only=True)
class CachedFields:
    """kintone's `properties` object of an app, with its revision, when it was read, and
    whether something since hinted that the app changed."""

    properties: dict[str, Any]
    revision: str
    fetched_at: datetime
    stale: bool = False


def get(conn: Connection, integration_id: int) -> CachedFields | None:
    """The cached fields of an integration's app."""
    c = field_cache.c
    query = sa.select(c.properties, c.revision, c.fetched_at, c.stale).where(
        c.integration_id == integration_id
    )
    row = conn.execute(query).first()
    return None if row is None else CachedFields(**row._mapping)


def put(conn: Connection, integration_id: int, fields: CachedFields) -> None:
    """Replace the cached fields of an integration's app."""
    conn.execute(sa.delete(field_cache).where(field_cache.c.integration_id == integration_id))
    conn.execute(sa.insert(field_cache).values(integration_id=integration_id, **vars(fields)))


def invalidate(conn: Connection, integration_id: int) -> None:
    """Mark the cached fields stale, so that they are read again before the next delivery.

    When they were read stays as it was: records sent since then are the ones a field that
    has gone meanwhile may have lost.
    """
    conn.execute(
        sa.update(field_cache)
        .where(field_cache.c.integration_id == integration_id)
        .values(stale=True)
    )
