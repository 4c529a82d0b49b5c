"""Delivering one leased integration's due deliveries to kintone, and storing each outcome."""

import random
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from functools import partial
from typing import TypeVar

import anyio
from sqlalchemy.engine import Connection

from ticketrelay.delivery import plan
from ticketrelay.delivery.plan import Prepared
from ticketrelay.kintone.client import KintoneClient, RecordRef, Update
from ticketrelay.kintone.errors import (
    KintoneError,
    KintonePermanentError,
    KintoneRecordError,
    KintoneTransientError,
)
from ticketrelay.kintone.fields import Field, parse_form, to_properties
from ticketrelay.kintone.hosts import domain_of
from ticketrelay.metrics import Metrics
from ticketrelay.model import Due, Integration
from ticketrelay.rules.retry import RetryPolicy
from ticketrelay.rules.values import Activity
from ticketrelay.store import Store, deliveries, errorlog, fieldcache, integrations, limits

T = TypeVar("T")
BUDGET_CODE = "DAILY_BUDGET"
SLOT_HOLD = timedelta(minutes=3)


@dataclass(frozen=True, kw_only=True)
class CourierOptions:
    """How a courier sends: batch size, shared limits, the field cache's age, retries."""

    batch_size: int = 100
    domain_concurrency: int = 4
    daily_budget: int = 10_000
    field_cache: timedelta = timedelta(minutes=5)
    retry: RetryPolicy = field(default_factory=RetryPolicy)


class Stop(Exception):
    """Delivery to this integration stops for now; `settled` deliveries changed state first."""

    def __init__(self, reason: str, *, settled: int = 0) -> None:
        super().__init__(reason)
        self.settled = settled


