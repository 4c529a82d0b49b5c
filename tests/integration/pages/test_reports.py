"""The settings page's queries on both databases: per-integration counts, the daily chart,
and the error log's filters and entry detail."""

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ticketrelay.model import Entry, Integration, IntegrationSettings
from ticketrelay.store import (
    Store,
    activities,
    deliveries,
    errorlog,
    integrations,
    limits,
    reports,
)

TOKYO = ZoneInfo("Asia/Tokyo")
# 08:00 in Tokyo on 2026-11-25, which is 23:00 UTC on the 24th.
NOW = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)


def _integration(store: Store, name: str = "sales") -> Integration:
    settings = IntegrationSettings(
        name=name,
        account="acme",
        base_url="https://acme.cybozu.com",
        app=7,
        api_token_encrypted="x",
    )
    with store.write() as conn:
        return integrations.add(conn, settings, NOW)


def _delivered(
    store: Store, integration_id: int, channel: str, at: datetime, *, status: str = "delivered"
) -> None:
    with store.read() as conn:
        n = len(activities.recent(conn, account=None, limit=10_000))
    row = activities.ActivityRow(
        id=f"a{n:05d}",
        account="acme",
        subject=f"s{n}",
        channel=channel,
        inbox=None,
        values=json.dumps({}),
        triggered_at=at,
        due_at=at,
    )
    with store.write() as conn:
        activities.add_many(conn, [row])
        deliveries.add_many(conn, [(row.id, integration_id, at)], at)
        if status == "delivered":
            (delivery_id,) = [d.id for d in deliveries.due(conn, integration_id, at, 1)]
            deliveries.delivered(conn, [(delivery_id, "1")], at)


def _logged(
    store: Store, integration_id: int, severity: str, at: datetime, activity_id: str = "a"
) -> None:
    entry = Entry(
        integration_id=integration_id,
        at=at,
        severity="error" if severity == "error" else "alert",
        activity_id=activity_id,
        channel_name="メール",
        operator="佐藤 花子",
        start_time=None,
        value_key="subject",
        field_code="subject",
        reason="too_long",
        message_ja="長すぎます",
        message_en="Too long",
    )
    with store.write() as conn:
        errorlog.add_many(conn, [entry])


def test_stats_count_pending_today_problems_and_the_last_delivery(store: Store) -> None:
    """Today starts at midnight in the integration's zone; problems count for 24 hours."""
    sales = _integration(store)
    _delivered(store, sales.id, "mail", NOW - timedelta(hours=7, minutes=59))
    _delivered(store, sales.id, "mail", NOW - timedelta(hours=8, minutes=1))
    _delivered(store, sales.id, "sms", NOW, status="pending")
    _logged(store, sales.id, "error", NOW - timedelta(hours=23))
    _logged(store, sales.id, "error", NOW - timedelta(hours=25))
    _logged(store, sales.id, "alert", NOW - timedelta(minutes=1))
    with store.read() as conn:
        stats = reports.integration_stats(conn, [(sales, TOKYO)], NOW)
    assert stats[sales.id] == reports.IntegrationStats(
        pending=1,
        delivered_today=1,
        errors_24h=1,
        alerts_24h=1,
        last_delivered_at=NOW - timedelta(hours=7, minutes=59),
    )


def test_stats_of_an_integration_without_work_are_zero(store: Store) -> None:
    """A new integration shows zeros and no last delivery."""
    quiet = _integration(store)
    with store.read() as conn:
        stats = reports.integration_stats(conn, [(quiet, UTC)], NOW)
    assert stats[quiet.id] == reports.IntegrationStats()


def test_today_follows_the_integrations_time_zone(store: Store) -> None:
    """A record of 14:30 UTC is today in UTC, but 23:30 of yesterday in Tokyo."""
    sales = _integration(store)
    _delivered(store, sales.id, "mail", NOW - timedelta(hours=8, minutes=30))
    with store.read() as conn:
        utc = reports.integration_stats(conn, [(sales, UTC)], NOW)[sales.id]
        tokyo = reports.integration_stats(conn, [(sales, TOKYO)], NOW)[sales.id]
    assert (utc.delivered_today, tokyo.delivered_today) == (1, 0)


