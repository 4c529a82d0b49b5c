"""The delivery worker: lease an integration with due work, let a sender send it, repeat;
idle until the doorbell rings or something can be taken.

Whatever fails while one integration is worked on stays with it: the integration pauses with
the reason and its lease is given back at once, and the worker goes on with the others.
"""

import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

import anyio
import httpx

from ticketrelay.crypto import Cipher
from ticketrelay.delivery.clients import Clients
from ticketrelay.delivery.limits import Releases
from ticketrelay.delivery.outcomes import Outcomes
from ticketrelay.delivery.sender import Sender, SenderOptions
from ticketrelay.delivery.turns import Turns
from ticketrelay.delivery.wakeups import Doorbell
from ticketrelay.intake import chats
from ticketrelay.intake.hooks import process_received
from ticketrelay.intake.ingest import process_leftovers
from ticketrelay.kintone.errors import KintonePermanentError
from ticketrelay.metrics import Metrics
from ticketrelay.model import Integration
from ticketrelay.store import (
    Store,
    StoreUnavailable,
    chat_sessions,
    deliveries,
    errorlog,
    hooks,
    integrations,
    leases,
)
from ticketrelay.store.base import now as utc_now
from ticketrelay.store.retention import purge_expired

log = logging.getLogger(__name__)
ERROR_LOG_DAYS = 366


@dataclass(frozen=True, kw_only=True)
class WorkerOptions:
    """How a worker paces itself; `sender` says how each batch is sent."""

    sender: SenderOptions = field(default_factory=SenderOptions)
    tasks: int = 2
    batches_per_lease: int = 20
    lease: timedelta = timedelta(minutes=2)
    idle_seconds: float = 1.0
    # New work waits this long for more to join it: fuller batches, fewer kintone requests
    # and database reads, for a fraction of a second of latency.
    linger_seconds: float = 0.1
    kintone_timeout: float = 30.0
    housekeeping: timedelta = timedelta(minutes=10)
    # How often the chat sessions' idle timers are looked at: a session closes at most this
    # long after its `chat_idle_minutes` ran out.
    chat_timers: timedelta = timedelta(seconds=5)
    retention_days: int = 400
    # At most this many batches of 1,000 rows a table per round of housekeeping: a long
    # backlog (the first round on an old database) is purged over several rounds.
    purge_batches: int = 50