class Courier:
    """Sends the due deliveries of one integration, whose lease the caller holds."""

    def __init__(
        self,
        store: Store,
        integration: Integration,
        client: KintoneClient,
        *,
        owner: str,
        options: CourierOptions,
        clock: Callable[[], datetime],
        rng: random.Random,
        metrics: Metrics,
    ) -> None:
        self.store = store
        self.integration = integration
        self.client = client
        self.owner = owner
        self.options = options
        self.clock = clock
        self.rng = rng
        self.metrics = metrics

    async def deliver_batch(self) -> int:
        """Send one batch of due deliveries; return how many were settled (0: none due)."""
        i = self.integration
        dues = await self.store.reading(
            lambda c: deliveries.due(c, i.id, self.clock(), self.options.batch_size)
        )
        if not dues:
            return 0
        try:
            fields = await self.fields()
        except KintoneTransientError as exc:
            await self._retry(dues, exc)
            raise Stop(str(exc), settled=len(dues)) from exc
        except KintoneError as exc:
            await self._pause(exc)
            raise Stop(str(exc)) from exc
        prepared = plan.prepare(dues, i, fields)
        await self._refuse([p for p in prepared if not p.ok])
        await self._send([p for p in prepared if p.ok], plan.upsert_key(i.mapping, fields))
        return len(dues)

    async def fields(self, *, force: bool = False) -> dict[str, Field]:
        """The app's fields, from the cache while it is fresh enough, else from kintone."""
        i = self.integration
        cached = await self.store.reading(lambda c: fieldcache.get(c, i.id))
        now = self.clock()
        if cached and not force and now - cached.fetched_at < self.options.field_cache:
            return parse_form(cached.properties)
        form = await self.client.get_form_fields(i.app)
        fresh = fieldcache.CachedFields(
            properties={code: to_properties(f) for code, f in form.fields.items()},
            revision=form.revision,
            fetched_at=now,
        )
        lost = _lost_fields(i.mapping, parse_form(cached.properties) if cached else {}, form.fields)

        def store(conn: Connection) -> None:
            fieldcache.put(conn, i.id, fresh)
            if lost and cached is not None:
                self._report_lost(conn, lost, cached.fetched_at, form.fields, now)

        await self.store.writing(store)
        return form.fields

    def _report_lost(
        self,
        conn: Connection,
        lost: dict[str, str],
        since: datetime,
        fields: dict[str, Field],
        now: datetime,
    ) -> None:
        """Records sent since the last good read may lack values of fields gone since: say so.

        kintone silently ignores values for unknown field codes, so this is the only trace.
        With the activity-ID field still in place, the deliveries become ERRORs that a resend
        repairs in place (upsert); without it, the log says which records to check.
        """
        sent = deliveries.delivered_since(conn, self.integration.id, since)
        entries = [
            plan.lost_field_entry(Activity.from_json(d.values), key, code, self.integration.id, now)
            for d in sent
            for key, code in lost.items()
        ]
        errorlog.add_many(conn, entries)
        if plan.upsert_key(self.integration.mapping, fields):
            deliveries.failed(conn, [d.id for d in sent], error="field_gone", now=now)

    async def _refuse(self, refused: Sequence[Prepared]) -> None:
        now = self.clock()
        entries = [e for p in refused for e in plan.problem_entries(p, self.integration.id, now)]
        ids = [p.due.id for p in refused]

        def store(conn: Connection) -> None:
            errorlog.add_many(conn, entries)
            deliveries.failed(conn, ids, error="mapping", now=now)

        if refused:
            await self.store.writing(store)

    async def _send(self, pending: list[Prepared], key: str | None) -> None:
        while pending:
            await self._spend()
            try:
                async with self._slot():
                    refs = await self._post(pending, key)
            except KintoneRecordError as exc:
                pending = await self._drop_rejected(pending, exc)
                continue
            except KintoneTransientError as exc:
                await self._retry([p.due for p in pending], exc)
                raise Stop(str(exc), settled=len(pending)) from exc
            except KintonePermanentError as exc:
                await self._pause(exc)
                raise Stop(str(exc)) from exc
            await self._delivered(pending, refs)
            return

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

    async def _drop_rejected(
        self, pending: list[Prepared], exc: KintoneRecordError
    ) -> list[Prepared]:
        """Log and fail the records kintone named; the rest are sent again at once."""
        named = {e.index for e in exc.record_errors if 0 <= e.index < len(pending)}
        rejected = [p for n, p in enumerate(pending) if n in named] or pending
        now = self.clock()
        entries = [
            entry
            for n, p in enumerate(pending)
            if p in rejected
            for entry in plan.rejection_entries(
                p, [e for e in exc.record_errors if e.index == n], exc, self.integration, now
            )
        ]

        def store(conn: Connection) -> None:
            errorlog.add_many(conn, entries)
            deliveries.failed(conn, [p.due.id for p in rejected], error=exc.code, now=now)
            fieldcache.invalidate(conn, self.integration.id)

        await self.store.writing(store)
        return [p for p in pending if p not in rejected]

    async def _delivered(self, sent: Sequence[Prepared], refs: Sequence[RecordRef]) -> None:
        now = self.clock()
        alerts = [e for p in sent for e in plan.problem_entries(p, self.integration.id, now)]
        results = [(p.due.id, ref.id) for p, ref in zip(sent, refs, strict=True)]
        paused = self.integration.paused_at is not None

        def store(conn: Connection) -> None:
            deliveries.delivered(conn, results, now)
            errorlog.add_many(conn, alerts)
            if paused:
                integrations.resume(conn, self.integration.id)

        await self.store.writing(store)
        self.metrics.delivered([(now - p.due.triggered_at).total_seconds() for p in sent])

    async def _retry(self, dues: Sequence[Due], exc: KintoneError) -> None:
        """Schedule the next attempt of each delivery, or give it up after the retry window."""
        now = self.clock()
        policy = self.options.retry
        schedule: dict[datetime, list[int]] = {}
        given_up: list[Due] = []
        for due in dues:
            at = policy.next_attempt(
                attempts=due.attempts,
                first_attempt_at=due.first_attempt_at,
                now=now,
                rand=self.rng.random(),
            )
            if at is None:
                given_up.append(due)
            else:
                schedule.setdefault(at, []).append(due.id)
        await self.store.writing(lambda conn: self._store_retry(conn, schedule, given_up, exc, now))

    def _store_retry(
        self,
        conn: Connection,
        schedule: dict[datetime, list[int]],
        given_up: Sequence[Due],
        exc: KintoneError,
        now: datetime,
    ) -> None:
        for at, ids in schedule.items():
            deliveries.retry_later(conn, ids, due_at=at, error=str(exc), now=now)
        entries = [
            plan.failure_entry(
                Activity.from_json(d.values), exc, self.integration.id, now, gave_up=True
            )
            for d in given_up
        ]
        errorlog.add_many(conn, entries)
        deliveries.failed(conn, [d.id for d in given_up], error=str(exc), now=now)

    async def _pause(self, exc: KintoneError) -> None:
        """Pause the integration with kintone's reason; a probe later finds out if it is fixed."""
        now = self.clock()
        probe_at = self.options.retry.next_probe(
            probes=self.integration.probe_attempts, now=now, rand=self.rng.random()
        )
        code = exc.code or f"HTTP {exc.status}"

        def store(conn: Connection) -> None:
            integrations.pause(
                conn, self.integration.id, code=code, reason=str(exc), now=now, probe_at=probe_at
            )
            fieldcache.invalidate(conn, self.integration.id)

        await self.store.writing(store)

    async def _spend(self) -> None:
        """Count a request against the day's budget, or pause until kintone's count resets."""
        now = self.clock()
        budget = self.options.daily_budget
        if await self.store.writing(
            lambda c: limits.spend(c, self.integration.id, now.date(), budget)
        ):
            return
        midnight = datetime.combine(now.date() + timedelta(days=1), time(0), now.tzinfo)
        reason = (
            f"The daily budget of {budget} kintone requests for this integration is spent; "
            "delivery resumes at 00:00 UTC (09:00 JST), when kintone's count resets."
        )
        await self.store.writing(
            lambda c: integrations.pause(
                c, self.integration.id, code=BUDGET_CODE, reason=reason, now=now, probe_at=midnight
            )
        )
        raise Stop(reason)

    @asynccontextmanager
    async def _slot(self) -> AsyncIterator[None]:
        """Hold one of the domain's shared request slots while a request runs."""
        domain = domain_of(self.integration.base_url)
        cap = self.options.domain_concurrency
        while True:
            now = self.clock()
            take = partial(
                limits.take_slot,
                domain=domain,
                cap=cap,
                owner=self.owner,
                now=now,
                until=now + SLOT_HOLD,
            )
            slot = await self.store.writing(take)
            if slot is not None:
                break
            await anyio.sleep(0.02)
        try:
            yield
        finally:
            with anyio.CancelScope(shield=True):
                release = partial(limits.release_slot, domain=domain, slot=slot, owner=self.owner)
                await self.store.writing(release)


def _lost_fields(
    mapping: dict[str, str], before: dict[str, Field], after: dict[str, Field]
) -> dict[str, str]:
    """Mapped fields (value key: code) that were there before and are gone or changed now."""
    return {
        key: code
        for key, code in mapping.items()
        if code in before and (code not in after or after[code].type != before[code].type)
    }
