"""The `sources` table: helpdesks that may send events, each with a hashed bearer token."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.model import Source
from ticketrelay.store.base import UTCDateTime, metadata

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("account", sa.String(128), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime),
)


def add(conn: Connection, *, account: str, name: str, token_hash: str, now: datetime) -> Source:
    """Store a new source."""
    row = {"account": account, "name": name, "token_hash": token_hash, "created_at": now}
    new_id = conn.execute(sa.insert(sources).values(row).returning(sources.c.id)).scalar_one()
    return Source(id=new_id, account=account, name=name, created_at=now, revoked_at=None)


def by_token_hash(conn: Connection, token_hash: str) -> Source | None:
    """The live source whose token has this hash."""
    query = _select().where(sources.c.token_hash == token_hash, sources.c.revoked_at.is_(None))
    row = conn.execute(query).first()
    return None if row is None else Source(**row._mapping)


def get(conn: Connection, source_id: int) -> Source | None:
    """One source by ID."""
    row = conn.execute(_select().where(sources.c.id == source_id)).first()
    return None if row is None else Source(**row._mapping)


def list_all(conn: Connection) -> list[Source]:
    """Every source, newest first."""
    rows = conn.execute(_select().order_by(sources.c.id.desc()))
    return [Source(**row._mapping) for row in rows]


def revoke(conn: Connection, source_id: int, now: datetime) -> bool:
    """Revoke a source's token; false when there is no such live source."""
    result = conn.execute(
        sa.update(sources)
        .where(sources.c.id == source_id, sources.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount == 1


def _select() -> sa.Select[tuple[int, str, str, datetime, datetime | None]]:
    c = sources.c
    return sa.select(c.id, c.account, c.name, c.created_at, c.revoked_at)
