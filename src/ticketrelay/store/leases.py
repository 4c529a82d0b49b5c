"""The `leases` table: which worker task holds which integration, and until when."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from ticketrelay.store.base import UTCDateTime, metadata, upsert

leases = sa.Table(
    "leases",
    metadata,
    sa.Column(
        "integration_id", sa.ForeignKey("integrations.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("owner", sa.String(64), nullable=False),
    sa.Column("until", UTCDateTime, nullable=False),
)


def take_lease(
    conn: Connection, integration_id: int, owner: str, now: datetime, until: datetime
) -> bool:
    """Take (or renew) the lease on an integration unless another live owner holds it."""
    c = leases.c
    statement = (
        upsert(conn)(leases)
        .values(integration_id=integration_id, owner=owner, until=until)
        .on_conflict_do_update(
            index_elements=["integration_id"],
            set_={"owner": owner, "until": until},
            where=sa.or_(c.until < now, c.owner == owner),
        )
        .returning(c.integration_id)
    )
    return conn.execute(statement).first() is not None


def release_lease(conn: Connection, integration_id: int, owner: str) -> None:
    """Give a lease back."""
    c = leases.c
    conn.execute(sa.delete(leases).where(c.integration_id == integration_id, c.owner == owner))


def lease_end(integration_id: ColumnElement[int], now: datetime) -> ColumnElement[datetime]:
    """When the lease that holds an integration at `now` ends; NULL when none does (a query part).

    A lease is live until its `until`; from then on `take_lease` lets another owner take it.
    """
    c = leases.c
    query = sa.select(c.until).where(c.integration_id == integration_id, c.until >= now)
    return query.scalar_subquery()
