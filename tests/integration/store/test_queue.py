"""The outbox and what workers share: events, deliveries, leases, slots and budgets."""

import json
from datetime import UTC, date, datetime, timedelta

from ticketrelay.model import Entry, IntegrationSettings
from ticketrelay.store import (
    Store,
    activities,
    deliveries,
    errorlog,
    events,
    integrations,
    leases,
    limits,
    sources,
)

NOW = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=1)


def _integration(store: Store, *, enabled: bool = True) -> int:
    settings = IntegrationSettings(
        name="sales",
        account="acme",
        base_url="https://acme.cybozu.com",
        app=7,
        api_token_encrypted="x",
        enabled=enabled,
    )
    with store.write() as conn:
        return integrations.add(conn, settings, NOW).id


def _queue(store: Store, integration_id: int, count: int, due_at: datetime = NOW) -> None:
    rows = [
        activities.ActivityRow(
            id=f"a{n:05d}",
            account="acme",
            subject=f"message:{n}",
            channel="mail",
            inbox=None,
            values=json.dumps({"n": n}),
            triggered_at=NOW,
            due_at=due_at,
        )
        for n in range(count)
    ]
    with store.write() as conn:
        activities.add_many(conn, rows)
        deliveries.add_many(conn, [(r.id, integration_id, due_at) for r in rows], NOW)


def test_known_event_ids_are_per_source(store: Store) -> None:
    """An event ID counts as known only for the source that sent it."""
    with store.write() as conn:
        source = sources.add(conn, account="acme", name="desk", token_hash="h", now=NOW)
        other = sources.add(conn, account="acme", name="desk2", token_hash="h2", now=NOW)

    def event(event_id: str) -> events.NewEvent:
        return events.NewEvent(
            event_id=event_id,
            type="message.sent",
            account="acme",
            subject="message:1",
            occurred_at=NOW,
            payload={"id": event_id},
        )

    with store.write() as conn:
        events.insert(conn, source.id, [event("e1"), event("e2")], None, NOW)
        assert events.known_ids(conn, source.id, ["e1", "e2", "e3"]) == {"e1", "e2"}
        assert events.known_ids(conn, other.id, ["e1"]) == set()
        assert [e.payload["id"] for e in events.unprocessed(conn)] == ["e1", "e2"]
        events.insert(conn, other.id, [event("e1")], [events.Outcome(outcome="broadcast")], NOW)
        assert events.count(conn) == 3
        assert events.outcomes_by_reason(conn) == {"unprocessed": 2, "broadcast": 1}


def test_due_deliveries_come_oldest_first_and_only_when_due(store: Store) -> None:
    """A worker sees at most `limit` pending deliveries whose time has come."""
    integration_id = _integration(store)
    _queue(store, integration_id, 150)
    with store.read() as conn:
        batch = deliveries.due(conn, integration_id, NOW, 100)
        early = deliveries.due(conn, integration_id, NOW - timedelta(seconds=1), 100)
    assert [d.activity_id for d in batch] == [f"a{n:05d}" for n in range(100)]
    assert batch[0].values == '{"n": 0}'
    assert early == []


def test_delivered_retried_and_failed_deliveries(store: Store) -> None:
    """Each outcome updates status, attempts, times and the record ID."""
    integration_id = _integration(store)
    _queue(store, integration_id, 3)
    with store.read() as conn:
        ids = [d.id for d in deliveries.due(conn, integration_id, NOW, 10)]
    with store.write() as conn:
        deliveries.delivered(conn, [(ids[0], "101")], NOW)
        deliveries.retry_later(conn, [ids[1]], due_at=LATER, error="503", now=NOW)
        deliveries.failed(conn, [ids[2]], error="CB_VA01", now=NOW)
    with store.read() as conn:
        states = deliveries.of_activities(conn, ["a00000", "a00001", "a00002"])
        assert deliveries.due(conn, integration_id, NOW, 10) == []
        retried = deliveries.due(conn, integration_id, LATER, 10)
    assert states["a00000"][0]["status"] == "delivered"
    assert states["a00000"][0]["record_id"] == "101"
    assert states["a00001"][0]["status"] == "pending"
    assert states["a00001"][0]["attempts"] == 1
    assert states["a00002"][0]["status"] == "error"
    assert [(d.activity_id, d.attempts, d.first_attempt_at) for d in retried] == [
        ("a00001", 1, NOW)
    ]


def test_errors_can_be_queued_again(store: Store) -> None:
    """Resend puts errored deliveries back in the queue, due now, with a fresh retry window."""
    integration_id = _integration(store)
    _queue(store, integration_id, 3)
    with store.read() as conn:
        ids = [d.id for d in deliveries.due(conn, integration_id, NOW, 10)]
    with store.write() as conn:
        deliveries.failed(conn, ids, error="x", now=NOW)
        one = deliveries.requeue_errors(conn, integration_id, ["a00001"], LATER)
        rest = deliveries.requeue_errors(conn, integration_id, None, LATER)
    assert one == ["a00001"]
    assert sorted(rest) == ["a00000", "a00002"]
    with store.read() as conn:
        again = deliveries.due(conn, integration_id, LATER, 10)
    assert {(d.attempts, d.first_attempt_at) for d in again} == {(0, None)}


