"""Fixtures for the kintone client: the simulator over loopback HTTP and an app on it."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from ticketrelay.kintone.fields import DropDown, Number, SingleLineText
from ticketrelay.kintone.sim import Simulator, run_simulator


@pytest.fixture(scope="module")
def sim() -> Iterator[Simulator]:
    """A simulator for the module's tests."""
    with run_simulator() as simulator:
        yield simulator


@dataclass(frozen=True)
class App:
    """An app with a full-permission token."""

    id: int
    token: str


@pytest.fixture
def app(sim: Simulator) -> Iterator[App]:
    """A fresh app with a few typed fields, and no faults switched on."""
    sim.clear_faults()
    app_id = sim.create_app(
        "client test",
        [
            SingleLineText(code="title", label="件名", required=True, max_length=20),
            SingleLineText(code="key", label="キー", unique=True),
            Number(code="count", label="件数"),
            DropDown(code="level", label="レベル", options=("low", "high")),
        ],
    )
    yield App(app_id, sim.issue_token(app_id))
    sim.clear_faults()
