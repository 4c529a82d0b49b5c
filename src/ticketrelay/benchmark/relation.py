"""The Re:lation poller's latency at a request budget, in simulated time.

A steady stream of changed tickets (`rate` a minute, each a different ticket: half of them new
with an agent's sent mail, half an older one given a response memo) appears in the shipped
simulator over `minutes`, while the relay polls it every 60 s within `requests_per_minute`.
The simulator's clock and the relay's are one clock moved by hand, from poll to poll, so the
figures are exact and the same on every run: a poll takes no simulated time, and a change's
latency is from the time it appeared to the time its event was stored. After the stream the
polls go on until every change is stored (or as long again). Each rate is run twice: at the
budget, and as the baseline at a budget that never runs out, where only the poll interval
delays a change. The backlog grows at a rate when, in the last quarter of the stream, more
changes wait after a poll than in the second quarter, by more than a minute's worth.
"""

import math
import random
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import anyio
import sqlalchemy as sa

from ticketrelay.crypto import Cipher
from ticketrelay.demo.people import customers
from ticketrelay.fakes.relation import RelationState, Ticket, run_relation_sim
from ticketrelay.fakes.relation.seed import Scene, ensure_people
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import events, open_store, polls

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ACCOUNT = "bench"
POLL_SECONDS = 60
DEFAULT_BUDGET = 20
RELATION_LIMIT = 60  # Re:lation's own limit a token a minute
UNLIMITED = 100_000
# A changed ticket given a memo is one that no change touched for this long.
QUIET = timedelta(minutes=10)


