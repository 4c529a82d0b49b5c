"""`ticketrelay ingest FILE.jsonl`: store the events of a JSON Lines file, 100 at a time."""

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from ticketrelay.cli.common import fail, opened
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.rules.events import Event, EventError, TimeWindow, parse_event

BATCH = 100
SHOWN_PROBLEMS = 50
SOURCE_NAME = "ticketrelay ingest"
MAX_ACCOUNT = 128


@dataclass
class Tally:
    """What happened to the lines of the file."""

    accepted: int = 0
    duplicates: int = 0
    invalid: int = 0


def ingest(
    file: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, readable=True, help="JSON Lines: one event per line."
        ),
    ],
    source_token: Annotated[
        str | None,
        typer.Option(envvar="TICKETRELAY_SOURCE_TOKEN", help="The token of the sending source."),
    ] = None,
    account: Annotated[
        str | None,
        typer.Option(help=f"Send as this account's source {SOURCE_NAME!r}, made on first use."),
    ] = None,
) -> None:
    """Store a file's events like the event API does; invalid lines are reported and skipped.

    Exits 1 when a line was invalid. Running it again is safe: events already stored count
    as duplicates and change nothing.
    """
    if (source_token is None) == (account is None):
        raise fail("Give --source-token or --account, one of the two.", 2)
    with opened() as (settings, relay):
        source = _source(relay, source_token, account)
        tally = _ingest_file(relay, source, file, settings.time_window)
    typer.echo(
        f"{tally.accepted} accepted, {tally.duplicates} duplicates, "
        f"{tally.invalid} invalid lines skipped."
    )
    if tally.invalid:
        raise typer.Exit(1)


def _source(relay: Relay, token: str | None, account: str | None) -> Source:
    if token is not None:
        found = relay.authenticate(token)
        if found is None:
            raise fail("The source token is wrong or was revoked.")
        return found
    assert account is not None
    if not 1 <= len(account.strip()) <= MAX_ACCOUNT:
        raise fail(f"The account must have 1 to {MAX_ACCOUNT} characters.", 2)
    for source in relay.list_sources():
        if (source.account, source.name, source.revoked_at) == (account, SOURCE_NAME, None):
            return source
    return relay.create_source(account, SOURCE_NAME)[0]


def _ingest_file(relay: Relay, source: Source, path: Path, window: TimeWindow) -> Tally:
    tally = Tally()
    with Progress(console=Console(stderr=True)) as progress, path.open("rb") as lines:
        task = progress.add_task(f"ingest {path.name}", total=path.stat().st_size)
        batch: list[Event] = []
        for number, line in enumerate(lines, 1):
            progress.advance(task, len(line))
            event = _event(line, source.account, relay.clock(), window) if line.strip() else None
            if isinstance(event, list):
                tally.invalid += 1
                _report(progress, tally.invalid, [f"line {number}: {p}" for p in event])
            elif event is not None:
                batch.append(event)
            if len(batch) == BATCH:
                _store(relay, source, batch, tally)
        _store(relay, source, batch, tally)
    if tally.invalid > SHOWN_PROBLEMS:
        typer.echo(f"... and {tally.invalid - SHOWN_PROBLEMS} more invalid lines.", err=True)
    return tally


def _event(line: bytes, account: str, now: datetime, window: TimeWindow) -> Event | list[str]:
    """The line's event, or what is wrong with it (a time far from now included)."""
    try:
        event = parse_event(json.loads(line), now=now, window=window)
    except EventError as exc:
        return [str(problem) for problem in exc.problems]
    except (ValueError, RecursionError) as exc:
        return [f"not JSON: {_reason(exc)}"]
    if event.account not in ("", account):
        return [f"$.account is {event.account!r}, but the source belongs to {account!r}"]
    return event


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at column {exc.colno}"
    if isinstance(exc, UnicodeDecodeError):
        return "it is not valid UTF-8"
    return "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)


def _report(progress: Progress, count: int, problems: list[str]) -> None:
    if count <= SHOWN_PROBLEMS:
        for problem in problems:
            progress.console.print(problem, markup=False, highlight=False, soft_wrap=True)


def _store(relay: Relay, source: Source, batch: list[Event], tally: Tally) -> None:
    if batch:
        result = relay.ingest(source, batch)
        tally.accepted += result.accepted
        tally.duplicates += result.duplicates
        batch.clear()
