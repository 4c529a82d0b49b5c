"""What the demo shows at the end: each source's figures, records per channel, what did not
sync and why, ERRORs and ALERTs, the kintone requests used, and the latency from ingest to
record."""

import statistics
from collections import Counter
from dataclasses import dataclass
from typing import get_args

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Connection

from ticketrelay.demo import relation, sources
from ticketrelay.demo.helpdesks import TITLES
from ticketrelay.demo.run import Demo, Replay
from ticketrelay.demo.sources import STEPS, HookReason, SourceRow
from ticketrelay.intake.trigger_stage import CANCELLED
from ticketrelay.rules import reasons
from ticketrelay.store import errorlog
from ticketrelay.store.activities import activities
from ticketrelay.store.deliveries import deliveries

_REASONS = set(get_args(reasons.Reason))


@dataclass(frozen=True, kw_only=True)
class Summary:
    """The numbers the demo prints."""

    by_source: list[SourceRow]
    records_by_channel: dict[str, int]
    not_synced: dict[str, int]
    steps: int
    hook_reasons: list[HookReason]
    problems: dict[tuple[str, str, str], int]
    kintone_requests: int
    records: int
    latencies: list[float]
    replay: Replay


def summarize(demo: Demo, replay: Replay) -> Summary:
    """Read the numbers from kintone (the simulator) and from ticketrelay's database."""
    records = demo.sim.records(replay.app)
    with demo.relay.store.read() as conn:
        outcomes = sources.outcomes(conn, replay.source_id)
        by_source = sources.rows(conn, replay, records)
        hook_reasons = sources.hook_reasons(conn, replay)
        entries = errorlog.find(conn, replay.integration_id, errorlog.Filter())
        latencies = _latencies(conn)
    return Summary(
        by_source=by_source,
        records_by_channel=dict(Counter(r["channel"]["value"] for r in records).most_common()),
        not_synced=sources.not_synced(outcomes, replay.duplicates),
        steps=sum(n for k, n in outcomes.items() if k in STEPS),
        hook_reasons=hook_reasons,
        problems=dict(Counter((e.severity, e.reason, e.field_code or "") for e in entries)),
        kintone_requests=demo.sim.state.stats.by_app[replay.app],
        records=len(records),
        latencies=latencies,
        replay=replay,
    )


def _latencies(conn: Connection) -> list[float]:
    """Seconds from each delivered activity's trigger to its record, shortest first."""
    query = sa.select(deliveries.c.delivered_at, activities.c.triggered_at).join(
        activities, activities.c.id == deliveries.c.activity_id
    )
    found = conn.execute(query.where(deliveries.c.status == "delivered"))
    return sorted((done - began).total_seconds() for done, began in found)


def render(summary: Summary, console: Console) -> None:
    """Print the summary as tables."""
    _header(summary, console)
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
            "API events that made no record, by reason / 同期されなかったAPIのイベント",
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
            "Webhooks that made no record, by reason / 同期されなかったWebhook",
            ("source", "reason", "why (most often)", "webhooks"),
            ((r.source, r.code, r.detail, r.deliveries) for r in summary.hook_reasons),
        )
    )
    console.print(
        _table(
            "ERRORs and ALERTs / エラーとアラート",
            ("severity", "reason", "field", "activities"),
            ((s.upper(), r, f, n) for (s, r, f), n in sorted(summary.problems.items())),
        )
    )
    console.print(_numbers(summary))


def _header(summary: Summary, console: Console) -> None:
    """What was sent and how long it took, and each source's figures."""
    replay = summary.replay
    console.print(
        f"\n[bold]{replay.events}[/] events replayed through POST /api/v1/events in "
        f"{replay.seconds:.1f} s: {replay.accepted} stored, {replay.duplicates} duplicates."
    )
    for played in replay.hooks:
        sent = played.summary
        console.print(
            f"[bold]{sent.sent}[/] {TITLES[sent.helpdesk]} webhooks posted after them, signed, "
            f"to {sent.url} in {sent.seconds:.1f} s."
        )
    console.print(_relation(replay.relation))
    console.print()
    rows = [(r.name, r.sent, r.synced, r.not_synced, r.records) for r in summary.by_source]
    columns = ("source", "sent", "synced", "not synced", "records")
    total = sum(r.records for r in summary.by_source)
    console.print(_table("Sources / ソースごとの件数", columns, rows, total=total, numbers=4))
    console.print(
        "sent: events of the API, webhooks of Chatwoot and Zendesk, tickets read of Re:lation; "
        "synced and not synced: webhooks of Chatwoot and Zendesk, else events."
    )


def _relation(read: relation.RelationRead) -> str:
    """What the Re:lation source read, and the call kind the demo gave its call memos."""
    seeded = read.seeded
    return (
        f"[bold]{seeded.tickets}[/] Re:lation tickets read meanwhile through its API from "
        f"{seeded.since:%H:%M} UTC on, in {read.requests} requests (at most "
        f"{relation.REQUESTS_PER_MINUTE} a minute), by a Re:lation source.\n"
        f"  通話メモは「{relation.CALL_NAME}」として同期 / call memos sync as "
        f"{relation.CALL_KIND}: Re:lation's API does not say a call's kind, the source's "
        "settings do."
    )


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
    title: str,
    columns: tuple[str, ...],
    rows: object,
    *,
    total: int | None = None,
    numbers: int = 1,
) -> Table:
    table = Table(title=title, title_justify="left")
    for n, column in enumerate(columns):
        table.add_column(column, justify="right" if n >= len(columns) - numbers else "left")
    for row in rows:  # type: ignore[attr-defined]
        table.add_row(*(str(cell) for cell in row))
    if total is not None:
        table.add_section()
        table.add_row("total", *[""] * (len(columns) - 2), str(total))
    return table
