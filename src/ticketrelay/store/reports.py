"""Read-only queries across tables for the settings page: the integrations list with its
counts and chart, each integration's kintone requests today, and the error log's filters and
entry detail."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.model import Entry, Integration
from ticketrelay.store import errorlog
from ticketrelay.store.activities import activities, get_many
from ticketrelay.store.deliveries import deliveries, of_activities
from ticketrelay.store.errorlog import error_log, recent_counts
from ticketrelay.store.limits import request_budgets, used

CHART_DAYS = 14


@dataclass(frozen=True, kw_only=True)
class IntegrationStats:
    """What the integrations list shows beside each integration."""

    pending: int = 0
    delivered_today: int = 0
    errors_24h: int = 0
    alerts_24h: int = 0
    last_delivered_at: datetime | None = None
    requests_today: int = 0


@dataclass(frozen=True, kw_only=True)
class DayCounts:
    """Records delivered on one local day, by channel key."""

    day: date
    by_channel: dict[str, int]

    @property
    def total(self) -> int:
        """Records of every channel that day."""
        return sum(self.by_channel.values())


@dataclass(frozen=True, kw_only=True)
class Overview:
    """The integrations list: each integration with its counts, and the chart's days."""

    rows: list[tuple[Integration, IntegrationStats]]
    days: list[DayCounts]


@dataclass(frozen=True, kw_only=True)
class EntryDetail:
    """An error-log entry, its activity's values, and the fate of its delivery there."""

    entry: Entry
    values: dict[str, Any] | None
    delivery: dict[str, Any] | None


def start_of_day(moment: datetime, zone: tzinfo) -> datetime:
    """Local midnight of the day `moment` falls on in `zone`."""
    local = moment.astimezone(zone)
    return datetime.combine(local.date(), time(), tzinfo=zone)


def integration_stats(
    conn: Connection, found: Sequence[tuple[Integration, tzinfo]], now: datetime
) -> dict[int, IntegrationStats]:
    """Per integration: pending deliveries, records today (in its zone), last day's problems."""
    d = deliveries.c
    pending = _by_integration(conn, sa.func.count(), d.status == "pending")
    last = _by_integration(conn, sa.func.max(d.delivered_at), d.status == "delivered")
    problems = recent_counts(conn, now - timedelta(hours=24))
    requests = _requests_on(conn, _kintone_day(now))
    return {
        integration.id: IntegrationStats(
            pending=pending.get(integration.id, 0),
            delivered_today=_delivered_since(conn, integration.id, start_of_day(now, zone)),
            errors_24h=problems.get((integration.id, "error"), 0),
            alerts_24h=problems.get((integration.id, "alert"), 0),
            last_delivered_at=last.get(integration.id),
            requests_today=requests.get(integration.id, 0),
        )
        for integration, zone in found
    }


def requests_today(conn: Connection, integration_id: int, now: datetime) -> int:
    """The kintone requests an integration has made on kintone's day (UTC) of `now`."""
    return used(conn, integration_id, _kintone_day(now))


def _kintone_day(now: datetime) -> date:
    """The day kintone counts requests in: it starts at 00:00 UTC."""
    return now.astimezone(UTC).date()


def _by_integration(
    conn: Connection, column: sa.ColumnElement[Any], where: sa.ColumnElement[bool]
) -> dict[int, Any]:
    d = deliveries.c
    query = sa.select(d.integration_id, column).where(where).group_by(d.integration_id)
    return {row[0]: row[1] for row in conn.execute(query)}


def _requests_on(conn: Connection, day: date) -> dict[int, int]:
    b = request_budgets.c
    query = sa.select(b.integration_id, b.used).where(b.day == day)
    return {row[0]: row[1] for row in conn.execute(query)}


def _delivered_since(conn: Connection, integration_id: int, since: datetime) -> int:
    d = deliveries.c
    query = sa.select(sa.func.count()).where(
        d.integration_id == integration_id, d.status == "delivered", d.delivered_at >= since
    )
    return conn.execute(query).scalar_one()


def daily_channels(
    conn: Connection, now: datetime, zone: tzinfo, days: int = CHART_DAYS
) -> list[DayCounts]:
    """Records delivered per local day and channel, for the last `days` days, oldest first."""
    today = start_of_day(now, zone).date()
    day_list = [today - timedelta(days=n) for n in range(days - 1, -1, -1)]
    starts = [datetime.combine(day, time(), tzinfo=zone) for day in day_list]
    d = deliveries.c
    bucket = sa.case(
        *((d.delivered_at >= start, index) for index, start in reversed(list(enumerate(starts)))),
        else_=-1,
    ).label("bucket")
    query = (
        sa.select(bucket, activities.c.channel, sa.func.count())
        .join(activities, activities.c.id == d.activity_id)
        .where(d.status == "delivered", d.delivered_at >= starts[0])
        .group_by(bucket, activities.c.channel)
    )
    counts: list[dict[str, int]] = [{} for _ in day_list]
    for index, channel, count in conn.execute(query):
        if 0 <= index < days:
            counts[index][channel] = counts[index].get(channel, 0) + count
    return [DayCounts(day=day, by_channel=c) for day, c in zip(day_list, counts, strict=True)]


def error_filters(conn: Connection, integration_id: int) -> tuple[list[str], list[str]]:
    """The channel names and field codes that occur in an integration's error log."""
    c = error_log.c
    mine = c.integration_id == integration_id
    channels = conn.execute(
        sa.select(c.channel_name).where(mine).distinct().order_by(c.channel_name)
    ).scalars()
    fields = conn.execute(
        sa.select(c.field_code)
        .where(mine, c.field_code.is_not(None))
        .distinct()
        .order_by(c.field_code)
    ).scalars()
    return list(channels), [f for f in fields if f]


def overview(
    conn: Connection, found: Sequence[tuple[Integration, tzinfo]], now: datetime, zone: tzinfo
) -> Overview:
    """The integrations with their counts, and the chart of the days local to `zone`."""
    stats = integration_stats(conn, found, now)
    return Overview(
        rows=[(integration, stats[integration.id]) for integration, _ in found],
        days=daily_channels(conn, now, zone),
    )


def entry_detail(conn: Connection, integration_id: int, entry_id: int) -> EntryDetail | None:
    """An entry of an integration's error log with its activity and that delivery's fate."""
    entry = errorlog.get(conn, integration_id, entry_id)
    if entry is None:
        return None
    stored = get_many(conn, [entry.activity_id]).get(entry.activity_id)
    fates = of_activities(conn, [entry.activity_id]).get(entry.activity_id, [])
    return EntryDetail(
        entry=entry,
        values=json.loads(stored.values) if stored else None,
        delivery=next((f for f in fates if f["integration_id"] == integration_id), None),
    )
