"""Faults at scale (issue 10): a thousand activities or more go through the real relay while
the simulator fails about a fifth of the requests, and kintone ends up holding each of them
exactly once with the activity-ID field, at least once without it.

The size comes from `TICKETRELAY_FAULT_ACTIVITIES` (1,000) and the records per request from
`TICKETRELAY_FAULT_BATCH` (10: small batches make many requests, so many faults). Each test
prints one summary line: requests tried, faults injected, lost, duplicated.
"""

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.bodies import ACCOUNT
from tests.integration.relay.helpers import connect, drain, ingest_mails, report
from ticketrelay.demo.app import demo_fields
from ticketrelay.kintone.fields import Field, SingleLineText
from ticketrelay.kintone.sim import SimSettings, Simulator, run_simulator
from ticketrelay.relay import Relay

pytestmark = [pytest.mark.anyio, pytest.mark.heavy]

SIZE = int(os.environ.get("TICKETRELAY_FAULT_ACTIVITIES", "1000"))
BATCH = int(os.environ.get("TICKETRELAY_FAULT_BATCH", "10"))
CHUNK = 100
SEED = 10
# A fault with a count that never runs out, so that what is left of it says how often it hit.
ENDLESS = 10**9
WRITES = "/k/v1/records.json"
RATES: list[tuple[str, str, dict[str, Any]]] = [
    ("500", "error", {"status": 500, "code": "GAIA_UN03", "probability": 0.05}),
    ("502", "error", {"status": 502, "probability": 0.05}),
    ("503 text", "unavailable", {"probability": 0.05}),
    ("drop", "drop", {"api": WRITES, "probability": 0.05}),
]
BURSTS: list[tuple[str, str]] = [("429", "throttle"), ("GAIA_DA02", "db_lock")]
BURST_LENGTH = 3


@dataclass
class Injector:
    """Faults switched on for one app, counted by how much of each got used up."""

    sim: Simulator
    app: int
    planned: dict[str, tuple[str, int]] = field(default_factory=dict)

    def add(self, label: str, kind: str, *, times: int = ENDLESS, **options: Any) -> None:
        """Switch a fault on for the app."""
        fault_id = self.sim.add_fault(kind, app=self.app, times=times, **options)
        self.planned[fault_id] = (label, times)

    def stop(self) -> Counter[str]:
        """Switch every fault off; how many requests each kind answered."""
        with self.sim.state.lock:
            left = {f["id"]: f["times"] for f in self.sim.state.faults.listing()}
        self.sim.clear_faults()
        used: Counter[str] = Counter()
        for fault_id, (label, times) in self.planned.items():
            used[label] += times - left.get(fault_id, 0)
        return used


@pytest.fixture(scope="module")
def seeded() -> Iterator[Simulator]:
    """A simulator of this module's own whose fault draws repeat from run to run."""
    with run_simulator(SimSettings(fault_seed=SEED)) as simulator:
        yield simulator


def _without_unique_id() -> list[Field]:
    """The demo app with the activity ID in a plain text field: no upsert key."""
    return [
        SingleLineText(code=f.code, label=f.label, max_length=64) if f.code == "activity_id" else f
        for f in demo_fields()
    ]


async def _stream_through_faults(relay: Relay, sim: Simulator, app: int) -> Counter[str]:
    """Ingest in chunks and deliver each under faults, with a burst of 429 or GAIA_DA02 each
    time; then switch the faults off and drain. How many requests each fault answered."""
    faults = Injector(sim, app)
    for label, kind, options in RATES:
        faults.add(label, kind, **options)
    for n, start in enumerate(range(0, SIZE, CHUNK)):
        ingest_mails(relay, min(CHUNK, SIZE - start), start=start)
        label, kind = BURSTS[n % len(BURSTS)]
        faults.add(label, kind, times=BURST_LENGTH)
        await drain(relay, batch_size=BATCH)
    injected = faults.stop()
    await drain(relay, batch_size=BATCH)
    return injected


def _tried(sim: Simulator, app: int, injected: Counter[str]) -> int:
    """Requests to the app: those it counted, and those a fault answered in its place."""
    return sim.state.stats.by_app[app] + sum(injected.values()) - injected["drop"]


async def test_with_the_activity_id_field_every_activity_lands_exactly_once(
    relay: Relay,
    seeded: Simulator,
    record_property: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Under 5xx, plain-text 503, commit-then-drop and bursts, upserts store N of N, once each."""
    target = await connect(relay, seeded)
    injected = await _stream_through_faults(relay, seeded, target.app)
    copies = Counter(r["activity_id"]["value"] for r in seeded.records(target.app))
    expected = {a.id for a in relay.activities(account=ACCOUNT, limit=SIZE + 1)}
    lost = len(expected - set(copies))
    duplicated = sum(copies.values()) - len(copies)
    report(
        record_property,
        capsys,
        "faults at scale, upsert by activity ID",
        activities=SIZE,
        requests_tried=_tried(seeded, target.app, injected),
        faults_injected=sum(injected.values()),
        by_kind=dict(sorted(injected.items())),
        lost=lost,
        duplicated=duplicated,
    )
    assert len(expected) == SIZE
    assert set(copies) == expected
    assert (lost, duplicated, len(seeded.records(target.app))) == (0, 0, SIZE)
    assert relay.error_log.find(target.integration.id) == []
    assert all(injected[label] > 0 for label, _, _ in RATES)
    assert all(injected[label] > 0 for label, _ in BURSTS)


async def test_without_it_every_activity_lands_and_duplicates_are_counted(
    relay: Relay,
    seeded: Simulator,
    record_property: Any,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without upsert nothing is lost, and each dropped answer duplicates what it committed.

    A drop commits one POST of 1 to BATCH records and loses the answer; the relay sends
    those records again, so the extra copies lie between the drops and BATCH per drop.
    """
    target = await connect(relay, seeded, fields=_without_unique_id())
    injected = await _stream_through_faults(relay, seeded, target.app)
    copies = Counter(r["activity_id"]["value"] for r in seeded.records(target.app))
    expected = {a.id for a in relay.activities(account=ACCOUNT, limit=SIZE + 1)}
    lost = len(expected - set(copies))
    duplicated = sum(copies.values()) - len(copies)
    drops = injected["drop"]
    report(
        record_property,
        capsys,
        "faults at scale, no activity-ID field (at-least-once)",
        activities=SIZE,
        requests_tried=_tried(seeded, target.app, injected),
        faults_injected=sum(injected.values()),
        by_kind=dict(sorted(injected.items())),
        lost=lost,
        duplicated=duplicated,
        activities_duplicated=sum(1 for n in copies.values() if n > 1),
    )
    assert len(expected) == SIZE
    assert set(copies) == expected
    assert lost == 0
    assert relay.error_log.find(target.integration.id) == []
    assert drops > 0
    assert drops <= duplicated <= drops * BATCH
    assert max(copies.values()) <= 1 + drops
