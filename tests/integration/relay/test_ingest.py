"""Ingest stores events once and runs the trigger stage from storage, fanning out deliveries."""

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.databases import opened
from ticketrelay.crypto import Cipher
from ticketrelay.intake.ingest import (
    ForeignAccount,
    checked,
    ingest,
    ingest_together,
    process_leftovers,
)
from ticketrelay.model import IntegrationSettings, Source
from ticketrelay.relay import Relay
from ticketrelay.rules.events import parse_event
from ticketrelay.rules.values import activity_id
from ticketrelay.secret import Secret
from ticketrelay.store import (
    Store,
    StoreUnavailable,
    activities,
    deliveries,
    events,
    integrations,
    sources,
    subjects,
)
from ticketrelay.store.activities import activities as activities_table

NOW = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


def _source(store: Store, account: str = "acme") -> Source:
    with store.write() as conn:
        return sources.add(conn, account=account, name="desk", token_hash=account, now=NOW)


def _integration(store: Store, **overrides: Any) -> int:
    settings = IntegrationSettings(
        name="all",
        account="acme",
        base_url="https://acme.cybozu.com",
        app=1,
        api_token_encrypted="x",
        **overrides,
    )
    with store.write() as conn:
        return integrations.add(conn, settings, NOW).id


def _mail(event_id: str, message_id: str, **data: Any) -> dict[str, Any]:
    return {
        "id": event_id,
        "type": "message.sent",
        "inbox": "support",
        "occurred_at": "2026-11-25T10:00:00+09:00",
        "operator": {"email": "sato@example.jp", "family_name": "佐藤", "given_name": "花子"},
        "data": {"message_id": message_id, "channel": "mail", "to": ["a@example.com"], **data},
    }


def _statuses(store: Store) -> list[tuple[str, int, str]]:
    d = deliveries.deliveries.c
    with store.read() as conn:
        rows = conn.execute(sa.select(d.activity_id, d.integration_id, d.status).order_by(d.id))
        return [(r.activity_id, r.integration_id, r.status) for r in rows]


def test_events_are_stored_once_and_counted(store: Store) -> None:
    """A batch answers how many events were new and how many were stored before."""
    source = _source(store)
    batch = [parse_event(_mail("e1", "m1")), parse_event(_mail("e2", "m2"))]
    first = ingest(store, source, batch, NOW)
    again = ingest(store, source, [batch[1], parse_event(_mail("e3", "m3"))], NOW)
    assert (first.accepted, first.duplicates) == (2, 0)
    assert (again.accepted, again.duplicates) == (1, 1)
    with store.read() as conn:
        assert events.count(conn) == 3


def test_an_activity_gets_one_delivery_per_matching_integration(store: Store) -> None:
    """Enabled integrations of the account whose channel and inbox filters match get one."""
    source = _source(store)
    every = _integration(store)
    mail_only = _integration(store, channels=("mail",))
    sms_only = _integration(store, channels=("sms",))
    other_inbox = _integration(store, inboxes=("sales",))
    _integration(store, enabled=False)
    ingest(store, source, [parse_event(_mail("e1", "m1"))], NOW)
    found = _statuses(store)
    assert {i for _, i, _ in found} == {every, mail_only}
    assert {s for _, _, s in found} == {"pending"}
    assert sms_only not in {i for _, i, _ in found}
    assert other_inbox not in {i for _, i, _ in found}


def test_a_repeated_send_makes_no_second_activity(store: Store) -> None:
    """The state of a subject persists between batches."""
    source = _source(store)
    _integration(store)
    ingest(store, source, [parse_event(_mail("e1", "m1"))], NOW)
    ingest(store, source, [parse_event(_mail("e2", "m1"))], NOW)
    assert len(_statuses(store)) == 1
    with store.read() as conn:
        assert events.outcomes_by_reason(conn) == {"activity": 1, "already_synced": 1}


def test_an_undo_in_the_same_batch_cancels_before_anything_is_queued(store: Store) -> None:
    """A send and its undo within the window leave a cancelled activity and no delivery."""
    source = _source(store)
    _integration(store)
    send = _mail("e1", "m1", undo_until="2026-11-25T10:00:10+09:00")
    undo = {
        "id": "e2",
        "type": "message.send_undone",
        "occurred_at": "2026-11-25T10:00:05+09:00",
        "data": {"message_id": "m1"},
    }
    ingest(store, source, [parse_event(send), parse_event(undo)], NOW)
    assert _statuses(store) == []
    with store.read() as conn:
        cancelled = conn.execute(sa.select(activities_table.c.cancelled_at)).scalar_one()
    assert cancelled == NOW


def test_an_undo_in_a_later_batch_cancels_the_pending_delivery(store: Store) -> None:
    """The activity waits until undo_until, so a later undo still stops it."""
    source = _source(store)
    _integration(store)
    ingest(
        store, source, [parse_event(_mail("e1", "m1", undo_until="2026-11-25T10:00:10+09:00"))], NOW
    )
    with store.read() as conn:
        (due,) = conn.execute(sa.select(deliveries.deliveries.c.due_at)).scalars()
    assert due == datetime(2026, 11, 25, 1, 0, 10, tzinfo=UTC)
    undo = {
        "id": "e2",
        "type": "message.send_undone",
        "occurred_at": "2026-11-25T10:00:05+09:00",
        "data": {"message_id": "m1"},
    }
    ingest(store, source, [parse_event(undo)], NOW + timedelta(seconds=5))
    assert [s for _, _, s in _statuses(store)] == ["cancelled"]