def test_requests_today_count_on_kintones_day_in_utc(store: Store) -> None:
    """At 08:00 in Tokyo, kintone's day is still yesterday's in UTC: its count is today's."""
    sales, quiet = _integration(store), _integration(store, "quiet")
    with store.write() as conn:
        for day, requests in ((date(2026, 11, 24), 3), (date(2026, 11, 25), 5)):
            for _ in range(requests):
                limits.spend(conn, sales.id, day, 10_000)
    with store.read() as conn:
        stats = reports.integration_stats(conn, [(sales, TOKYO), (quiet, TOKYO)], NOW)
        assert [stats[i.id].requests_today for i in (sales, quiet)] == [3, 0]
        assert reports.requests_today(conn, sales.id, NOW) == 3
        assert reports.requests_today(conn, sales.id, NOW + timedelta(hours=1)) == 5


def test_the_chart_counts_fourteen_local_days_by_channel(store: Store) -> None:
    """Each record falls on its day in Tokyo; older ones and undelivered ones are left out."""
    sales, support = _integration(store), _integration(store, "support")
    _delivered(store, sales.id, "mail", NOW)
    _delivered(store, support.id, "mail", NOW - timedelta(hours=7))
    _delivered(store, sales.id, "line", NOW - timedelta(hours=9))
    _delivered(store, sales.id, "call", NOW - timedelta(days=13))
    _delivered(store, sales.id, "call", NOW - timedelta(days=14))
    _delivered(store, sales.id, "memo", NOW, status="pending")
    with store.read() as conn:
        days = reports.daily_channels(conn, NOW, TOKYO)
    assert len(days) == 14
    assert days[0].day == date(2026, 11, 12)
    assert days[-1].day == date(2026, 11, 25)
    assert days[-1].by_channel == {"mail": 2}
    assert days[-2].by_channel == {"line": 1}
    assert days[0].by_channel == {"call": 1}
    assert sum(d.total for d in days) == 4


def test_the_error_filters_offer_what_the_log_holds(store: Store) -> None:
    """The channel and field filters list the values that occur in the log."""
    sales = _integration(store)
    _logged(store, sales.id, "error", NOW)
    with store.read() as conn:
        assert reports.error_filters(conn, sales.id) == (["メール"], ["subject"])


def test_the_overview_pairs_each_integration_with_its_counts(store: Store) -> None:
    """The list shows each integration with its own counts, under the chart's days."""
    sales, quiet = _integration(store), _integration(store, "quiet")
    _delivered(store, sales.id, "mail", NOW)
    with store.read() as conn:
        found = reports.overview(conn, [(sales, TOKYO), (quiet, TOKYO)], NOW, TOKYO)
    assert [(i.name, s.delivered_today) for i, s in found.rows] == [("sales", 1), ("quiet", 0)]
    assert found.days[-1].by_channel == {"mail": 1}


def test_an_entry_comes_with_its_activity_and_its_delivery(store: Store) -> None:
    """An entry's detail holds its activity's values and the fate of that delivery."""
    sales = _integration(store)
    _delivered(store, sales.id, "mail", NOW, status="pending")
    _logged(store, sales.id, "error", NOW, activity_id="a00000")
    with store.read() as conn:
        (entry,) = errorlog.find(conn, sales.id, errorlog.Filter())
        detail = reports.entry_detail(conn, sales.id, entry.id)
    assert detail == reports.EntryDetail(
        entry=entry,
        values={},
        delivery={
            "integration_id": sales.id,
            "status": "pending",
            "record_id": None,
            "attempts": 0,
            "last_error": None,
        },
    )


def test_an_entry_whose_activity_is_gone_has_no_values(store: Store) -> None:
    """Without its activity, an entry's detail has neither values nor a delivery."""
    sales = _integration(store)
    _logged(store, sales.id, "alert", NOW, activity_id="gone")
    with store.read() as conn:
        (entry,) = errorlog.find(conn, sales.id, errorlog.Filter())
        detail = reports.entry_detail(conn, sales.id, entry.id)
    assert detail == reports.EntryDetail(entry=entry, values=None, delivery=None)


def test_an_entry_of_another_integration_is_not_found(store: Store) -> None:
    """An entry is found only under the integration whose log holds it."""
    sales, support = _integration(store), _integration(store, "support")
    _logged(store, sales.id, "error", NOW)
    with store.read() as conn:
        (entry,) = errorlog.find(conn, sales.id, errorlog.Filter())
        assert reports.entry_detail(conn, support.id, entry.id) is None
