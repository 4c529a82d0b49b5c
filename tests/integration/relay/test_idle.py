"""Idle workers sleep until something can happen: work that falls due, a lease that ends or is
given back, the doorbell; never spinning on work that another task holds."""

import time
from collections.abc import Callable
from datetime import timedelta

import anyio
import pytest

from tests.integration.relay.helpers import connect, ingest_mails
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.sender import SenderOptions
from ticketrelay.delivery.wakeups import Doorbell
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.rules.retry import NO_WAITING
from ticketrelay.store import deliveries, integrations, leases
from ticketrelay.store.base import now

pytestmark = pytest.mark.anyio
WINDOW_SECONDS = 3.0
OPTIONS = WorkerOptions(tasks=2, sender=SenderOptions(retry=NO_WAITING))


async def _cpu_share(relay: Relay, options: WorkerOptions, started: Callable[[], bool]) -> float:
    """CPU seconds per second of this process over a window of a running worker, which opens
    once `started` says so."""
    stop = anyio.Event()
    used: list[float] = []

    async def measure() -> None:
        while not started():
            await relay.doorbell.wait(0.1)
        cpu, wall = time.process_time(), time.perf_counter()
        await anyio.sleep(WINDOW_SECONDS)
        used.append((time.process_time() - cpu) / (time.perf_counter() - wall))
        stop.set()

    with anyio.fail_after(60):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(relay.worker(options).run, stop)
            tasks.start_soon(measure)
    return used[0]


async def test_a_worker_waiting_on_a_slow_kintone_uses_little_cpu(
    relay: Relay, kintone: Simulator
) -> None:
    """One task waits a second on each request; the other, with nothing it may take, sleeps."""
    target = await connect(relay, kintone)
    ingest_mails(relay, 1000)
    kintone.add_fault("latency", api="/k/v1/records.json", latency_ms=1000)
    share = await _cpu_share(relay, OPTIONS, lambda: bool(kintone.records(target.app)))
    print(f"CPU seconds per second while kintone is slow: {share:.3f}")
    assert share < 0.3
    assert 0 < len(kintone.records(target.app)) < 1000


async def test_a_worker_facing_a_stale_lease_uses_little_cpu(
    relay: Relay, kintone: Simulator
) -> None:
    """A crashed worker's lease holds the only integration; the worker sleeps until it ends."""
    target = await connect(relay, kintone)
    ingest_mails(relay, 10)
    start = now()
    with relay.store.write() as conn:
        until = start + timedelta(minutes=2)
        assert leases.take_lease(conn, target.integration.id, "crashed", start, until)
    share = await _cpu_share(relay, OPTIONS, lambda: True)
    print(f"CPU seconds per second behind a stale lease: {share:.3f}")
    assert share < 0.3
    assert kintone.records(target.app) == []


async def test_work_behind_a_live_lease_is_ready_when_the_lease_ends(
    relay: Relay, kintone: Simulator
) -> None:
    """While another owner holds an integration, its due work is no candidate, and the next
    time to look is the end of that lease; an expired lease holds nothing back."""
    target = await connect(relay, kintone)
    ingest_mails(relay, 5)
    start = now()
    until = start + timedelta(minutes=2)
    with relay.store.write() as conn:
        due = deliveries.next_due_at(conn)
        assert leases.take_lease(conn, target.integration.id, "elsewhere", start, until)
    assert due is not None
    assert due < start
    with relay.store.read() as conn:
        assert deliveries.candidates(conn, start) == []
        assert deliveries.next_due_at(conn, start) == until
        after = until + timedelta(seconds=1)
        assert deliveries.candidates(conn, after) == [target.integration.id]
        assert deliveries.next_due_at(conn, after) == due


async def test_a_paused_integration_is_ready_when_both_its_probe_and_its_work_are_due(
    relay: Relay, kintone: Simulator
) -> None:
    """A probe that falls due before the work does not make the work ready earlier."""
    target = await connect(relay, kintone)
    ingest_mails(relay, 1)
    start = now()
    with relay.store.write() as conn:
        (integration_id,) = deliveries.candidates(conn, start)
        (due,) = deliveries.due(conn, integration_id, start, 10)
        later = start + timedelta(minutes=5)
        deliveries.retry_later(conn, [due.id], due_at=later, error="timeout", now=start)
        probe = start + timedelta(minutes=1)
        integrations.pause(conn, integration_id, code="X", reason="x", now=start, probe_at=probe)
    with relay.store.read() as conn:
        assert deliveries.next_due_at(conn, start) == later
        assert deliveries.candidates(conn, probe) == []
        assert deliveries.candidates(conn, later) == [target.integration.id]


async def test_a_ring_while_a_worker_looked_for_work_is_not_missed() -> None:
    """A wait counts the rings since its caller read `rings`, so it returns at once."""
    doorbell = Doorbell()
    seen = doorbell.rings
    doorbell.ring()
    with anyio.fail_after(30):
        assert await doorbell.wait(60, since=seen) is True
    assert await doorbell.wait(0.01, since=doorbell.rings) is False
