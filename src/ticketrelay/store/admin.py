"""The settings page's login: the changed admin password's hash, and server-side sessions.

Until a password is set here, the login password is TICKETRELAY_ADMIN_TOKEN. A session is
stored under the SHA-256 of its cookie value, so the table alone cannot be used to log in.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.store.base import UTCDateTime, metadata

admin_password = sa.Table(
    "admin_password",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("password_hash", sa.String(300), nullable=False),
    sa.Column("changed_at", UTCDateTime, nullable=False),
)

admin_sessions = sa.Table(
    "admin_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("seen_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Index("ix_admin_sessions_expires_at", "expires_at"),
)

_ONLY_ROW = 1


@dataclass(frozen=True, kw_only=True)
class Session:
    """A login session: its hashed ID, its CSRF token and its lifetime."""

    id_hash: str
    csrf_token: str
    created_at: datetime
    seen_at: datetime
    expires_at: datetime


def password_hash(conn: Connection) -> str | None:
    """The hash of the changed password; None while the admin token is the password."""
    query = sa.select(admin_password.c.password_hash).where(admin_password.c.id == _ONLY_ROW)
    found: str | None = conn.execute(query).scalar_one_or_none()
    return found


def set_password_hash(conn: Connection, hashed: str, now: datetime) -> None:
    """Replace the password's hash."""
    conn.execute(sa.delete(admin_password))
    conn.execute(
        sa.insert(admin_password).values(id=_ONLY_ROW, password_hash=hashed, changed_at=now)
    )


def add_session(conn: Connection, session: Session) -> None:
    """Store a new session."""
    conn.execute(sa.insert(admin_sessions).values(**vars(session)))


def get_session(conn: Connection, id_hash: str) -> Session | None:
    """A session by its hashed ID, expired or not."""
    row = conn.execute(sa.select(admin_sessions).where(admin_sessions.c.id_hash == id_hash)).first()
    return None if row is None else Session(**row._mapping)


def touch(conn: Connection, id_hash: str, *, seen_at: datetime, expires_at: datetime) -> None:
    """Note that a session was used, moving its expiry."""
    conn.execute(
        sa.update(admin_sessions)
        .where(admin_sessions.c.id_hash == id_hash)
        .values(seen_at=seen_at, expires_at=expires_at)
    )


def delete_session(conn: Connection, id_hash: str) -> None:
    """End one session."""
    conn.execute(sa.delete(admin_sessions).where(admin_sessions.c.id_hash == id_hash))


def delete_other_sessions(conn: Connection, keep: str | None) -> int:
    """End every session but one (None: all); return how many."""
    statement = sa.delete(admin_sessions)
    if keep is not None:
        statement = statement.where(admin_sessions.c.id_hash != keep)
    return conn.execute(statement).rowcount


def purge_expired(conn: Connection, now: datetime) -> int:
    """Delete the sessions that have expired; return how many."""
    return conn.execute(
        sa.delete(admin_sessions).where(admin_sessions.c.expires_at <= now)
    ).rowcount