class Worker:
    """Delivers queued activities to kintone until stopped."""

    def __init__(
        self,
        store: Store,
        cipher: Cipher,
        *,
        options: WorkerOptions | None = None,
        doorbell: Doorbell | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], datetime] = utc_now,
        rng: random.Random | None = None,
        name: str | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.cipher = cipher
        self.options = options or WorkerOptions()
        self.doorbell = doorbell or Doorbell()
        self.transport = transport
        self.clock = clock
        self.rng = rng or random.Random()  # noqa: S311 - jitter, not security
        self.name = name or f"worker-{uuid.uuid4().hex[:8]}"
        self.metrics = metrics or Metrics()
        self.clients = Clients(cipher, transport=transport, timeout=self.options.kintone_timeout)
        self.releases = Releases()
        self.turns = Turns()
        self._housekept: datetime | None = None
        self._timers_checked: datetime | None = None

    async def __aenter__(self) -> "Worker":
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def run(self, stop: anyio.Event) -> None:
        """Deliver with several tasks until `stop` is set."""
        try:
            async with anyio.create_task_group() as tasks:
                for n in range(self.options.tasks):
                    tasks.start_soon(self._loop, stop, n)
                await stop.wait()
                tasks.cancel_scope.cancel()
        finally:
            await self.aclose()

    async def _loop(self, stop: anyio.Event, task: int) -> None:
        """Work and idle until stopped; a failure waits `idle_seconds`, then work goes on."""
        owner = f"{self.name}/{task}"
        while not stop.is_set():
            try:
                await self._step(owner)
            except StoreUnavailable as exc:
                log.warning("%s: %s", owner, exc)
                await anyio.sleep(self.options.idle_seconds)
            except Exception:
                log.exception(
                    "%s: delivery failed; it goes on in %s s", owner, self.options.idle_seconds
                )
                await anyio.sleep(self.options.idle_seconds)

    async def _step(self, owner: str) -> None:
        worked = await self.run_once(owner)
        if not worked:
            await self._idle()
        elif worked < self.options.sender.batch_size:
            await anyio.sleep(self.options.linger_seconds)

    async def drain(self) -> int:
        """Deliver until nothing is due now; return how many deliveries were settled."""
        total = 0
        while settled := await self.run_once():
            total += settled
        return total

    async def run_once(self, owner: str | None = None) -> int:
        """Lease an integration with due work and deliver some; return how many changed state.

        Each task of a worker leases under its own `owner` name, so two never share a lease;
        the integrations take turns (see `Turns`).
        """
        owner = owner or self.name
        await self._housekeeping()
        await self._chat_timers()
        now = self.clock()
        found = await self.store.reading(lambda c: deliveries.candidates(c, now))
        for integration_id in self.turns.order(found):
            if not await self._lease(integration_id, owner):
                continue
            self.turns.give(integration_id)
            try:
                settled = await self._work_on(integration_id, owner)
            finally:
                await self._release(integration_id, owner)
            if settled:
                return settled
        return 0

    async def _work_on(self, integration_id: int, owner: str) -> int:
        """Deliver for a leased integration; what fails here pauses it, and only it."""
        integration = await self.store.reading(lambda c: integrations.get(c, integration_id))
        if integration is None or not integration.enabled:
            return 0
        outcomes = self._outcomes(integration)
        try:
            return await self._deliver(integration, owner)
        except StoreUnavailable:
            raise
        except KintonePermanentError as exc:
            log.warning("%s: integration %d pauses: %s", owner, integration_id, exc)
            await outcomes.pause(exc)
        except Exception as exc:
            log.exception("%s: delivering to integration %d failed", owner, integration_id)
            await outcomes.broke(exc)
        return 0

    async def _deliver(self, integration: Integration, owner: str) -> int:
        sender = await self._sender(integration, owner)
        settled = 0
        for _ in range(self.options.batches_per_lease):
            result = await sender.deliver_batch()
            settled += result.settled
            if result.stopped is not None:
                log.info("%s: integration %d: %s", owner, integration.id, result.stopped)
                break
            if not result.settled or not await self._lease(integration.id, owner):
                break
        return settled

    def _outcomes(self, integration: Integration) -> Outcomes:
        return Outcomes(
            self.store,
            integration,
            retry=self.options.sender.retry,
            clock=self.clock,
            rng=self.rng,
            metrics=self.metrics,
        )

    async def _sender(self, integration: Integration, owner: str) -> Sender:
        return Sender(
            self.store,
            integration,
            await self.clients.of(integration),
            owner=owner,
            options=self.options.sender,
            releases=self.releases,
            clock=self.clock,
            rng=self.rng,
            metrics=self.metrics,
        )

    async def _lease(self, integration_id: int, owner: str) -> bool:
        now = self.clock()
        until = now + self.options.lease
        return await self.store.writing(
            lambda c: leases.take_lease(c, integration_id, owner, now, until)
        )

    async def _release(self, integration_id: int, owner: str) -> None:
        """Give a lease back, even while being cancelled, and wake the tasks waiting for it."""
        with anyio.CancelScope(shield=True):
            release = partial(leases.release_lease, integration_id=integration_id, owner=owner)
            await self.store.writing(release)
        self.doorbell.ring()

    async def _idle(self) -> None:
        """Sleep until something can happen: the doorbell (new work, a lease given back in
        this process), or the time when work can next be taken (a due time, a probe, a lease
        of another process that ends), at most `idle_seconds`."""
        rings = self.doorbell.rings
        now = self.clock()
        upcoming = await self.store.reading(lambda c: deliveries.next_due_at(c, now))
        wait = self.options.idle_seconds
        if upcoming is not None:
            wait = min(wait, max((upcoming - now).total_seconds(), 0.0))
        if await self.doorbell.wait(wait, since=rings):
            await anyio.sleep(self.options.linger_seconds)

    async def _chat_timers(self) -> None:
        """Now and then: close the chat sessions whose idle timer has run out."""
        now = self.clock()
        if self._timers_checked and now - self._timers_checked < self.options.chat_timers:
            return
        self._timers_checked = now
        if await anyio.to_thread.run_sync(chats.close_due, self.store, now):
            self.doorbell.ring()

    async def _housekeeping(self) -> None:
        """Now and then: run events and webhooks that missed a stage, purge what has expired."""
        now = self.clock()
        if self._housekept and now - self._housekept < self.options.housekeeping:
            return
        self._housekept = now
        await anyio.to_thread.run_sync(process_leftovers, self.store, now)
        await anyio.to_thread.run_sync(process_received, self.store, now)
        cutoff = now - timedelta(days=ERROR_LOG_DAYS)
        await self.store.writing(lambda c: errorlog.purge(c, cutoff))
        kept = now - timedelta(days=self.options.retention_days)
        await self.store.writing(lambda c: hooks.purge(c, kept) + chat_sessions.purge(c, kept))
        # After the error log: activities whose entries just expired may go now too.
        purge = partial(
            purge_expired,
            self.store,
            now,
            self.options.retention_days,
            max_batches=self.options.purge_batches,
        )
        purged = await anyio.to_thread.run_sync(purge)
        if purged.total:
            log.info(
                "%s: purged rows older than %d days: %s",
                self.name,
                self.options.retention_days,
                purged,
            )

    async def aclose(self) -> None:
        """Close every kintone client."""
        await self.clients.aclose()
