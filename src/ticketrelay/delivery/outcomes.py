"""What became of a batch, stored: delivered, refused by the mapping, rejected by kintone,
tried again later or given up, or the integration paused until a probe (kintone refused, or
ticketrelay failed on it)."""

import random
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial

from sqlalchemy.engine import Connection

from ticketrelay.delivery import plan
from ticketrelay.delivery.plan import Prepared
from ticketrelay.kintone.client import RecordRef
from ticketrelay.kintone.errors import KintoneError, KintoneRecordError
from ticketrelay.metrics import Metrics
from ticketrelay.model import Due, Integration
from ticketrelay.rules.retry import RetryPolicy
from ticketrelay.rules.values import Activity
from ticketrelay.store import Store, deliveries, errorlog, fieldcache, integrations

INTERNAL_CODE = "INTERNAL"


class Outcomes:
    """Stores the outcomes of one integration's batches."""

    def __init__(
        self,
        store: Store,
        integration: Integration,
        *,
        retry: RetryPolicy,
        clock: Callable[[], datetime],
        rng: random.Random,
        metrics: Metrics,
    ) -> None:
        self.store = store
        self.integration = integration
        self.retry = retry
        self.clock = clock
        self.rng = rng
        self.metrics = metrics

    async def delivered(self, sent: Sequence[Prepared], refs: Sequence[RecordRef]) -> None:
        """kintone holds these records: note their IDs and ALERTs, and lift any pause."""
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

    async def refused(self, refused: Sequence[Prepared]) -> None:
        """The mapping found ERRORs in these: log them, and fail the deliveries."""
        if not refused:
            return
        now = self.clock()
        entries = [e for p in refused for e in plan.problem_entries(p, self.integration.id, now)]
        ids = [p.due.id for p in refused]

        def store(conn: Connection) -> None:
            errorlog.add_many(conn, entries)
            deliveries.failed(conn, ids, error="mapping", now=now)

        await self.store.writing(store)

    async def rejected(self, pending: list[Prepared], exc: KintoneRecordError) -> list[Prepared]:
        """Log and fail the records kintone named; return the rest, to send again at once."""
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

    async def retry_later(self, dues: Sequence[Due], exc: KintoneError) -> None:
        """Schedule each delivery's next attempt, or give it up after the retry window."""
        now = self.clock()
        schedule: dict[datetime, list[int]] = {}
        given_up: list[Due] = []
        for due in dues:
            at = self.retry.next_attempt(
                attempts=due.attempts,
                first_attempt_at=due.first_attempt_at,
                now=now,
                rand=self.rng.random(),
            )
            if at is None:
                given_up.append(due)
            else:
                schedule.setdefault(at, []).append(due.id)
        store = partial(self._store_retry, schedule=schedule, given_up=given_up, exc=exc, now=now)
        await self.store.writing(store)

    def _store_retry(
        self,
        conn: Connection,
        *,
        schedule: dict[datetime, list[int]],
        given_up: Sequence[Due],
        exc: KintoneError,
        now: datetime,
    ) -> None:
        for at, ids in schedule.items():
            deliveries.retry_later(conn, ids, due_at=at, error=str(exc), now=now)
        days = self.retry.give_up_days
        entries = [
            plan.failure_entry(
                Activity.from_json(d.values), exc, self.integration.id, now, gave_up_after_days=days
            )
            for d in given_up
        ]
        errorlog.add_many(conn, entries)
        deliveries.failed(conn, [d.id for d in given_up], error=str(exc), now=now)

    async def pause(self, exc: KintoneError) -> None:
        """Pause the integration with kintone's reason; a probe later finds out if it is fixed."""
        code = exc.code or f"HTTP {exc.status}"
        await self._pause(code, lambda _probe_at: str(exc))

    async def broke(self, exc: Exception) -> None:
        """Pause the integration after ticketrelay itself failed on it, saying when it retries."""
        await self._pause(INTERNAL_CODE, partial(_broke, type(exc).__name__))

    async def _pause(self, code: str, reason: Callable[[datetime], str]) -> None:
        now = self.clock()
        probe_at = self.retry.next_probe(
            probes=self.integration.probe_attempts, now=now, rand=self.rng.random()
        )
        text = reason(probe_at)

        def store(conn: Connection) -> None:
            integrations.pause(
                conn, self.integration.id, code=code, reason=text, now=now, probe_at=probe_at
            )
            fieldcache.invalidate(conn, self.integration.id)

        await self.store.writing(store)


def _broke(kind: str, probe_at: datetime) -> str:
    at = f"{probe_at:%Y-%m-%d %H:%M:%S} UTC"
    return (
        f"この連携への配信中に ticketrelay 内部でエラー({kind})が起きたため、一時停止しました。"
        f"{at} に再試行します。続くときは報告してください。 / "
        f"ticketrelay failed while delivering to this integration: {kind}; "
        f"it is retried at {at}; report it if it persists."
    )