def test_cancel_leaves_sent_deliveries_alone(store: Store) -> None:
    """Cancelling an activity stops what is pending; what kintone holds stays."""
    first = _integration(store)
    second = _integration(store)
    _queue(store, first, 1)
    with store.write() as conn:
        deliveries.add_many(conn, [("a00000", second, NOW)], NOW)
        (sent,) = deliveries.due(conn, first, NOW, 1)
        deliveries.delivered(conn, [(sent.id, "5")], NOW)
        assert deliveries.cancel_pending(conn, "a00000") == 1
    with store.read() as conn:
        statuses = {
            d["integration_id"]: d["status"]
            for d in deliveries.of_activities(conn, ["a00000"])["a00000"]
        }
    assert statuses == {first: "delivered", second: "cancelled"}


def test_candidates_skip_disabled_and_paused_integrations(store: Store) -> None:
    """Only enabled integrations, and paused ones whose probe is due, have work."""
    active = _integration(store)
    off = _integration(store, enabled=False)
    paused = _integration(store)
    _queue(store, active, 1)
    with store.write() as conn:
        deliveries.add_many(conn, [("a00000", off, NOW), ("a00000", paused, NOW)], NOW)
        integrations.pause(
            conn, paused, code="GAIA_IA02", reason="bad token", now=NOW, probe_at=LATER
        )
    with store.read() as conn:
        assert deliveries.candidates(conn, NOW) == [active]
        assert sorted(deliveries.candidates(conn, LATER)) == sorted([active, paused])
        assert deliveries.next_due_at(conn) == NOW


def test_a_lease_has_one_owner_until_it_expires(store: Store) -> None:
    """Two workers never hold the same integration; an expired lease can be taken over."""
    integration_id = _integration(store)
    with store.write() as conn:
        assert leases.take_lease(conn, integration_id, "w1", NOW, LATER)
        assert not leases.take_lease(conn, integration_id, "w2", NOW, LATER)
        assert leases.take_lease(conn, integration_id, "w1", NOW, LATER)
        assert leases.take_lease(conn, integration_id, "w2", LATER + timedelta(seconds=1), LATER)
        leases.release_lease(conn, integration_id, "w1")
        assert not leases.take_lease(conn, integration_id, "w3", NOW, LATER)
        leases.release_lease(conn, integration_id, "w2")
        assert leases.take_lease(conn, integration_id, "w3", NOW, LATER)


def test_domain_slots_cap_requests_in_flight(store: Store) -> None:
    """At most `cap` requests per domain at once; a slot frees when released or expired."""
    with store.write() as conn:
        taken = [
            limits.take_slot(conn, "acme.cybozu.com", 2, f"w{n}", NOW, LATER) for n in range(3)
        ]
        other = limits.take_slot(conn, "other.cybozu.com", 2, "w9", NOW, LATER)
    assert taken == [0, 1, None]
    assert other == 0
    with store.write() as conn:
        limits.release_slot(conn, "acme.cybozu.com", 1, "w1")
        assert limits.take_slot(conn, "acme.cybozu.com", 2, "w2", NOW, LATER) == 1
        assert (
            limits.take_slot(conn, "acme.cybozu.com", 2, "w3", LATER + timedelta(seconds=1), LATER)
            == 0
        )


def test_daily_budget_counts_requests_per_day(store: Store) -> None:
    """Requests beyond the budget of the day are refused; the next day starts at zero."""
    integration_id = _integration(store)
    day = date(2026, 11, 25)
    with store.write() as conn:
        spent = [limits.spend(conn, integration_id, day, 3) for _ in range(4)]
        tomorrow = limits.spend(conn, integration_id, day + timedelta(days=1), 3)
        assert limits.used(conn, integration_id, day) == 3
    assert spent == [True, True, True, False]
    assert tomorrow


def test_error_log_entries_older_than_a_year_are_purged(store: Store) -> None:
    """Purge deletes what is older than the cut-off and keeps the rest."""
    integration_id = _integration(store)

    def entry(days_ago: int) -> Entry:
        return Entry(
            integration_id=integration_id,
            at=NOW - timedelta(days=days_ago),
            severity="error",
            activity_id=f"a{days_ago}",
            channel_name="メール",
            operator="佐藤 花子",
            start_time=None,
            value_key=None,
            field_code=None,
            reason="too_long",
            message_ja="長すぎます。",
            message_en="Too long.",
        )

    with store.write() as conn:
        errorlog.add_many(conn, [entry(1), entry(365), entry(367), entry(800)])
        assert errorlog.purge(conn, NOW - timedelta(days=366)) == 2
        kept = errorlog.find(conn, integration_id, errorlog.Filter())
    assert [e.activity_id for e in kept] == ["a1", "a365"]
