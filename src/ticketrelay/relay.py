"""The facade that the HTTP service, the settings page and the CLI build on.

An event travels through these modules, top to bottom; `rules/` is pure, the rest are edges:

    Relay.ingest ─▶ intake.ingest          validate ownership, de-duplicate, store (one transaction)
                      └▶ intake.trigger_stage    per subject: rules.triggers.step(state, event)
                           └▶ rules.values        the ten values, frozen; the activity ID
                           └▶ store.deliveries    one delivery per matching integration (outbox)
    Relay.worker ─▶ delivery.worker        lease one integration with due deliveries
                      └▶ delivery.sender         one batch of up to 100
                           ├▶ delivery.app_fields    the app's fields, cached, drift reported
                           ├▶ delivery.plan          rules.mapping: record, or ERROR / ALERT
                           ├▶ delivery.limits        daily budget, the domain's request slots
                           ├▶ kintone.client         upsert by activity ID, else add
                           └▶ delivery.outcomes      delivered | error log | retry | pause
    Relay.hooks ─▶ intake.hooks            signed webhooks: verify, then store the raw delivery
                      └▶ intake.hook_outcomes     translate; events, or a chat input
                                                 (intake.chats), stored with it in one transaction
    Relay.worker ─▶ intake.polling         helpdesks read through their API (intake.pollers)
    Relay.create_integration, check ─▶ integrations.spec, integrations.check
    Relay.error_log ─▶ integrations.error_log   pages, one entry, CSV (rules.error_csv), resend
"""

import json
import time
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from typing import Any

import httpx

from ticketrelay.config import Settings
from ticketrelay.crypto import Cipher, hash_token, load_cipher, new_source_token
from ticketrelay.delivery.clients import client_for
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.wakeups import Doorbell
from ticketrelay.delivery.worker import Worker
from ticketrelay.errors import NotFound
from ticketrelay.intake.grouping import Grouped
from ticketrelay.intake.hooks import Hooks
from ticketrelay.intake.ingest import Batch, IngestResult, checked, ingest_together
from ticketrelay.integrations.check import check_live, connection_problem
from ticketrelay.integrations.error_log import ErrorLog
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.kintone.client import KintoneClient
from ticketrelay.kintone.errors import KintoneError
from ticketrelay.metrics import Metrics
from ticketrelay.model import ActivityView, Integration, Source
from ticketrelay.rules.events import Event
from ticketrelay.rules.mapping import load_zone
from ticketrelay.rules.mapping_check import CheckResult
from ticketrelay.secret import Secret
from ticketrelay.store import (
    Store,
    activities,
    deliveries,
    fieldcache,
    integrations,
    open_store,
    reports,
    sources,
)
from ticketrelay.store.base import now as utc_now

SOURCE_CACHE_SECONDS = 2.0


