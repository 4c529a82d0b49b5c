"""What the demo shows at the end: records per channel, what did not sync and why, ERRORs and
ALERTs, the kintone requests used, and the latency from ingest to record."""

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import get_args

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table

from ticketrelay.demo.app import DEMO_ACCOUNT
from ticketrelay.demo.run import Demo, Replay
from ticketrelay.intake.trigger_stage import CANCELLED, READY
from ticketrelay.rules import reasons
from ticketrelay.store import errorlog, events
from ticketrelay.store.activities import activities
from ticketrelay.store.deliveries import deliveries

_REASONS = set(get_args(reasons.Reason))
# Outcomes of events that are steps towards an activity rather than a reason not to sync.
STEPS = frozenset({"waiting_for_close", "waiting_for_memo", "waiting_for_call_end"})


@dataclass(frozen=True, kw_only=True)
class Summary:
    """The numbers the demo prints."""

    records_by_channel: dict[str, int]
    not_synced: dict[str, int]
    steps: int
    problems: dict[tuple[str, str, str], int]
    kintone_requests: int
    records: int
    latencies: list[float]
    replay: Replay


def summarize(demo: Demo, replay: Replay) -> Summary:
    """Read the numbers from kintone (the simulator) and from ticketrelay's database."""
    records = demo.sim.records(replay.app)
    with demo.relay.store.read() as conn:
        outcomes = events.outcomes_by_reason(conn, DEMO_ACCOUNT)
        entries = errorlog.find(conn, replay.integration_id, errorlog.Filter())
        latencies = [
            (done - began).total_seconds()
            for done, began in conn.execute(
                sa.select(deliveries.c.delivered_at, activities.c.triggered_at)
                .join(activities, activities.c.id == deliveries.c.activity_id)
                .where(deliveries.c.status == "delivered")
            )
        ]
    not_synced = {k: n for k, n in outcomes.items() if k != READY and k not in STEPS}
    if replay.duplicates:
        not_synced["duplicate"] = replay.duplicates
    return Summary(
        records_by_channel=dict(Counter(r["channel"]["value"] for r in records).most_common()),
        not_synced=not_synced,
        steps=sum(n for k, n in outcomes.items() if k in STEPS),
        problems=dict(Counter((e.severity, e.reason, e.field_code or "") for e in entries)),
        kintone_requests=demo.sim.state.stats.by_app[replay.app],
        records=len(records),
        latencies=sorted(latencies),
        replay=replay,
    )


def render(summary: Summary, console: Console) -> None:
    """Print the summary as tables."""
    replay = summary.replay
    console.print(
        f"\n[bold]{replay.events}[/] events replayed through POST /api/v1/events in "
        f"{replay.seconds:.1f} s: {replay.accepted} stored, {replay.duplicates} duplicates.\n"
    )
    console.print(
        _table(
            "kintone records by channel name / チャネル名ごとのレコード",
            ("channel name", "records"),
            summary.records_by_channel.items(),
            total=summary.records,
        )
    )
    console.print(
        _table(
            "Events that made no record, by reason / 同期されなかったイベント",
            ("reason", "why", "events"),
            (
                (k, _reason(k), n)
                for k, n in sorted(summary.not_synced.items(), key=lambda kv: -kv[1])
            ),
        )
    )
    console.print(
        f"{summary.steps} more events were steps towards an activity (chat editors opened and "
        "messages sent before the close, calls ended before their memo, or memos before the end)."
    )
    console.print(
        _table(
            "ERRORs and ALERTs / エラーとアラート",
            ("severity", "reason", "field", "activities"),
            ((s.upper(), r, f, n) for (s, r, f), n in sorted(summary.problems.items())),
        )
    )
    console.print(_numbers(summary))


def _reason(key: str) -> str:
    if key == "duplicate":
        return "The same event id was sent again; it is stored once."
    if key == CANCELLED:
        return "The send was undone within its undo window, so it never syncs."
    if key in _REASONS:
        return reasons.english(key)  # type: ignore[arg-type]
    return key


def _numbers(summary: Summary) -> Table:
    table = Table(title="kintone requests and latency / リクエスト数と遅延", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    latencies = summary.latencies or [0.0]
    p99 = latencies[max(int(len(latencies) * 0.99) - 1, 0)]
    table.add_row("records in kintone", str(summary.records))
    table.add_row("kintone requests used (incl. reads)", str(summary.kintone_requests))
    table.add_row("requests one record at a time would use", str(summary.records))
    table.add_row("latency ingest → record, p50", f"{statistics.median(latencies) * 1000:.0f} ms")
    table.add_row("latency ingest → record, p99", f"{p99 * 1000:.0f} ms")
    return table


def _table(
    title: str, columns: tuple[str, ...], rows: object, *, total: int | None = None
) -> Table:
    table = Table(title=title, title_justify="left")
    for n, column in enumerate(columns):
        table.add_column(column, justify="right" if n == len(columns) - 1 else "left")
    for row in rows:  # type: ignore[attr-defined]
        table.add_row(*(str(cell) for cell in row))
    if total is not None:
        table.add_section()
        table.add_row("total", str(total))
    return table
