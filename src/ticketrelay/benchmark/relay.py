"""The durable relay on SQLite against the simulator in a separate process.

- `backlog`: N queued activities of one integration drained to kintone: write requests used,
  records/s, and, as a baseline in the same run, a one-request-per-record loop writing the
  same number of records through the same client;
- `steady`: events ingested at a steady rate while a worker delivers; p50/p99/max seconds from
  ingest to the record stored in kintone.
"""

import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import sqlalchemy as sa

from ticketrelay.benchmark.ingest import event as mail
from ticketrelay.crypto import Cipher
from ticketrelay.demo.app import DEMO_MAPPING, demo_fields
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.kintone.auth import ApiTokens
from ticketrelay.kintone.client import KintoneClient
from ticketrelay.kintone.fields import to_properties
from ticketrelay.kintone.sim import RemoteSimulator
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.rules.events import Event, parse_event
from ticketrelay.secret import Secret
from ticketrelay.store import open_store
from ticketrelay.store.activities import activities
from ticketrelay.store.deliveries import deliveries

ACCOUNT = "bench"
WRITES = (
    ("/k/v1/records.json", "POST"),
    ("/k/v1/records.json", "PUT"),
    ("/k/v1/record.json", "POST"),
)


@dataclass(frozen=True, kw_only=True)
class Setup:
    """A relay with one integration onto a fresh simulator app, and a source."""

    relay: Relay
    source: Source
    app: int
    token: str


def event(n: int, at: datetime) -> Event:
    """A realistic sent mail."""
    return parse_event(mail(n, at))


def writes(sim: RemoteSimulator) -> int:
    """Record writes the simulator has answered so far."""
    by_api = sim.admin("GET", "/_sim/stats")["requests"]["by_api"]
    return sum(by_api.get(api, {}).get(method, 0) for api, method in WRITES)


@contextmanager
def setup(sim: RemoteSimulator, folder: Path, name: str) -> Iterator[Setup]:
    """A fresh database, app, token, integration and source."""
    properties = {f.code: to_properties(f) for f in demo_fields()}
    app = sim.create_app(name, properties)
    token = sim.issue_token(app, ["view", "add", "edit"])
    store = open_store(f"sqlite:///{folder / (name + '.db')}")
    relay = Relay(store, Cipher(Secret("bench")), allowed_hosts=("localhost",))
    spec = IntegrationSpec(
        name=name,
        account=ACCOUNT,
        base_url=sim.url,
        app=app,
        api_token=Secret(token),
        mapping=DEMO_MAPPING,
    )
    anyio.run(relay.create_integration, spec)
    source, _ = relay.create_source(ACCOUNT, "bench")
    try:
        yield Setup(relay=relay, source=source, app=app, token=token)
    finally:
        relay.close()


async def deliver_all(relay: Relay, expected: int) -> None:
    """Run a worker until `expected` deliveries are done."""
    stop = anyio.Event()
    worker = relay.worker()

    async def watch() -> None:
        while _delivered(relay) < expected:
            await relay.doorbell.wait(0.05)
        stop.set()

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(worker.run, stop)
        tasks.start_soon(watch)


def _delivered(relay: Relay) -> int:
    with relay.store.read() as conn:
        query = sa.select(sa.func.count()).where(deliveries.c.status == "delivered")
        return int(conn.execute(query).scalar_one())


def backlog(sim: RemoteSimulator, folder: Path, count: int) -> dict[str, Any]:
    """Drain `count` queued activities, then write as many records one request each."""
    with setup(sim, folder, "backlog") as s:
        now = datetime.now(UTC)
        for start in range(0, count, 100):
            s.relay.ingest(s.source, [event(n, now) for n in range(start, min(start + 100, count))])
        before = writes(sim)
        began = time.perf_counter()
        anyio.run(deliver_all, s.relay, count)
        seconds = time.perf_counter() - began
        requests = writes(sim) - before
        baseline = anyio.run(one_per_record, sim, s.app, s.token, count)
    return {
        "name": "backlog",
        "activities": count,
        "write_requests": requests,
        "seconds": round(seconds, 2),
        "records_per_s": round(count / seconds),
        "baseline_one_request_per_record_per_s": round(count / baseline),
        "ratio_vs_baseline": round(baseline / seconds, 1),
    }


async def one_per_record(sim: RemoteSimulator, app: int, token: str, count: int) -> float:
    """Seconds to write `count` records with one `POST record.json` each (the naive way)."""
    record = {
        "channel": {"value": "メール"},
        "subject": {"value": "件名"},
        "start_at": {"value": "2026-11-25T01:00:00Z"},
    }
    async with KintoneClient(sim.url, ApiTokens.of(token)) as client:
        began = time.perf_counter()
        for n in range(count):
            await client.add_record(app, {**record, "activity_id": {"value": f"baseline-{n}"}})
        return time.perf_counter() - began


def steady(sim: RemoteSimulator, folder: Path, rate: int, seconds: int) -> dict[str, Any]:
    """Ingest `rate` events a second for `seconds` while a worker delivers; latency from ingest."""
    total = rate * seconds
    with setup(sim, folder, "steady") as s:
        feeder = threading.Thread(target=_feed, args=(s, rate, total))
        feeder.start()
        anyio.run(deliver_all, s.relay, total)
        feeder.join()
        latencies = _latencies(s.relay)
    ordered = sorted(latencies)
    return {
        "name": "steady",
        "events_per_s": rate,
        "events": total,
        "p50_s": round(statistics.median(ordered), 3),
        "p99_s": round(ordered[int(len(ordered) * 0.99) - 1], 3),
        "max_s": round(ordered[-1], 3),
    }


def _feed(s: Setup, rate: int, total: int) -> None:
    """Send one event every 1/rate seconds, on a schedule that does not drift."""
    began = time.perf_counter()
    for n in range(total):
        delay = began + n / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        s.relay.ingest(s.source, [event(n, datetime.now(UTC))])


def _latencies(relay: Relay) -> list[float]:
    with relay.store.read() as conn:
        query = sa.select(deliveries.c.delivered_at, activities.c.triggered_at).join(
            activities, activities.c.id == deliveries.c.activity_id
        )
        return [(done - began).total_seconds() for done, began in conn.execute(query)]
