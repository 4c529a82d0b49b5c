"""`ticketrelay worker`: delivery only; any number may run against one PostgreSQL database."""

import logging
import signal
from typing import Annotated

import anyio
import anyio.abc
import typer

from ticketrelay.cli.common import opened, setup_logging
from ticketrelay.cli.serve import LogLevel
from ticketrelay.delivery import supervisor
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.relay import Relay

log = logging.getLogger(__name__)


def worker(
    log_level: Annotated[LogLevel, typer.Option(help="How much to log.")] = LogLevel.info,
) -> None:
    """Deliver queued activities to kintone until SIGINT or SIGTERM; run several at once."""
    setup_logging(log_level.value)
    with opened() as (settings, relay):
        anyio.run(_run, relay, supervisor.worker_options(settings))
        typer.echo("ticketrelay worker stopped.", err=True)


async def _run(relay: Relay, options: WorkerOptions) -> None:
    stop = anyio.Event()
    async with anyio.create_task_group() as tasks:
        await tasks.start(_stop_on_signal, stop)
        typer.echo("ticketrelay worker delivering; stop it with Ctrl+C or SIGTERM.", err=True)
        with supervisor.listening(relay):
            await supervisor.deliver(relay, options, stop)
        tasks.cancel_scope.cancel()


async def _stop_on_signal(
    stop: anyio.Event, *, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED
) -> None:
    """Set `stop` on the first SIGINT or SIGTERM; started once the signals are caught."""
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        task_status.started()
        async for signum in signals:
            log.info("%s: stopping", signal.Signals(signum).name)
            stop.set()
            return
