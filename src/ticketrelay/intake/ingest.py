"""Accepting events: store them (de-duplicated) and run the trigger stage in one transaction."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from ticketrelay.delivery.wakeups import notify
from ticketrelay.errors import ActionRequired
from ticketrelay.intake import trigger_stage
from ticketrelay.model import Source
from ticketrelay.rules.events import Event, parse_event
from ticketrelay.rules.subjects import subject_key
from ticketrelay.store import Store, StoreUnavailable, events, savepoint, subjects

log = logging.getLogger(__name__)


class ForeignAccount(ActionRequired):
    """Events name an account other than their source's."""


@dataclass(frozen=True, kw_only=True)
class IngestResult:
    """How many events were newly stored, and how many had been stored before."""

    accepted: int
    duplicates: int


@dataclass(frozen=True, kw_only=True)
class Batch:
    """One request's events from one source, checked: stored all together, or not at all."""

    source: Source
    events: list[Event]
    size: int


def checked(source: Source, batch: Sequence[Event]) -> Batch:
    """The batch with its source's account filled in, or ForeignAccount."""
    owned = _first_of_each_id([_owned(source, i, e) for i, e in enumerate(batch)])
    return Batch(source=source, events=owned, size=len(batch))


def ingest(store: Store, source: Source, batch: Sequence[Event], now: datetime) -> IngestResult:
    """Store a batch of one source's events, all or nothing, and run their triggers."""
    return ingest_together(store, [checked(source, batch)], now)[0]


def ingest_together(store: Store, batches: Sequence[Batch], now: datetime) -> list[IngestResult]:
    """Store several batches in one transaction, as if one after the other.

    Concurrent requests are handed in together so that SQLite's single writer does one
    round of statements for all of them instead of one round each. Each source's trigger
    stage runs in a savepoint: should it fail, its events are stored without it, for
    `process_leftovers` to run the stage on later: an event is never lost to a bug in a
    later stage.
    """
    with store.write() as conn:
        return ingest_in(conn, batches, now)


def ingest_in(conn: Connection, batches: Sequence[Batch], now: datetime) -> list[IngestResult]:
    """`ingest_together` within the caller's transaction, with whatever else it writes."""
    for account in sorted({b.source.account for b in batches}):
        subjects.lock(conn, account)
    fresh = _fresh(conn, batches)
    for source, new in _by_source(batches, fresh):
        outcomes = _triggers(conn, source.account, new, now) if new else None
        events.insert(conn, source.id, [_new(e) for e in new], outcomes, now)
    if any(fresh):
        notify(conn)
    return [
        IngestResult(accepted=len(new), duplicates=batch.size - len(new))
        for batch, new in zip(batches, fresh, strict=True)
    ]


def _by_source(
    batches: Sequence[Batch], fresh: Sequence[list[Event]]
) -> list[tuple[Source, list[Event]]]:
    """The round's new events grouped by source, in the order the batches were handed in."""
    by_id: dict[int, tuple[Source, list[Event]]] = {}
    for batch, new in zip(batches, fresh, strict=True):
        by_id.setdefault(batch.source.id, (batch.source, []))[1].extend(new)
    return list(by_id.values())


def _fresh(conn: Connection, batches: Sequence[Batch]) -> list[list[Event]]:
    """Per batch, its events whose ID its source has not sent before (nor an earlier batch)."""
    ids: dict[int, list[str]] = {}
    for batch in batches:
        ids.setdefault(batch.source.id, []).extend(e.id for e in batch.events)
    seen = {source: events.known_ids(conn, source, found) for source, found in ids.items()}
    fresh: list[list[Event]] = []
    for batch in batches:
        known = seen[batch.source.id]
        new = [e for e in batch.events if e.id not in known]
        known.update(e.id for e in new)
        fresh.append(new)
    return fresh


def process_leftovers(store: Store, now: datetime) -> int:
    """Run the trigger stage on events stored without it (after a failure); return how many."""
    with store.write() as conn:
        left = events.unprocessed(conn)
        for row in left:
            event = parse_event(row.payload)
            subjects.lock(conn, event.account)
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
    return events.NewEvent(
        event_id=event.id,
        type=event.type,
        account=event.account,
        subject=subject_key(event).text,
        occurred_at=event.occurred_at,
        payload=event.model_dump(mode="json"),
    )


def _triggers(
    conn: Connection, account: str, batch: Sequence[Event], now: datetime
) -> list[events.Outcome] | None:
    """Run the stage in a savepoint; None (and the events stay unprocessed) if it fails."""
    try:
        with savepoint(conn):
            return trigger_stage.run(conn, account, batch, now)
    except StoreUnavailable:
        raise
    except Exception:
        log.exception("The trigger stage failed; %d events are kept for a later run", len(batch))
        return None
