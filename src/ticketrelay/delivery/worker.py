"""The delivery worker: lease an integration with due work, let a sender send it, repeat;
idle until the doorbell rings or something can be taken.

Whatever fails while one integration is worked on stays with it: the integration pauses with
the reason and its lease is given back at once, and the worker goes on with the others.
"""

import logging
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import partial

import anyio
import httpx

from ticketrelay.crypto import Cipher
from ticketrelay.delivery.clients import Clients
from ticketrelay.delivery.limits import Releases
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.outcomes import Outcomes
from ticketrelay.delivery.sender import Sender
from ticketrelay.delivery.turns import Turns
from ticketrelay.delivery.upkeep import Upkeep
from ticketrelay.delivery.wakeups import Doorbell
from ticketrelay.intake.pollers import POLLERS
from ticketrelay.intake.polling import Poller, Polls
from ticketrelay.kintone.errors import KintonePermanentError
from ticketrelay.metrics import Metrics
from ticketrelay.model import Integration
from ticketrelay.store import (
    Store,
    StoreUnavailable,
    deliveries,
    integrations,
    leases,
)
from ticketrelay.store.base import now as utc_now

log = logging.getLogger(__name__)


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
        source_transport: httpx.AsyncBaseTransport | None = None,
        source_hosts: Sequence[str] = (),
        pollers: Mapping[str, Poller] = POLLERS,
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
        self.polls = Polls(
            store,
            cipher,
            pollers,
            transport=source_transport,
            allowed_hosts=source_hosts,
            clock=clock,
        )
        self.upkeep = Upkeep(store, self.options, clock, self.doorbell, self.name)

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
                tasks.start_soon(self._poll_loop, stop)
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

    async def _poll_loop(self, stop: anyio.Event) -> None:
        """Read the sources that are due from their helpdesks' APIs until stopped."""
        while not stop.is_set():
            try:
                await self.poll_due()
            except StoreUnavailable as exc:
                log.warning("%s: polling: %s", self.name, exc)
            except Exception:
                log.exception("%s: polling failed; it goes on", self.name)
            await anyio.sleep(self.options.poll_seconds)

    async def poll_due(self) -> int:
        """Poll the sources that are due; how many new events they stored."""
        stored = await self.polls.run_due(f"{self.name}/poll")
        if stored:
            self.doorbell.ring()
        return stored

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
        await self.upkeep.housekeeping()
        await self.upkeep.chat_timers()
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

    async def aclose(self) -> None:
        """Close every kintone client and the helpdesk API client."""
        await self.clients.aclose()
        await self.polls.aclose()