class Clock:
    """The one clock of the simulator and the relay, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(kw_only=True)
class Stream:
    """Changes at a steady rate, written into the simulator once their time has come."""

    state: RelationState
    scene: partial[Scene]
    box: int
    times: list[datetime]
    appeared: dict[str, datetime] = field(default_factory=dict)
    touched: dict[int, tuple[Ticket, datetime]] = field(default_factory=dict)
    rng: random.Random = field(default_factory=random.Random)

    def until(self, moment: datetime) -> None:
        """Write every change that appears at or before `moment`."""
        while self.times and self.times[0] <= moment:
            self._change(self.times.pop(0))

    def _change(self, at: datetime) -> None:
        scene = self.scene()
        quiet = [t for t, last in self.touched.values() if last <= at - QUIET]
        if quiet and self.rng.random() < 0.5:
            ticket = self.rng.choice(quiet)
            scene.memo(ticket, at, "other")
        else:
            ticket = scene.ticket(self.box, at)
            scene.question(ticket, at)
            scene.reply(ticket, at)
        message_id = ticket.messages[-1].message_id
        self.appeared[f"relation:{self.box}:message:{message_id}"] = at
        self.touched[ticket.ticket_id] = (ticket, at)


@dataclass(frozen=True, kw_only=True)
class Run:
    """One stream polled at one budget: each change's latency, the waiting changes after each
    poll, and what was left unread."""

    latencies: list[float]
    waiting: list[tuple[float, int]]
    unread: int
    polls: int
    requests: int
    busiest_minute: int


def run(
    folder: Path,
    *,
    rates: Sequence[int],
    minutes: int,
    requests_per_minute: int = DEFAULT_BUDGET,
    seed: int = 7,
) -> Iterator[dict[str, Any]]:
    """One line a rate, then where the backlog starts to grow."""
    grows: dict[int, bool] = {}
    for rate in rates:
        line = measure(folder, rate, minutes=minutes, budget=requests_per_minute, seed=seed)
        grows[rate] = line["backlog_grows"]
        yield line
    yield limit(folder, grows, minutes=minutes, budget=requests_per_minute, seed=seed)


def measure(folder: Path, rate: int, *, minutes: int, budget: int, seed: int) -> dict[str, Any]:
    """A rate at the budget, against the baseline of a budget that never runs out."""
    found = simulate(folder, rate, minutes=minutes, budget=budget, seed=seed)
    base = simulate(folder, rate, minutes=minutes, budget=UNLIMITED, seed=seed)
    spread, baseline = _spread(found.latencies), _spread(base.latencies)
    return {
        "name": "relation_latency",
        "rate_per_minute": rate,
        "minutes": minutes,
        "poll_seconds": POLL_SECONDS,
        "requests_per_minute": budget,
        "changes": rate * minutes,
        "stored": len(found.latencies),
        "unread": found.unread,
        "polls": found.polls,
        "requests": found.requests,
        "busiest_minute": found.busiest_minute,
        **{f"{key}_s": value for key, value in spread.items()},
        **{f"baseline_{key}_s": value for key, value in baseline.items()},
        "backlog_grows": _grows(found, rate, minutes),
        "p95_vs_baseline": _ratio(spread["p95"], baseline["p95"]),
        "max_vs_baseline": _ratio(spread["max"], baseline["max"]),
    }


def limit(
    folder: Path, grows: dict[int, bool], *, minutes: int, budget: int, seed: int
) -> dict[str, Any]:
    """The lowest rate a minute at which the backlog grows, between the rates measured."""
    below = max((r for r, g in grows.items() if not g), default=0)
    above = min((r for r, g in grows.items() if g and r > below), default=None)
    while above is not None and above - below > 1:
        middle = (below + above) // 2
        found = simulate(folder, middle, minutes=minutes, budget=budget, seed=seed)
        if grows_at := _grows(found, middle, minutes):
            above = middle
        else:
            below = middle
        grows[middle] = grows_at
    return {
        "name": "relation_backlog",
        "requests_per_minute": budget,
        "poll_seconds": POLL_SECONDS,
        "minutes": minutes,
        "sustained_rate_per_minute": below,
        "grows_from_rate_per_minute": above,
        "grows_by_rate": {str(r): g for r, g in sorted(grows.items())},
    }


def simulate(folder: Path, rate: int, *, minutes: int, budget: int, seed: int) -> Run:
    """A fresh database and simulator; the stream of `rate` a minute polled at `budget`."""
    clock = Clock(START)
    state = RelationState(clock=clock, rate_limit=max(RELATION_LIMIT, budget))
    store = open_store(f"sqlite:///{folder / f'relation-{rate}-{budget}.db'}")
    try:
        with run_relation_sim(state) as sim:
            relay = Relay(
                store,
                Cipher(Secret("bench")),
                source_hosts=(sim.url.removeprefix("http://"),),
                clock=clock,
            )
            stream = _stream(state, rate, minutes, seed)
            source = _source(relay, sim.url, sim.token, stream.box, budget)
            end = START + timedelta(minutes=minutes)
            return anyio.run(partial(_drive, relay, clock, stream, source, end))
    finally:
        store.close()


def _stream(state: RelationState, rate: int, minutes: int, seed: int) -> Stream:
    rng = random.Random(seed)  # noqa: S311 (a repeatable stream, not a secret)
    box = ensure_people(state)[0]
    people = customers(rng, 200)
    gap = timedelta(seconds=POLL_SECONDS / rate)
    times = [START + gap * (n + 0.5) for n in range(rate * minutes)]
    return Stream(
        state=state, scene=partial(Scene, state, rng, people), box=box, times=times, rng=rng
    )


def _source(relay: Relay, url: str, token: str, box: int, budget: int) -> Source:
    settings = {
        "base_url": url,
        "message_boxes": [box],
        "poll_seconds": POLL_SECONDS,
        "requests_per_minute": budget,
        "since": START.isoformat(),
    }
    return relay.hooks.create_source(
        ACCOUNT, "relation", "relation", settings, None, poll_secret=Secret(token)
    )


async def _drive(relay: Relay, clock: Clock, stream: Stream, source: Source, end: datetime) -> Run:
    """Poll when due, writing the changes of the time between, until all are stored."""
    total, give_up = len(stream.times), end + (end - START)
    waiting: list[tuple[float, int]] = []
    while (due := _next_poll(relay, source)) <= give_up:
        stream.until(due)
        clock.now = due
        async with relay.worker() as worker:
            await worker.poll_due()
        stored = _count(relay, source)
        waiting.append(((due - START).total_seconds(), len(stream.appeared) - stored))
        if due >= end and stored == total:
            break
    found = _stored(relay, source)
    counts = stream.state.limiter.per_minute()
    return Run(
        latencies=[
            (found[k] - at).total_seconds() for k, at in stream.appeared.items() if k in found
        ],
        waiting=waiting,
        unread=total - len(found),
        polls=len(waiting),
        requests=sum(counts.values()),
        busiest_minute=max(counts.values(), default=0),
    )


def _next_poll(relay: Relay, source: Source) -> datetime:
    with relay.store.read() as conn:
        poll = polls.get(conn, source.id)
    assert poll is not None
    return poll.next_at


def _count(relay: Relay, source: Source) -> int:
    c = events.events.c
    query = sa.select(sa.func.count()).where(c.source_id == source.id)
    with relay.store.read() as conn:
        return int(conn.execute(query).scalar_one())


def _stored(relay: Relay, source: Source) -> dict[str, datetime]:
    c = events.events.c
    query = sa.select(c.event_id, c.received_at).where(c.source_id == source.id)
    with relay.store.read() as conn:
        return {str(key): at for key, at in conn.execute(query)}


def grows(waiting: list[tuple[float, int]], rate: int, minutes: int) -> bool:
    """Whether more changes wait after a poll late in the stream than early, by over a minute's
    worth."""
    span = minutes * 60

    def mean(start: float, stop: float) -> float:
        found = [count for at, count in waiting if start * span <= at < stop * span]
        return statistics.fmean(found) if found else 0.0

    return mean(0.75, 1.0) > mean(0.25, 0.5) + rate


def _grows(found: Run, rate: int, minutes: int) -> bool:
    return found.unread > 0 or grows(found.waiting, rate, minutes)


def _spread(latencies: list[float]) -> dict[str, float | None]:
    ordered = sorted(latencies)
    return {
        "p50": _rank(ordered, 0.50),
        "p95": _rank(ordered, 0.95),
        "max": _rank(ordered, 1.0),
    }


def _rank(ordered: list[float], share: float) -> float | None:
    """The nearest-rank percentile, to a tenth of a second."""
    if not ordered:
        return None
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 1)


def _ratio(value: float | None, base: float | None) -> float | None:
    return None if value is None or not base else round(value / base, 2)
