"""Fixtures for the relay: a simulator over loopback HTTP and a Relay on a real database."""

from collections.abc import Iterator

import pytest

from ticketrelay.crypto import Cipher
from ticketrelay.kintone.sim import Simulator, run_simulator
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import Store


@pytest.fixture(scope="session")
def sim() -> Iterator[Simulator]:
    """One simulator for the session; faults are switched off between tests."""
    with run_simulator() as simulator:
        yield simulator


@pytest.fixture
def kintone(sim: Simulator) -> Iterator[Simulator]:
    """The simulator with no faults switched on."""
    sim.clear_faults()
    yield sim
    sim.clear_faults()


@pytest.fixture
def relay(store: Store) -> Relay:
    """A relay on the test database that may point at the simulator on localhost."""
    return Relay(store, Cipher(Secret("test key")), allowed_hosts=("localhost",))
