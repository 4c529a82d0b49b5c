"""Fixtures shared by the integration tests: real databases."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.databases import BACKENDS, database_url, empty, opened
from ticketrelay.store import Store


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
