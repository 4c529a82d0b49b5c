"""Fixtures: one Re:lation simulator over real loopback HTTP for the session, emptied per test."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from ticketrelay.fakes.relation import (
    MessageBox,
    RelationSimulator,
    RelationState,
    Ticket,
    run_relation_sim,
)

START = datetime(2026, 12, 1, 9, 0, 10, tzinfo=UTC)


class FakeClock:
    """A clock that tests move by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward; the new time."""
        self.now += timedelta(**delta)
        return self.now


@dataclass(frozen=True)
class Relation:
    """An httpx client on the simulator, with the demo token unless told otherwise."""

    http: httpx.Client
    sim: RelationSimulator
    clock: FakeClock

    @property
    def state(self) -> RelationState:
        """The simulator's state."""
        return self.sim.state

    def get(self, path: str, *, token: str | None = None, **options: Any) -> httpx.Response:
        """GET a path under /api/v2/."""
        return self.http.get(f"/api/v2/{path}", headers=self.sim.headers(token), **options)

    def search(self, box: int, token: str | None = None, **params: Any) -> httpx.Response:
        """POST /api/v2/{box}/tickets/search with the parameters as JSON."""
        headers = self.sim.headers(token)
        return self.http.post(f"/api/v2/{box}/tickets/search", json=params, headers=headers)

    def ids(self, box: int, **params: Any) -> list[int]:
        """The ticket ids that a search answers, in its order."""
        response = self.search(box, **params)
        assert response.status_code == 200, response.text
        return [t["ticket_id"] for t in response.json()]

    def ticket(self, box: MessageBox, title: str = "配送について", **fields: Any) -> Ticket:
        """A new ticket, one minute after the previous change."""
        self.clock.advance(minutes=1)
        return self.state.add_ticket(box.message_box_id, title, **fields)


@pytest.fixture(scope="session")
def clock() -> FakeClock:
    """The session simulator's clock."""
    return FakeClock()


@pytest.fixture(scope="session")
def sim(clock: FakeClock) -> Iterator[RelationSimulator]:
    """The simulator serving in a background thread."""
    with run_relation_sim(RelationState(clock=clock)) as running:
        yield running


@pytest.fixture(scope="session")
def http(sim: RelationSimulator) -> Iterator[httpx.Client]:
    """An HTTP client on the simulator."""
    with httpx.Client(base_url=sim.url, timeout=30) as client:
        yield client


@pytest.fixture
def relation(http: httpx.Client, sim: RelationSimulator, clock: FakeClock) -> Relation:
    """The simulator emptied (data, faults, counters) and its clock back at START."""
    sim.state.reset()
    clock.now = START
    return Relation(http, sim, clock)


@pytest.fixture
def box(relation: Relation) -> MessageBox:
    """A message box."""
    return relation.state.add_message_box("カスタマーサポート")
