"""`ticketrelay sources`: every source, how its poll goes, and each Re:lation backfill's progress.

The text form says it in plain words, with a bar for a backfill; `--json` prints one JSON line
a source. Neither shows a token, a secret or a source's settings. `--watch` shows it again
every few seconds until every live Re:lation source has read from its `since` up to now.
"""

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

import typer
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from ticketrelay.cli.common import opened
from ticketrelay.intake.pollers.relation import backfill_progress
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.store.polls import Poll

BAR_WIDTH = 40


@dataclass(frozen=True, kw_only=True)
class Row:
    """A source as listed: its poll if it is read through its helpdesk's API, and, for a
    Re:lation source, the share of the time from its `since` to now read so far."""

    source: Source
    poll: Poll | None
    backfill: float | None


def sources(
    watch: Annotated[
        bool, typer.Option("--watch", help="Show it again every few seconds until backfilled.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line a source.")] = False,
    every: Annotated[
        float, typer.Option(help="Seconds between two looks with --watch.", min=0.1)
    ] = 3.0,
) -> None:
    """List the sources, how their polls go, and the progress of Re:lation backfills."""
    with opened() as (_, relay):
        if not watch:
            _print(read(relay), relay.clock(), as_json)
        elif as_json:
            for rows in _looks(relay, every):
                _print(rows, relay.clock(), as_json=True)
        else:
            _watch(relay, every)


def read(relay: Relay) -> list[Row]:
    """Every source, newest first, with its poll and backfill progress."""
    found, polled, now = relay.list_sources(), relay.hooks.polls(), relay.clock()
    return [_row(source, polled.get(source.id), now) for source in found]


def _row(source: Source, poll: Poll | None, now: datetime) -> Row:
    backfill = None
    if poll is not None and source.kind == "relation":
        backfill = backfill_progress(source.settings, poll.cursor, now)
    return Row(source=source, poll=poll, backfill=backfill)


def backfilling(rows: list[Row]) -> bool:
    """Whether a live, unpaused Re:lation source has yet to read up to now."""
    return any(
        row.backfill is not None
        and row.backfill < 1.0
        and row.source.revoked_at is None
        and row.poll is not None
        and row.poll.paused_code is None
        for row in rows
    )


def _looks(relay: Relay, every: float) -> Iterator[list[Row]]:
    """The rows now, and again every `every` seconds while a backfill goes on."""
    while True:
        rows = read(relay)
        yield rows
        if not backfilling(rows):
            return
        time.sleep(every)


def _watch(relay: Relay, every: float) -> None:
    console = Console(highlight=False)
    if not console.is_terminal:
        for rows in _looks(relay, every):
            console.print(render(rows, relay.clock()))
        return
    with Live(console=console, auto_refresh=False) as live:
        for rows in _looks(relay, every):
            live.update(render(rows, relay.clock()), refresh=True)


def _print(rows: list[Row], now: datetime, as_json: bool) -> None:
    if as_json:
        for row in rows:
            typer.echo(json.dumps(as_line(row), ensure_ascii=False))
        return
    Console(highlight=False).print(render(rows, now))


def as_line(row: Row) -> dict[str, Any]:
    """A row as its JSON line: times in RFC 3339, the backfill as a share rounded to 0.01."""
    source, poll = row.source, row.poll
    line: dict[str, Any] = {
        "id": source.id,
        "account": source.account,
        "name": source.name,
        "kind": source.kind,
        "revoked": source.revoked_at is not None,
        "poll": None,
    }
    if poll is not None:
        line["poll"] = {
            "last_read": _iso(poll.polled_at),
            "next_read": _iso(poll.next_at),
            "failures": poll.failures,
            "last_error": poll.last_error,
            "paused": None if poll.paused_code is None else poll.paused_reason,
            "backfill": None if row.backfill is None else round(row.backfill, 2),
        }
    return line


def render(rows: list[Row], now: datetime) -> RenderableType:
    """The rows in plain words, a backfill as a bar with its percent."""
    if not rows:
        return Text("There are no sources yet.")
    return Group(*(part for row in rows for part in _block(row, now)))


def _block(row: Row, now: datetime) -> Iterator[RenderableType]:
    source, poll = row.source, row.poll
    state = "revoked" if source.revoked_at is not None else "live"
    yield Text(f"Source {source.id}: {source.name} of {source.account} ({source.kind}, {state})")
    if poll is None:
        yield Text("  not polled: its helpdesk sends its events")
        return
    yield Text(f"  {_reads(poll, now)}")
    if poll.paused_code is not None:
        yield Text(f"  paused until its credential is replaced: {poll.paused_reason}")
    elif poll.failures:
        tries = "poll has" if poll.failures == 1 else f"{poll.failures} polls in a row have"
        yield Text(f"  the last {tries} failed: {poll.last_error}")
    if row.backfill is not None:
        yield _bar(row.backfill)


def _reads(poll: Poll, now: datetime) -> str:
    last = "not read yet"
    if poll.polled_at is not None:
        last = f"last read {_shown(poll.polled_at)} ({_ago(poll.polled_at, now)})"
    if poll.paused_code is not None:
        return f"{last}; no next read while paused"
    when = "due now" if poll.next_at <= now else _ago(poll.next_at, now)
    return f"{last}; next read {_shown(poll.next_at)} ({when})"


def _bar(done: float) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_row(
        Text("  backfill"),
        ProgressBar(total=1.0, completed=done, width=BAR_WIDTH),
        Text(f"{_percent(done)}%"),
    )
    return grid


def _percent(done: float) -> int:
    """Whole percent, 100 only once done: a backfill at 99.6% is not shown as finished."""
    whole = round(done * 100)
    return 99 if whole == 100 and done < 1.0 else whole


def _shown(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S UTC")


def _ago(at: datetime, now: datetime) -> str:
    """How far `at` is from now, in words."""
    gap = at - now
    span = abs(gap)
    if span < timedelta(minutes=1):
        return "just now" if gap <= timedelta(0) else "in under a minute"
    if span < timedelta(hours=2):
        amount = f"{int(span.total_seconds() // 60)} min"
    elif span < timedelta(days=2):
        amount = f"{int(span.total_seconds() // 3600)} h"
    else:
        amount = f"{span.days} days"
    return f"in {amount}" if gap > timedelta(0) else f"{amount} ago"


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat().replace("+00:00", "Z")
