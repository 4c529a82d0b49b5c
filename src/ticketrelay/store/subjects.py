"""The `subjects` table: the trigger state of each message, memo, call and chat session."""

from collections.abc import Collection, Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.store.base import UTCDateTime, metadata

subjects = sa.Table(
    "subjects",
    metadata,
    sa.Column("account", sa.String(128), primary_key=True),
    sa.Column("subject", sa.String(300), primary_key=True),
    sa.Column("state", sa.Text, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index("ix_subjects_updated", "updated_at", "account", "subject"),
)


_LOAD = sa.select(subjects.c.subject, subjects.c.state).where(
    subjects.c.account == sa.bindparam("account"),
    subjects.c.subject.in_(sa.bindparam("keys", expanding=True)),
)


def load(conn: Connection, account: str, keys: Collection[str]) -> dict[str, str]:
    """The saved states (JSON text) of some subjects of an account, by subject key."""
    found: dict[str, str] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        rows = conn.execute(_LOAD, {"account": account, "keys": ordered[start : start + 500]})
        found.update({row.subject: row.state for row in rows})
    return found


def save(
    conn: Connection,
    account: str,
    states: Mapping[str, str],
    existing: Collection[str],
    now: datetime,
) -> None:
    """Write states back: update those that were loaded, insert the others."""
    new = [
        {"account": account, "subject": k, "state": v, "updated_at": now}
        for k, v in states.items()
        if k not in existing
    ]
    old = [
        {"k_account": account, "k_subject": k, "state": v, "updated_at": now}
        for k, v in states.items()
        if k in existing
    ]
    if new:
        conn.execute(sa.insert(subjects), new)
    if old:
        conn.execute(
            sa.update(subjects)
            .where(
                subjects.c.account == sa.bindparam("k_account"),
                subjects.c.subject == sa.bindparam("k_subject"),
            )
            .values(state=sa.bindparam("state"), updated_at=sa.bindparam("updated_at")),
            old,
        )


def lock(conn: Connection, account: str) -> None:
    """Hold the account's subject states until the transaction ends, so that no update is lost.

    The trigger stage and the retention purge both take it (PostgreSQL; SQLite has one
    writer at a time).
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:a))"), {"a": account})
