"""Idle workers are woken: in-process by the doorbell, between processes by NOTIFY."""

import threading

import anyio
import pytest

from tests.databases import POSTGRES_URL
from ticketrelay.delivery.wakeups import Doorbell, listen, notify
from ticketrelay.store import Store

pytestmark = pytest.mark.anyio


async def test_a_ring_wakes_a_waiting_worker_from_another_thread() -> None:
    """Ringing from any thread ends the wait early and says it was rung."""
    doorbell = Doorbell()
    threading.Timer(0.05, doorbell.ring).start()
    assert await doorbell.wait(30) is True


async def test_without_a_ring_the_wait_times_out() -> None:
    """A wait with nobody ringing ends at its time and says so."""
    assert await Doorbell().wait(0.01) is False


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="TICKETRELAY_TEST_POSTGRES_URL is not set")
async def test_notify_from_another_connection_rings_the_doorbell(store: Store) -> None:
    """A transaction that stores work sends NOTIFY; the listening thread rings on it."""
    if store.is_sqlite:
        pytest.skip("NOTIFY is PostgreSQL's")
    doorbell = Doorbell()
    stop = threading.Event()
    url = store.engine.url.render_as_string(hide_password=False)
    thread = threading.Thread(target=listen, args=(url, doorbell, stop))
    thread.start()
    try:
        rung = False
        with anyio.fail_after(30):
            while not rung:  # the listener may not be listening yet: notify until heard
                with store.write() as conn:
                    notify(conn)
                rung = await doorbell.wait(0.2)
        assert rung
    finally:
        stop.set()
        thread.join()