def test_events_of_another_account_are_refused_whole(store: Store) -> None:
    """A source may only send its own account's events; nothing of the batch is stored."""
    source = _source(store)
    foreign = {**_mail("e2", "m2"), "account": "globex"}
    with pytest.raises(ForeignAccount, match="account 'globex', but its source belongs to 'acme'"):
        ingest(store, source, [parse_event(_mail("e1", "m1")), parse_event(foreign)], NOW)
    with store.read() as conn:
        assert events.count(conn) == 0


def test_leftover_events_are_processed_later(store: Store) -> None:
    """Events stored without their trigger stage are picked up from storage."""
    source = _source(store)
    _integration(store)
    with store.write() as conn:
        events.insert(
            conn,
            source.id,
            [
                events.NewEvent(
                    event_id="e1",
                    type="message.sent",
                    account="acme",
                    subject="message:m1",
                    occurred_at=NOW,
                    payload={**_mail("e1", "m1"), "account": "acme"},
                )
            ],
            None,
            NOW,
        )
    assert process_leftovers(store, NOW) == 1
    assert len(_statuses(store)) == 1
    assert process_leftovers(store, NOW) == 0


def test_concurrent_ingests_store_each_event_once(store: Store) -> None:
    """Batches from many threads at once share transactions, yet each event is stored once."""
    relay = Relay(store, Cipher(Secret("k")))
    source, _ = relay.create_source("acme", "desk")
    _integration(store)
    results: list[tuple[int, int]] = []

    def send(thread: int) -> None:
        for n in range(40):
            number = (thread * 40 + n) % 200  # every event is sent by two threads
            outcome = relay.ingest(source, [parse_event(_mail(f"e{number}", f"m{number}"))])
            results.append((outcome.accepted, outcome.duplicates))

    threads = [threading.Thread(target=send, args=(t,)) for t in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(a for a, _ in results) == 200
    assert sum(d for _, d in results) == 200
    assert len(_statuses(store)) == 200
    with store.read() as conn:
        assert events.count(conn) == 200


def test_a_failing_trigger_stage_loses_no_event(store: Store) -> None:
    """If the trigger stage breaks (here on a corrupt saved state), the event is still stored."""
    source = _source(store)
    _integration(store)
    with store.write() as conn:
        subjects.save(conn, "acme", {"message:m1": "not json"}, (), NOW)
    result = ingest(store, source, [parse_event(_mail("e1", "m1"))], NOW)
    assert (result.accepted, result.duplicates) == (1, 0)
    with store.read() as conn:
        assert [e.payload["id"] for e in events.unprocessed(conn)] == ["e1"]
    assert _statuses(store) == []


def test_a_failing_trigger_stage_spares_the_rest_of_its_round(store: Store) -> None:
    """The stage runs in a savepoint per source: one source's failure keeps the others' work."""
    acme, globex = _source(store), _source(store, "globex")
    with store.write() as conn:
        subjects.save(conn, "acme", {"message:m1": "not json"}, (), NOW)
    round_ = [
        checked(acme, [parse_event(_mail("e1", "m1"))]),
        checked(globex, [parse_event(_mail("e2", "m2"))]),
    ]
    results = ingest_together(store, round_, NOW)
    assert [(r.accepted, r.duplicates) for r in results] == [(1, 0), (1, 0)]
    with store.read() as conn:
        assert [e.payload["id"] for e in events.unprocessed(conn)] == ["e1"]
        assert events.outcomes_by_reason(conn) == {"activity": 1, "unprocessed": 1}


def test_a_trigger_stage_failing_halfway_leaves_none_of_its_writes(store: Store) -> None:
    """Its subject state, written before the failure, is rolled back with the rest of it."""
    source = _source(store)
    clash = activities.ActivityRow(
        id=activity_id("acme", "message", "m1"),
        account="acme",
        subject="message:m1",
        channel="mail",
        inbox=None,
        values="{}",
        triggered_at=NOW,
        due_at=NOW,
    )
    with store.write() as conn:
        activities.add_many(conn, [clash])
    ingest(store, source, [parse_event(_mail("e1", "m1"))], NOW)
    with store.read() as conn:
        assert subjects.load(conn, "acme", {"message:m1"}) == {}
        assert [e.payload["id"] for e in events.unprocessed(conn)] == ["e1"]


def test_events_kept_from_a_failed_stage_are_processed_later(store: Store) -> None:
    """Once the cause is gone, the leftovers run through the stage: nothing was lost."""
    source = _source(store)
    _integration(store)
    with store.write() as conn:
        subjects.save(conn, "acme", {"message:m1": "not json"}, (), NOW)
    ingest(store, source, [parse_event(_mail("e1", "m1"))], NOW)
    with store.write() as conn:
        conn.execute(subjects.subjects.delete())
    assert process_leftovers(store, NOW) == 1
    assert [s for _, _, s in _statuses(store)] == ["pending"]
    with store.read() as conn:
        assert events.unprocessed(conn) == []


def test_a_database_failure_in_the_trigger_stage_refuses_the_batch(tmp_path: Path) -> None:
    """The database's own errors are no stage bug: nothing is stored, the sender tries again."""
    with opened(f"sqlite:///{tmp_path / 'broken.db'}") as broken:
        source = _source(broken)
        with broken.write() as conn:
            conn.execute(sa.text("DROP TABLE subjects"))
        with pytest.raises(StoreUnavailable, match="no such table: subjects"):
            ingest(broken, source, [parse_event(_mail("e1", "m1"))], NOW)
        with broken.read() as conn:
            assert events.count(conn) == 0
