"""Worker processes for real: killed mid-batch and restarted, or several on one backlog."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import anyio
import pytest

from tests.bodies import ACCOUNT
from tests.integration.relay.helpers import connect, ingest_mails
from ticketrelay.crypto import Cipher
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import Store
from ticketrelay.store.deliveries import counts

pytestmark = pytest.mark.anyio
KEY = "process test key"


def _environment(store: Store) -> dict[str, str]:
    return {
        **os.environ,
        "TICKETRELAY_DATABASE_URL": store.engine.url.render_as_string(hide_password=False),
        "TICKETRELAY_SECRET_KEY": KEY,
        "TICKETRELAY_KINTONE_HOSTS": "localhost",
        "TICKETRELAY_LEASE_SECONDS": "3",
    }


@contextmanager
def _workers(store: Store, count: int, folder: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`count` worker processes, stopped with SIGTERM at the end (if still running)."""
    logs = [(folder / f"worker{n}.log").open("wb") for n in range(count)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "ticketrelay", "worker", "--log-level", "warning"],
            env=_environment(store),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        for log in logs
    ]
    try:
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, log in zip(processes, logs, strict=True):
            process.wait(timeout=30)
            log.close()


def _wait_for(store: Store, delivered: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with store.read() as conn:
            if counts(conn).get("delivered", 0) >= delivered:
                return
        time.sleep(0.1)
    raise AssertionError(f"fewer than {delivered} deliveries were done in {seconds} s")


def _relay(store: Store) -> Relay:
    return Relay(store, Cipher(Secret(KEY)), allowed_hosts=("localhost",))


async def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(
    store: Store, kintone: Simulator, tmp_path: Path
) -> None:
    """SIGKILL while kintone is answering; a new worker finishes, each record exactly once."""
    relay = _relay(store)
    target = await connect(relay, kintone)
    ingest_mails(relay, 1500)
    kintone.add_fault("latency", api="/k/v1/records.json", latency_ms=400)
    with _workers(store, 1, tmp_path) as (first,):
        _wait_for(store, 300)
        await anyio.sleep(0.2)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    with store.read() as conn:
        assert counts(conn).get("pending", 0) > 0
    kintone.clear_faults()
    with _workers(store, 1, tmp_path):
        _wait_for(store, 1500)
    found = Counter(r["activity_id"]["value"] for r in kintone.records(target.app))
    expected = {a.id for a in relay.activities(account=ACCOUNT, limit=2000)}
    assert set(found) == expected
    assert set(found.values()) == {1}


async def test_several_workers_drain_one_backlog_exactly_once(
    store: Store, kintone: Simulator, tmp_path: Path
) -> None:
    """Three worker processes share two integrations' backlogs; no batch is sent twice."""
    relay = _relay(store)
    first = await connect(relay, kintone)
    second = await connect(relay, kintone)
    ingest_mails(relay, 1000)
    apps = (first.app, second.app)
    before = {app: kintone.state.stats.by_app[app] for app in apps}
    with _workers(store, 3, tmp_path):
        _wait_for(store, 2000)
    expected = {a.id for a in relay.activities(account=ACCOUNT, limit=2000)}
    for app in apps:
        found = Counter(r["activity_id"]["value"] for r in kintone.records(app))
        assert set(found) == expected
        assert set(found.values()) == {1}
        assert kintone.state.stats.by_app[app] - before[app] == 10
