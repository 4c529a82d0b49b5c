"""Fixtures of the end-to-end tests: real databases, the simulator, the service over HTTP."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.databases import BACKENDS, database_url, empty, opened
from tests.e2e.server import SECRET_KEY, Service, serving, settings_of
from ticketrelay.courier import CourierOptions
from ticketrelay.crypto import Cipher
from ticketrelay.kintone.sim import Simulator, run_simulator
from ticketrelay.relay import Relay
from ticketrelay.retry import NO_WAITING
from ticketrelay.secret import Secret
from ticketrelay.store import Store
from ticketrelay.web import create_app
from ticketrelay.worker import WorkerOptions

QUICK = WorkerOptions(courier=CourierOptions(retry=NO_WAITING), tasks=1, idle_seconds=0.05)


@pytest.fixture(scope="session", params=BACKENDS)
def session_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """One migrated database per backend for the whole run."""
    folder: Path = tmp_path_factory.mktemp(request.param)
    with database_url(request.param, folder) as url, opened(url) as store:
        yield store


@pytest.fixture
def store(session_store: Store) -> Store:
    """A migrated database, emptied before each test."""
    empty(session_store)
    return session_store


@pytest.fixture(scope="session")
def sim() -> Iterator[Simulator]:
    """One kintone simulator for the session."""
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
    return Relay(store, Cipher(Secret(SECRET_KEY)), allowed_hosts=("localhost",))


@pytest.fixture
def service(relay: Relay, kintone: Simulator) -> Iterator[Service]:
    """The service with its delivery worker, on a loopback port, and a client."""
    app = create_app(relay, settings_of(relay.store), worker_options=QUICK)
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield Service(url=url, relay=relay, http=http)
