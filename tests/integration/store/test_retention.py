"""Retention: what is older than the period and settled goes, in batches; the rest stays."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from ticketrelay.config import load_settings
from ticketrelay.errors import ConfigError
from ticketrelay.model import Entry, IntegrationSettings
from ticketrelay.store import Store, errorlog, events, integrations, sources, subjects
from ticketrelay.store.activities import ActivityRow, activities
from ticketrelay.store.deliveries import deliveries
from ticketrelay.store.retention import Purged, purge_expired

NOW = datetime(2027, 12, 31, 12, 0, tzinfo=UTC)
DAYS = 400
OLD = NOW - timedelta(days=DAYS + 1)
TABLES = {"events": events.events, "activities": activities, "deliveries": deliveries}


@pytest.fixture
def targets(store: Store) -> list[int]:
    """Two integrations of the account, so that an activity can have two deliveries."""
    settings = IntegrationSettings(
        name="sales", account="acme", base_url="https://acme.cybozu.com", app=7,
        api_token_encrypted="x",
    )  # fmt: skip
    with store.write() as conn:
        return [integrations.add(conn, settings, OLD).id for _ in range(2)]


def history(
    store: Store,
    targets: list[int],
    key: str,
    at: datetime,
    *statuses: str,
    delivered_at: datetime | None = None,
) -> None:
    """A sent mail at `at`: its event, subject state, activity and one delivery per status."""
    with store.write() as conn:
        source = sources.add(conn, account="acme", name=key, token_hash=key, now=at)
        new = events.NewEvent(
            event_id=key, type="message.sent", account="acme", subject=f"message:{key}",
            occurred_at=at, payload={"id": key},
        )  # fmt: skip
        events.insert(conn, source.id, [new], [events.Outcome(outcome="activity")], at)
        subjects.save(conn, "acme", {f"message:{key}": "{}"}, (), at)
        row = ActivityRow(
            id=key, account="acme", subject=f"message:{key}", channel="mail", inbox=None,
            values="{}", triggered_at=at, due_at=at,
        )  # fmt: skip
        conn.execute(sa.insert(activities), [vars(row)])
        for target, status in zip(targets, statuses, strict=False):
            done = (delivered_at or at) if status == "delivered" else None
            conn.execute(
                sa.insert(deliveries),
                {"activity_id": key, "integration_id": target, "status": status,
                 "due_at": at, "delivered_at": done, "created_at": at},
            )  # fmt: skip


def counts(store: Store) -> dict[str, int]:
    """Rows of each table the purge looks at."""
    with store.read() as conn:
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in {**TABLES, "subjects": subjects.subjects}.items()
        }


def purge(store: Store, **options: int) -> Purged:
    """A purge at NOW with the default period, without pauses."""
    return purge_expired(store, NOW, DAYS, pause=0, **options)


def test_old_settled_history_goes_with_exact_counts(store: Store, targets: list[int]) -> None:
    """Delivered, cancelled and never-delivered activities go with their events and subjects."""
    history(store, targets, "delivered", OLD, "delivered")
    history(store, targets, "cancelled", OLD, "cancelled")
    history(store, targets, "nowhere", OLD)
    history(store, targets, "both", OLD, "delivered", "cancelled")
    assert purge(store) == Purged(events=4, activities=4, deliveries=4, subjects=4)
    assert counts(store) == {"events": 0, "activities": 0, "deliveries": 0, "subjects": 0}


def test_history_within_the_period_stays(store: Store, targets: list[int]) -> None:
    """Rows of exactly the period's age, or younger, are kept."""
    history(store, targets, "edge", NOW - timedelta(days=DAYS), "delivered")
    history(store, targets, "young", NOW - timedelta(days=1), "delivered")
    assert purge(store).total == 0
    assert counts(store) == {"events": 2, "activities": 2, "deliveries": 2, "subjects": 2}


