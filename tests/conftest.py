"""Fixtures shared by every tier: asyncio, real databases, and the kintone simulator."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import BACKENDS, database_url, empty, opened
from ticketrelay.kintone.sim import Simulator, run_simulator
from ticketrelay.store import Store


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (marked anyio) run on asyncio, as the service does."""
    return "asyncio"


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
    """One kintone simulator over loopback HTTP for the session."""
    with run_simulator() as simulator:
        yield simulator


@pytest.fixture
def kintone(sim: Simulator) -> Iterator[Simulator]:
    """The simulator with no faults switched on."""
    sim.clear_faults()
    yield sim
    sim.clear_faults()
