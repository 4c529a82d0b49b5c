"""`ticketrelay bench`: the benchmarks of the README, printed as JSON lines."""

import json
from typing import Annotated

import typer

from ticketrelay.benchmark import run_all


def bench(
    backlog: Annotated[
        int, typer.Option(help="Activities queued for the drain.", min=100)
    ] = 10_000,
    rate: Annotated[int, typer.Option(help="Events per second in the latency run.", min=1)] = 100,
    seconds: Annotated[int, typer.Option(help="Length of the latency run.", min=1)] = 20,
    batches: Annotated[int, typer.Option(help="Batches of 100 for ingest.", min=1)] = 200,
    singles: Annotated[int, typer.Option(help="Single-event requests for ingest.", min=1)] = 2_000,
    webhooks: Annotated[
        int, typer.Option(help="Signed webhooks of each helpdesk, single.", min=1)
    ] = 2_000,
) -> None:
    """Measure the relay, ingest over HTTP, webhooks and kintone's JS client on one simulator."""
    for line in run_all(
        backlog=backlog,
        rate=rate,
        seconds=seconds,
        batches=batches,
        singles=singles,
        webhooks=webhooks,
    ):
        typer.echo(json.dumps(line, ensure_ascii=False))