class Relay:
    """Sources, integrations, events, activities and the error log of one database."""

    def __init__(
        self,
        store: Store,
        cipher: Cipher,
        *,
        allowed_hosts: Sequence[str] = (),
        doorbell: Doorbell | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], datetime] = utc_now,
        metrics: Metrics | None = None,
        source_hosts: Sequence[str] = (),
        source_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.store = store
        self.source_hosts = tuple(source_hosts)
        self.source_transport = source_transport
        self.metrics = metrics or Metrics()
        self.cipher = cipher
        self.allowed_hosts = tuple(allowed_hosts)
        self.doorbell = doorbell or Doorbell()
        self.transport = transport
        self.clock = clock
        self._sources: dict[str, tuple[Source | None, float]] = {}
        self._ingest: Grouped[Batch, IngestResult] = Grouped(
            lambda batches: ingest_together(store, batches, self.clock())
        )
        self.error_log = ErrorLog(
            store, self.integration, clock=lambda: self.clock(), doorbell=self.doorbell
        )
        self.hooks = Hooks(store, cipher, clock=lambda: self.clock(), stored=self._stored)

    @classmethod
    def open(cls, settings: Settings, **options: Any) -> "Relay":
        """Open the database of the settings (migrating it) with their encryption key."""
        store = open_store(settings.database_url)
        return cls(
            store,
            load_cipher(settings),
            allowed_hosts=settings.kintone_hosts,
            source_hosts=settings.source_hosts,
            **options,
        )

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    def create_source(self, account: str, name: str) -> tuple[Source, Secret]:
        """A new source and its bearer token, which is shown this once and stored hashed."""
        token = new_source_token()
        with self.store.write() as conn:
            source = sources.add(
                conn,
                account=account,
                name=name,
                token_hash=hash_token(token.reveal()),
                now=self.clock(),
            )
        return source, token

    def authenticate(self, token: str) -> Source | None:
        """The live source whose bearer token this is.

        Answers are remembered for a second or two, so that a helpdesk sending one event a
        request does not cost a database read each time; a revocation made in another process
        therefore takes up to `SOURCE_CACHE_SECONDS` to be seen.
        """
        key = hash_token(token)
        now = time.monotonic()
        cached = self._sources.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]
        with self.store.read() as conn:
            found = sources.by_token_hash(conn, key)
        if len(self._sources) > 10_000:
            self._sources.clear()
        self._sources[key] = (found, now + SOURCE_CACHE_SECONDS)
        return found

    def list_sources(self) -> list[Source]:
        """Every source, newest first."""
        with self.store.read() as conn:
            return sources.list_all(conn)

    def revoke_source(self, source_id: int) -> None:
        """Revoke a source's token."""
        with self.store.write() as conn:
            if not sources.revoke(conn, source_id, self.clock()):
                raise NotFound(f"There is no live source {source_id}.")
        self._sources.clear()

    def ingest(self, source: Source, batch: Sequence[Event]) -> IngestResult:
        """Store a batch of events, run their triggers, and wake the workers.

        Batches handed in at the same time from several threads share one transaction.
        """
        result = self._ingest(checked(source, batch))
        self._stored(result)
        return result

    def _stored(self, result: IngestResult) -> None:
        """Count what was stored (events or webhooks), and wake the workers if it is new."""
        self.metrics.ingested(result.accepted, result.duplicates)
        if result.accepted:
            self.doorbell.ring()

    async def create_integration(self, spec: IntegrationSpec) -> tuple[Integration, CheckResult]:
        """Store a new integration and check it against the app's live fields."""
        settings = spec.settings(self.cipher, self.allowed_hosts, previous=None)
        with self.store.write() as conn:
            integration = integrations.add(conn, settings, self.clock())
        return integration, await self.check(integration.id)

    async def update_integration(
        self, integration_id: int, spec: IntegrationSpec
    ) -> tuple[Integration, CheckResult]:
        """Save new settings (lifting any pause) and check them against the live fields."""
        previous = self.integration(integration_id)
        settings = spec.settings(self.cipher, self.allowed_hosts, previous=previous)
        with self.store.write() as conn:
            updated = integrations.update(conn, integration_id, settings, self.clock())
        if updated is None:
            raise NotFound(f"There is no integration {integration_id}.")
        self.doorbell.ring()
        return updated, await self.check(integration_id)

    def integration(self, integration_id: int) -> Integration:
        """One integration."""
        with self.store.read() as conn:
            found = integrations.get(conn, integration_id)
        if found is None:
            raise NotFound(f"There is no integration {integration_id}.")
        return found

    def list_integrations(self, account: str | None = None) -> list[Integration]:
        """Every integration, of one account when given."""
        with self.store.read() as conn:
            return integrations.list_all(conn, account)

    def delete_integration(self, integration_id: int) -> None:
        """Delete an integration with its queue and error log."""
        with self.store.write() as conn:
            if not integrations.delete(conn, integration_id):
                raise NotFound(f"There is no integration {integration_id}.")

    async def check(self, integration_id: int) -> CheckResult:
        """Check an integration's connection and mapping against the app's live fields."""
        integration = self.integration(integration_id)
        try:
            client = self.client(integration)
        except KintoneError as exc:
            return CheckResult(problems=(connection_problem(exc),))
        async with client:
            return await check_live(self.store, integration, client, self.clock())

    def client(self, integration: Integration) -> KintoneClient:
        """A kintone client with an integration's settings."""
        return client_for(integration, self.cipher, transport=self.transport)

    def activities(
        self, *, account: str | None = None, status: str | None = None, limit: int = 100
    ) -> list[ActivityView]:
        """The newest activities with the status of each delivery."""
        with self.store.read() as conn:
            rows = activities.recent(conn, account=account, limit=limit, status=status)
            fates = deliveries.of_activities(conn, [r.id for r in rows])
        return [
            ActivityView(
                id=r.id,
                account=r.account,
                channel=r.channel,
                triggered_at=r.triggered_at,
                due_at=r.due_at,
                cancelled=r.cancelled_at is not None,
                values=_values(r.values),
                deliveries=fates.get(r.id, []),
            )
            for r in rows
        ]

    def worker(self, options: WorkerOptions | None = None, **extra: Any) -> Worker:
        """A delivery worker on this relay's database, waking on its doorbell."""
        return Worker(
            self.store,
            self.cipher,
            options=options,
            doorbell=self.doorbell,
            transport=self.transport,
            clock=self.clock,
            metrics=self.metrics,
            source_transport=self.source_transport,
            source_hosts=self.source_hosts,
            **extra,
        )

    def overview(self, zone: tzinfo) -> reports.Overview:
        """Every integration with its counts, and the records of each day local to `zone`.

        An integration whose own time zone is unknown counts its day in `zone` too.
        """
        with self.store.read() as conn:
            found = integrations.list_all(conn)
            zoned = [(i, load_zone(i.timezone) or zone) for i in found]
            return reports.overview(conn, zoned, self.clock(), zone)

    async def requests_today(self, integration_id: int) -> int:
        """The kintone requests an integration has made on kintone's day (UTC)."""
        now = self.clock()
        return await self.store.reading(lambda c: reports.requests_today(c, integration_id, now))

    def cached_fields(self, integration_id: int) -> fieldcache.CachedFields | None:
        """The app fields that kintone last described for an integration, if it was asked."""
        with self.store.read() as conn:
            return fieldcache.get(conn, integration_id)


def _values(text: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(text)
    return loaded
