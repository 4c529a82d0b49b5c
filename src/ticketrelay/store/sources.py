"""The `sources` table: where events come from, by bearer token or by signed webhook.

An `api` source is known by the hash of its bearer token. A webhook source (`chatwoot`,
`zendesk`) keeps its non-secret settings as JSON and its signing secret encrypted; it holds
the hash of a token nobody is shown, so that every row has one.
"""

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

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
    sa.Column("kind", sa.String(20), nullable=False, server_default="api"),
    sa.Column("settings", sa.Text, nullable=False, server_default="{}"),
    sa.Column("secret_encrypted", sa.Text),
)


def add(
    conn: Connection,
    *,
    account: str,
    name: str,
    token_hash: str,
    now: datetime,
    kind: str = "api",
    settings: Mapping[str, Any] | None = None,
    secret_encrypted: str | None = None,
) -> Source:
    """Store a new source."""
    row = {
        "account": account,
        "name": name,
        "token_hash": token_hash,
        "created_at": now,
        "kind": kind,
        "settings": json.dumps(dict(settings or {}), sort_keys=True),
        "secret_encrypted": secret_encrypted,
    }
    new_id = conn.execute(sa.insert(sources).values(row).returning(sources.c.id)).scalar_one()
    return get(conn, new_id) or _missing(new_id)


def by_token_hash(conn: Connection, token_hash: str) -> Source | None:
    """The live source whose token has this hash."""
    query = _select().where(sources.c.token_hash == token_hash, sources.c.revoked_at.is_(None))
    row = conn.execute(query).first()
    return None if row is None else _source(row)


def live_of_kind(conn: Connection, source_id: int, kind: str) -> Source | None:
    """The live source with this ID, if it is of this kind."""
    c = sources.c
    query = _select().where(c.id == source_id, c.kind == kind, c.revoked_at.is_(None))
    row = conn.execute(query).first()
    return None if row is None else _source(row)


def get(conn: Connection, source_id: int) -> Source | None:
    """One source by ID."""
    row = conn.execute(_select().where(sources.c.id == source_id)).first()
    return None if row is None else _source(row)


def list_all(conn: Connection) -> list[Source]:
    """Every source, newest first."""
    rows = conn.execute(_select().order_by(sources.c.id.desc()))
    return [_source(row) for row in rows]


def update(
    conn: Connection,
    source_id: int,
    *,
    settings: Mapping[str, Any] | None = None,
    secret_encrypted: str | None = None,
) -> None:
    """Replace a source's settings, its secret, or both (None: keep what is stored)."""
    values: dict[str, Any] = {}
    if settings is not None:
        values["settings"] = json.dumps(dict(settings), sort_keys=True)
    if secret_encrypted is not None:
        values["secret_encrypted"] = secret_encrypted
    if values:
        conn.execute(sa.update(sources).where(sources.c.id == source_id).values(values))


def revoke(conn: Connection, source_id: int, now: datetime) -> bool:
    """Revoke a source's token; false when there is no such live source."""
    result = conn.execute(
        sa.update(sources)
        .where(sources.c.id == source_id, sources.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount == 1


def _select() -> sa.Select[Any]:
    c = sources.c
    return sa.select(
        c.id, c.account, c.name, c.created_at, c.revoked_at, c.kind, c.settings, c.secret_encrypted
    )


def _source(row: Row[Any]) -> Source:
    values = dict(row._mapping)
    values["settings"] = json.loads(values["settings"] or "{}")
    return Source(**values)


def _missing(source_id: int) -> Source:
    raise LookupError(f"source {source_id} vanished within the transaction that stored it")
