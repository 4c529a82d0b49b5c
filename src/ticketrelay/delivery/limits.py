"""The limits that every worker shares: each integration's daily request budget, and each
kintone domain's request slots, which the senders of one process wait for together."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, time, timedelta
from functools import partial

import anyio
from sqlalchemy.engine import Connection

from ticketrelay.delivery.wakeups import Doorbell
from ticketrelay.store import Store, integrations
from ticketrelay.store import limits as shared

BUDGET_CODE = "DAILY_BUDGET"
SLOT_HOLD = timedelta(minutes=3)
RECHECK_SECONDS = 0.5


async def spend(store: Store, integration_id: int, budget: int, now: datetime) -> str | None:
    """Count a request against the day's budget; once spent, pause till it resets and say why."""
    return await store.writing(
        partial(_spend, integration_id=integration_id, budget=budget, now=now)
    )


def _spend(conn: Connection, *, integration_id: int, budget: int, now: datetime) -> str | None:
    if shared.spend(conn, integration_id, now.date(), budget):
        return None
    midnight = datetime.combine(now.date() + timedelta(days=1), time(0), now.tzinfo)
    reason = (
        f"The daily budget of {budget} kintone requests for this integration is spent; "
        "delivery resumes at 00:00 UTC (09:00 JST), when kintone's count resets."
    )
    integrations.pause(
        conn, integration_id, code=BUDGET_CODE, reason=reason, now=now, probe_at=midnight
    )
    return reason


class Releases:
    """The slots that one worker's senders give back, waking those of them waiting for one."""

    def __init__(self) -> None:
        self.count = 0
        self._doorbell = Doorbell()

    def ring(self) -> None:
        """Say that a slot was given back."""
        self.count += 1
        self._doorbell.ring()

    async def wait(self, seen: int, seconds: float) -> None:
        """Wait for a release beyond the first `seen`, or for `seconds` at most."""
        if self.count == seen:
            await self._doorbell.wait(seconds)


class DomainSlots:
    """One owner's way to the request slots that a kintone domain shares among all workers."""

    def __init__(
        self,
        store: Store,
        releases: Releases,
        *,
        cap: int,
        owner: str,
        clock: Callable[[], datetime],
        recheck: float = RECHECK_SECONDS,
    ) -> None:
        self.store = store
        self.releases = releases
        self.cap = cap
        self.owner = owner
        self.clock = clock
        self.recheck = recheck

    @asynccontextmanager
    async def held(self, domain: str) -> AsyncIterator[None]:
        """Hold one of the domain's request slots for the block."""
        slot = await self._take(domain)
        try:
            yield
        finally:
            with anyio.CancelScope(shield=True):
                release = partial(shared.release_slot, domain=domain, slot=slot, owner=self.owner)
                await self.store.writing(release)
            self.releases.ring()

    async def _take(self, domain: str) -> int:
        """A slot, once one is free: woken by releases here, re-checking for other processes'."""
        while True:
            seen = self.releases.count
            now = self.clock()
            take = partial(
                shared.take_slot,
                domain=domain,
                cap=self.cap,
                owner=self.owner,
                now=now,
                until=now + SLOT_HOLD,
            )
            slot = await self.store.writing(take)
            if slot is not None:
                return slot
            await self.releases.wait(seen, self.recheck)
