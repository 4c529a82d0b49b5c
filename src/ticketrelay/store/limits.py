"""kintone's limits, shared by all workers: request slots per kintone domain and request
budgets per integration and day."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.store.base import UTCDateTime, metadata, upsert

domain_slots = sa.Table(
    "domain_slots",
    metadata,
    sa.Column("domain", sa.String(300), primary_key=True),
    sa.Column("slot", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("owner", sa.String(64)),
    sa.Column("until", UTCDateTime),
)

request_budgets = sa.Table(
    "request_budgets",
    metadata,
    sa.Column(
        "integration_id", sa.ForeignKey("integrations.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("used", sa.Integer, nullable=False),
)


def take_slot(
    conn: Connection, domain: str, cap: int, owner: str, now: datetime, until: datetime
) -> int | None:
    """Take one of a domain's `cap` request slots; None when all are busy."""
    c = domain_slots.c
    rows = [{"domain": domain, "slot": n} for n in range(cap)]
    conn.execute(upsert(conn)(domain_slots).on_conflict_do_nothing(), rows)
    free = sa.or_(c.until.is_(None), c.until < now)
    for slot in conn.execute(
        sa.select(c.slot).where(c.domain == domain, c.slot < cap, free).order_by(c.slot)
    ).scalars():
        taken = conn.execute(
            sa.update(domain_slots)
            .where(c.domain == domain, c.slot == slot, free)
            .values(owner=owner, until=until)
        )
        if taken.rowcount == 1:
            return int(slot)
    return None


def release_slot(conn: Connection, domain: str, slot: int, owner: str) -> None:
    """Give a request slot back."""
    c = domain_slots.c
    conn.execute(
        sa.update(domain_slots)
        .where(c.domain == domain, c.slot == slot, c.owner == owner)
        .values(owner=None, until=None)
    )


def spend(conn: Connection, integration_id: int, day: date, budget: int) -> bool:
    """Count one request against an integration's budget of the day; false when spent."""
    c = request_budgets.c
    statement = (
        upsert(conn)(request_budgets)
        .values(integration_id=integration_id, day=day, used=1)
        .on_conflict_do_update(
            index_elements=["integration_id", "day"],
            set_={"used": c.used + 1},
            where=c.used < budget,
        )
        .returning(c.used)
    )
    return conn.execute(statement).first() is not None


def used(conn: Connection, integration_id: int, day: date) -> int:
    """How many requests an integration has spent on a day."""
    c = request_budgets.c
    query = sa.select(c.used).where(c.integration_id == integration_id, c.day == day)
    return conn.execute(query).scalar_one_or_none() or 0
