"""A kintone domain's shared request slots: waiters wake on a release instead of polling."""

from typing import Any

import anyio
import pytest
import sqlalchemy as sa

from tests.integration.relay.helpers import connect, ingest_mails
from ticketrelay.delivery.limits import DomainSlots, Releases
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.sender import SenderOptions
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.rules.retry import NO_WAITING
from ticketrelay.store import Store, limits
from ticketrelay.store.base import now

pytestmark = pytest.mark.anyio
DOMAIN = "acme.cybozu.com"


def _slots(store: Store, releases: Releases, owner: str, recheck: float) -> DomainSlots:
    return DomainSlots(store, releases, cap=1, owner=owner, clock=now, recheck=recheck)


async def test_a_waiter_takes_the_slot_once_it_is_given_back_in_this_process(
    store: Store,
) -> None:
    """The release wakes the waiter at once; its re-check (a minute away) plays no part."""
    releases = Releases()
    first, second = _slots(store, releases, "a", 60), _slots(store, releases, "b", 60)
    order: list[str] = []
    holding = anyio.Event()

    async def hold() -> None:
        async with first.held(DOMAIN):
            holding.set()
            await anyio.sleep(0.2)
            order.append("a gives back")

    async def wait() -> None:
        await holding.wait()
        async with second.held(DOMAIN):
            order.append("b holds")

    with anyio.fail_after(30):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(hold)
            tasks.start_soon(wait)
    assert order == ["a gives back", "b holds"]


async def test_a_slot_given_back_by_another_process_is_found_by_the_re_check(
    store: Store,
) -> None:
    """No release rings here for another process's slot; the waiter's re-check finds it."""
    start = now()
    with store.write() as conn:
        taken = limits.take_slot(conn, DOMAIN, 1, "elsewhere", start, start.replace(year=2100))
    assert taken == 0
    order: list[str] = []

    async def wait() -> None:
        async with _slots(store, Releases(), "b", 0.05).held(DOMAIN):
            order.append("b holds")

    with anyio.fail_after(30):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(wait)
            await anyio.sleep(0.2)
            with store.write() as conn:
                limits.release_slot(conn, DOMAIN, 0, "elsewhere")
            order.append("elsewhere gives back")
    assert order == ["elsewhere gives back", "b holds"]


async def test_a_sender_waiting_for_the_domain_slot_does_not_poll_the_database(
    relay: Relay, kintone: Simulator, store: Store
) -> None:
    """With one slot and a slow kintone, the second sender writes to `domain_slots` a few times."""
    apps = [(await connect(relay, kintone)).app for _ in range(2)]
    ingest_mails(relay, 10)
    kintone.add_fault("latency", api="/k/v1/records.json", latency_ms=1000)
    options = WorkerOptions(tasks=2, sender=SenderOptions(retry=NO_WAITING, domain_concurrency=1))
    writes: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        verb = statement.split()[0].upper()
        if "domain_slots" in statement and verb in {"INSERT", "UPDATE"}:
            writes.append(verb)

    stop = anyio.Event()

    async def watch() -> None:
        while any(len(kintone.records(app)) < 10 for app in apps):
            await relay.doorbell.wait(0.05)
        stop.set()

    sa.event.listen(store.engine, "before_cursor_execute", count)
    try:
        with anyio.fail_after(60):
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(relay.worker(options).run, stop)
                tasks.start_soon(watch)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", count)
    # Two requests without waiting take two INSERTs; a third means the second sender waited.
    assert writes.count("INSERT") >= 3
    assert len(writes) <= 20, writes
