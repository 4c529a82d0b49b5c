"""Running delivery in a process: worker options from the settings, a worker that keeps
going, and the thread that hears PostgreSQL's NOTIFY from other processes."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import anyio

from ticketrelay.config import Settings
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.sender import SenderOptions
from ticketrelay.delivery.wakeups import Doorbell, listen
from ticketrelay.relay import Relay
from ticketrelay.rules.retry import RetryPolicy

log = logging.getLogger(__name__)
RESTART_SECONDS = 5.0


def worker_options(settings: Settings) -> WorkerOptions:
    """How a worker of these settings paces itself and shares kintone's limits."""
    retry = RetryPolicy(give_up_after=timedelta(days=settings.retry_days))
    sender = SenderOptions(
        domain_concurrency=settings.domain_concurrency,
        daily_budget=settings.daily_request_budget,
        retry=retry,
    )
    return WorkerOptions(
        sender=sender,
        tasks=2,
        lease=timedelta(seconds=settings.lease_seconds),
        retention_days=settings.retention_days,
    )


async def deliver(
    relay: Relay,
    options: WorkerOptions,
    stop: anyio.Event,
    *,
    restart_seconds: float = RESTART_SECONDS,
) -> None:
    """Run a delivery worker until `stop` is set, starting it again if it ever fails."""
    while not stop.is_set():
        try:
            await relay.worker(options).run(stop)
        except Exception:
            log.exception("The delivery worker failed; it starts again in %s s", restart_seconds)
            with anyio.move_on_after(restart_seconds):
                await stop.wait()


@contextmanager
def listening(relay: Relay) -> Iterator[None]:
    """On PostgreSQL, ring the relay's doorbell on every NOTIFY, in a thread, for the block."""
    engine = relay.store.engine
    if engine.dialect.name != "postgresql":
        yield
        return
    url = engine.url.render_as_string(hide_password=False)
    stop = threading.Event()
    thread = threading.Thread(
        target=_listen, args=(url, relay.doorbell, stop), name="ticketrelay-listen", daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _listen(url: str, doorbell: Doorbell, stop: threading.Event) -> None:
    """Listen until stopped, connecting again after a lost connection."""
    while not stop.is_set():
        try:
            listen(url, doorbell, stop)
        except Exception as exc:
            log.warning("Listening for new work failed (%s); trying again soon", exc)
            stop.wait(RESTART_SECONDS)
