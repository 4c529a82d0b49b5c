"""Accepting events: store them (de-duplicated) and run the trigger stage in one transaction."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay import triggering
from ticketrelay.doorbell import notify
from ticketrelay.errors import ActionRequired
from ticketrelay.events import Event, parse_event
from ticketrelay.store import Store, events
from ticketrelay.store.sources import Source
from ticketrelay.subjects import subject_key

log = logging.getLogger(__name__)


class ForeignAccount(ActionRequired):
    """Events name an account other than their source's."""


@dataclass(frozen=True, kw_only=True)
class IngestResult:
    """How many events were newly stored, and how many had been stored before."""

    accepted: int
    duplicates: int


def ingest(store: Store, source: Source, batch: Sequence[Event], now: datetime) -> IngestResult:
    """Store a batch of one source's events, all or nothing, and run their triggers."""
    owned = _first_of_each_id([_owned(source, index, event) for index, event in enumerate(batch)])
    with store.write() as conn:
        _lock_account(conn, source.account)
        known = events.known_ids(conn, source.id, [e.id for e in owned])
        fresh = [e for e in owned if e.id not in known]
        outcomes = _triggers(conn, source.account, fresh, now)
        events.insert(conn, source.id, [_new(e) for e in fresh], outcomes, now)
        if fresh:
            notify(conn)
    return IngestResult(accepted=len(fresh), duplicates=len(batch) - len(fresh))


def process_leftovers(store: Store, now: datetime) -> int:
    """Run the trigger stage on events stored without it (after a failure); return how many."""
    with store.write() as conn:
        left = events.unprocessed(conn)
        for row in left:
            event = parse_event(row.payload)
            _lock_account(conn, event.account)
            outcomes = _triggers(conn, event.account, [event], now)
            if outcomes is not None:
                events.record_outcomes(conn, [(row.id, outcomes[0])], now)
    return len(left)


def _first_of_each_id(batch: Sequence[Event]) -> list[Event]:
    first: dict[str, Event] = {}
    for event in batch:
        first.setdefault(event.id, event)
    return list(first.values())


def _owned(source: Source, index: int, event: Event) -> Event:
    if event.account in ("", source.account):
        return event.model_copy(update={"account": source.account})
    raise ForeignAccount(
        f"Event {index} ({event.id!r}) is for account {event.account!r}, but its source "
        f"belongs to {source.account!r}: send it with that account's source token."
    )


def _new(event: Event) -> events.NewEvent:
    key = subject_key(event)
    return events.NewEvent(
        event_id=event.id,
        type=event.type,
        account=event.account,
        subject=f"{key.kind}:{key.id}",
        occurred_at=event.occurred_at,
        payload=event.model_dump(mode="json"),
    )


def _lock_account(conn: Connection, account: str) -> None:
    """Serialise trigger stages of one account, so that no subject state update is lost."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:a))"), {"a": account})


def _triggers(
    conn: Connection, account: str, batch: Sequence[Event], now: datetime
) -> list[events.Outcome] | None:
    """Run the stage in a savepoint: if it fails, the events are stored without outcomes,
    and a worker runs the stage on them later."""
    if not batch:
        return []
    try:
        with conn.begin_nested():
            return triggering.run(conn, account, batch, now)
    except Exception:
        log.exception("The trigger stage failed; %d events are kept for a later run", len(batch))
        return None
