"""Real databases for tests: a SQLite file always, PostgreSQL when a server is configured."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from ticketrelay.store import Store, open_store
from ticketrelay.store.schema import metadata

POSTGRES_URL = os.environ.get("TICKETRELAY_TEST_POSTGRES_URL", "")
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL, reason="TICKETRELAY_TEST_POSTGRES_URL is not set"),
        ],
    ),
]


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database on the configured server, dropped afterwards."""
    name = f"ticketrelay_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def database_url(backend: str, folder: Path) -> Iterator[str]:
    """A URL of an empty database of a backend."""
    if backend == "postgres":
        with postgres_database() as url:
            yield url
    else:
        yield f"sqlite:///{folder / 'ticketrelay.db'}"


def empty(store: Store) -> None:
    """Delete every row, children before parents."""
    with store.write() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())


@contextmanager
def opened(url: str) -> Iterator[Store]:
    """A migrated store, closed afterwards."""
    store = open_store(url)
    try:
        yield store
    finally:
        store.close()
