"""Sending one batch of a leased integration's due deliveries: due → fields → plan → refuse
or send → outcome."""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ticketrelay.delivery import app_fields, limits, plan
from ticketrelay.delivery.limits import DomainSlots, Releases
from ticketrelay.delivery.outcomes import Outcomes
from ticketrelay.delivery.plan import Prepared
from ticketrelay.kintone.client import KintoneClient, RecordRef, Update
from ticketrelay.kintone.errors import (
    KintoneError,
    KintonePermanentError,
    KintoneRecordError,
    KintoneTransientError,
)
from ticketrelay.kintone.hosts import domain_of
from ticketrelay.metrics import Metrics
from ticketrelay.model import Due, Integration
from ticketrelay.rules.retry import RetryPolicy
from ticketrelay.store import Store, deliveries


@dataclass(frozen=True, kw_only=True)
class SenderOptions:
    """How a sender sends: batch size, shared limits, the field cache's age, retries."""

    batch_size: int = 100
    domain_concurrency: int = 4
    daily_budget: int = 10_000
    field_cache: timedelta = timedelta(minutes=5)
    retry: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass(frozen=True, kw_only=True)
class BatchResult:
    """How many deliveries a batch settled, and why delivery stops for now (None: it goes on).

    A stopped batch counts the deliveries it scheduled for a retry, not those it refused.
    """

    settled: int
    stopped: str | None = None


class Sender:
    """Sends the due deliveries of one integration, whose lease the caller holds."""

    def __init__(
        self,
        store: Store,
        integration: Integration,
        client: KintoneClient,
        *,
        owner: str,
        options: SenderOptions,
        releases: Releases,
        clock: Callable[[], datetime],
        rng: random.Random,
        metrics: Metrics,
    ) -> None:
        self.store = store
        self.integration = integration
        self.client = client
        self.options = options
        self.clock = clock
        self.metrics = metrics
        self.slots = DomainSlots(
            store, releases, cap=options.domain_concurrency, owner=owner, clock=clock
        )
        self.outcomes = Outcomes(
            store, integration, retry=options.retry, clock=clock, rng=rng, metrics=metrics
        )

    async def deliver_batch(self) -> BatchResult:
        """Send one batch of due deliveries (settled 0: none was due)."""
        i = self.integration
        dues = await self.store.reading(
            lambda c: deliveries.due(c, i.id, self.clock(), self.options.batch_size)
        )
        if not dues:
            return BatchResult(settled=0)
        try:
            fields = await app_fields.read(
                self.store, i, self.client, self.clock(), max_age=self.options.field_cache
            )
        except KintoneError as exc:
            return await self._stop(dues, exc)
        prepared = plan.prepare(dues, i, fields)
        await self.outcomes.refused([p for p in prepared if not p.ok])
        key = plan.upsert_key(i.mapping, fields)
        stopped = await self._send([p for p in prepared if p.ok], key)
        return stopped or BatchResult(settled=len(dues))

    async def _send(self, pending: list[Prepared], key: str | None) -> BatchResult | None:
        """Write the records, resending at once without those kintone rejected; None: done."""
        while pending:
            budget = self.options.daily_budget
            if stopped := await limits.spend(self.store, self.integration.id, budget, self.clock()):
                return BatchResult(settled=0, stopped=stopped)
            try:
                async with self.slots.held(domain_of(self.integration.base_url)):
                    refs = await self._post(pending, key)
            except KintoneRecordError as exc:
                pending = await self.outcomes.rejected(pending, exc)
                continue
            except (KintoneTransientError, KintonePermanentError) as exc:
                return await self._stop([p.due for p in pending], exc)
            await self.outcomes.delivered(pending, refs)
            return None
        return None

    async def _stop(self, dues: Sequence[Due], exc: KintoneError) -> BatchResult:
        """Retry the deliveries later when kintone may recover alone, else pause the integration."""
        if isinstance(exc, KintoneTransientError):
            await self.outcomes.retry_later(dues, exc)
            return BatchResult(settled=len(dues), stopped=str(exc))
        await self.outcomes.pause(exc)
        return BatchResult(settled=0, stopped=str(exc))

    async def _post(self, pending: Sequence[Prepared], key: str | None) -> list[RecordRef]:
        try:
            refs = await self._write_records(pending, key)
        except KintoneError as exc:
            self.metrics.kintone_request(
                exc.code or ("network" if exc.status is None else f"HTTP {exc.status}")
            )
            raise
        self.metrics.kintone_request("ok")
        return refs

    async def _write_records(self, pending: Sequence[Prepared], key: str | None) -> list[RecordRef]:
        app = self.integration.app
        if key is None:
            return await self.client.add_records(app, [p.record for p in pending])
        updates = [
            Update(record=p.record, update_key=(key, p.activity.activity_id)) for p in pending
        ]
        return await self.client.update_records(app, updates, upsert=True)
