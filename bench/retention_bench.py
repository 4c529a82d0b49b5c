"""How big the SQLite database grows per event, and what a retention purge gives back.

Ingests N realistic sent mails through `Relay` into a fresh SQLite file (100 a batch) and
delivers them to the kintone simulator (or not: --no-deliver), then measures the file. Then it
moves the clock past the retention period and purges, while another thread hands in 100
events a second (10 a batch, as a steady stream does), and reports the slowest of those
ingests, against the same stream without a purge. Last, the free pages the purge left, the
file after N more events (they reuse those pages), and the file after VACUUM. JSON lines.

    python -m bench.retention_bench [--events 20000] [--no-deliver]
"""

import argparse
import json
import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import anyio

from ticketrelay.benchmark.ingest import event as mail
from ticketrelay.crypto import Cipher
from ticketrelay.demo.app import DEMO_MAPPING, demo_fields
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.kintone.sim import Simulator, run_simulator
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.rules.events import parse_event
from ticketrelay.secret import Secret
from ticketrelay.store import open_store
from ticketrelay.store.retention import purge_expired

DAYS = 400
START = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


class Clock:
    """The relay's clock, moved by the benchmark."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


class Bench:
    """A relay with its clock on a fresh SQLite file, and a source of event numbers."""

    def __init__(self, folder: Path, sim: Simulator | None) -> None:
        self.file = folder / "retention.db"
        self.clock = Clock()
        self.relay = Relay(
            open_store(f"sqlite:///{self.file}"),
            Cipher(Secret("bench")),
            allowed_hosts=("localhost",),
            clock=self.clock,
        )
        self.numbers = count()
        if sim is not None:
            app = sim.create_app("retention", demo_fields())
            spec = IntegrationSpec(
                name="retention", account="bench", base_url=sim.url, app=app,
                api_token=Secret(sim.issue_token(app)), mapping=DEMO_MAPPING,
            )  # fmt: skip
            anyio.run(self.relay.create_integration, spec)
        self.source: Source = self.relay.create_source("bench", "desk")[0]

    def ingest(self, events: int, size: int) -> float:
        """Hand in `events` new mails, `size` a batch; return the slowest batch's seconds."""
        slowest = 0.0
        for _ in range(0, events, size):
            batch = [parse_event(mail(next(self.numbers), self.clock())) for _ in range(size)]
            began = time.perf_counter()
            self.relay.ingest(self.source, batch)
            slowest = max(slowest, time.perf_counter() - began)
        return slowest

    def deliver(self) -> None:
        """Deliver everything due."""
        anyio.run(self.relay.worker().drain)

    def measure(self) -> dict[str, int]:
        """Bytes of the file (its WAL checkpointed), of its free pages, of the biggest tables."""
        with closing(sqlite3.connect(self.file)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            (pages,), (free,), (size,) = (
                conn.execute(f"PRAGMA {name}").fetchone()
                for name in ("page_count", "freelist_count", "page_size")
            )
            (events,) = conn.execute("SELECT count(*) FROM events").fetchone()
            tables = conn.execute(
                "SELECT coalesce(i.tbl_name, d.name), sum(d.pgsize) FROM dbstat d LEFT JOIN "
                "sqlite_master i ON i.name = d.name GROUP BY 1 ORDER BY 2 DESC LIMIT 4"
            ).fetchall()
        found = {"bytes": pages * size, "free_bytes": free * size, "stored_events": events}
        return found | {f"bytes_{table}": n for table, n in tables}


def streaming(bench: Bench, work: Callable[[], Any]) -> tuple[Any, list[float]]:
    """Run `work` while another thread hands in 10 events every 0.1 s; its result, latencies."""
    latencies: list[float] = []
    stop = threading.Event()

    def feed() -> None:
        while not stop.wait(0.1):
            latencies.append(bench.ingest(10, 10))

    feeder = threading.Thread(target=feed)
    feeder.start()
    try:
        return work(), latencies
    finally:
        stop.set()
        feeder.join()


def latency(name: str, latencies: list[float]) -> dict[str, Any]:
    """Median and slowest of some ingests."""
    return {
        f"{name}_ingests": len(latencies),
        f"{name}_median_s": round(statistics.median(latencies), 3),
        f"{name}_slowest_s": round(max(latencies), 3),
    }


def purge(bench: Bench) -> dict[str, Any]:
    """Past the retention period: the stream alone for 5 s, then the purge under it."""
    bench.clock.now += timedelta(days=DAYS + 1)
    _, alone = streaming(bench, lambda: time.sleep(5))
    began = time.perf_counter()
    purged, during = streaming(bench, lambda: purge_expired(bench.relay.store, bench.clock(), DAYS))
    return {
        "purged_rows": purged.total,
        **{f"purged_{k}": v for k, v in vars(purged).items()},
        "purge_seconds": round(time.perf_counter() - began, 2),
        **latency("without_purge", alone),
        **latency("during_purge", during),
    }


def run(events: int, deliver: bool, folder: Path, sim: Simulator) -> None:
    """Every step, one JSON line each."""
    bench = Bench(folder, sim if deliver else None)
    empty = bench.measure()["bytes"]
    bench.ingest(events, 100)
    if deliver:
        bench.deliver()
    full = bench.measure()
    per_event = round((full["bytes"] - empty) / events)
    print(json.dumps({"step": "ingested", "events": events, "delivered": deliver, **full}))
    print(json.dumps({"step": "per_event", "bytes_per_event": per_event}))
    print(json.dumps({"step": "purged", **purge(bench)}))
    print(json.dumps({"step": "after_purge", **bench.measure()}))
    bench.ingest(events, 100)
    if deliver:
        bench.deliver()
    print(json.dumps({"step": "ingested_as_many_again", **bench.measure()}))
    bench.relay.close()
    with closing(sqlite3.connect(bench.file)) as conn:
        conn.execute("VACUUM")
    print(json.dumps({"step": "vacuumed", **bench.measure()}))


def main() -> None:
    """Parse the arguments and run in a temporary folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--no-deliver", dest="deliver", action="store_false")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, run_simulator() as sim:
        run(args.events, args.deliver, Path(folder), sim)


if __name__ == "__main__":
    main()