def test_pending_and_error_deliveries_keep_activity_and_subject(
    store: Store, targets: list[int]
) -> None:
    """An activity still to deliver, or in error, stays with every delivery and its subject."""
    history(store, targets, "pending", OLD, "pending")
    history(store, targets, "error", OLD, "error")
    history(store, targets, "half", OLD, "delivered", "error")
    assert purge(store) == Purged(events=3)
    assert counts(store) == {"events": 0, "activities": 3, "deliveries": 4, "subjects": 3}


def test_an_old_activity_delivered_within_the_period_stays(
    store: Store, targets: list[int]
) -> None:
    """A delivery that reached kintone recently (after a resend) keeps its activity."""
    history(store, targets, "resent", OLD, "delivered", delivered_at=NOW - timedelta(days=3))
    assert purge(store) == Purged(events=1)
    assert counts(store)["deliveries"] == 1


def test_an_activity_in_the_error_log_stays_until_its_entry_goes(
    store: Store, targets: list[int]
) -> None:
    """The error log's entries keep their activity (values, resend) for the log's own year."""
    history(store, targets, "alerted", OLD, "delivered")
    entry = Entry(
        integration_id=targets[0], at=OLD, severity="alert", activity_id="alerted",
        channel_name="メール", operator="佐藤", start_time=None, value_key="subject",
        field_code="subject", reason="cut", message_ja="切り詰め", message_en="cut",
    )  # fmt: skip
    with store.write() as conn:
        errorlog.add_many(conn, [entry])
    assert purge(store) == Purged(events=1)
    with store.write() as conn:
        errorlog.purge(conn, NOW - timedelta(days=366))
    assert purge(store) == Purged(activities=1, deliveries=1, subjects=1)


def test_an_unprocessed_event_stays_and_keeps_its_subject(store: Store, targets: list[int]) -> None:
    """An event the trigger stage has yet to see waits for it, and so does its subject."""
    history(store, targets, "waiting", OLD, "delivered")
    with store.write() as conn:
        source = sources.add(conn, account="acme", name="late", token_hash="late", now=OLD)
        new = events.NewEvent(
            event_id="undo", type="message.send_undone", account="acme",
            subject="message:waiting", occurred_at=OLD, payload={"id": "undo"},
        )  # fmt: skip
        events.insert(conn, source.id, [new], None, OLD)
    assert purge(store) == Purged(events=1, activities=1, deliveries=1)
    assert counts(store) == {"events": 1, "activities": 0, "deliveries": 0, "subjects": 1}


def test_batches_carry_on_until_nothing_is_left(store: Store, targets: list[int]) -> None:
    """Small batches, with rows that stay among those that go, purge all that may go."""
    for n in range(6):
        history(store, targets, f"h{n}", OLD, "pending" if n % 3 == 0 else "delivered")
    assert purge(store, batch=2) == Purged(events=6, activities=4, deliveries=4, subjects=4)
    assert counts(store) == {"events": 0, "activities": 2, "deliveries": 2, "subjects": 2}


def test_a_call_stops_after_its_batches_and_the_next_carries_on(
    store: Store, targets: list[int]
) -> None:
    """At most `max_batches` batches a table go in one call; the next call takes the rest."""
    for n in range(5):
        history(store, targets, f"h{n}", OLD, "delivered")
    first = purge(store, batch=2, max_batches=1)
    assert first == Purged(events=2, activities=2, deliveries=2, subjects=2)
    assert purge(store, batch=2) == Purged(events=3, activities=3, deliveries=3, subjects=3)


def test_the_period_is_read_from_the_environment() -> None:
    """TICKETRELAY_RETENTION_DAYS is 400 unless set, a whole number of 1 to 36,500 days."""
    base = {"TICKETRELAY_DATABASE_URL": "sqlite://"}
    assert load_settings(base, env_file=None).retention_days == 400
    environ = base | {"TICKETRELAY_RETENTION_DAYS": "30"}
    assert load_settings(environ, env_file=None).retention_days == 30
    for wrong in ("0", "36501", "a year"):
        with pytest.raises(ConfigError, match="TICKETRELAY_RETENTION_DAYS"):
            load_settings(base | {"TICKETRELAY_RETENTION_DAYS": wrong}, env_file=None)
