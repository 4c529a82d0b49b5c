"""Opening the database: migrations, refusing a newer schema, UTC times."""

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tests.databases import opened
from ticketrelay.errors import ConfigError
from ticketrelay.store import Store, StoreUnavailable, open_store
from ticketrelay.store import sources as sources_table
from ticketrelay.store.schema import metadata


def test_migrations_build_exactly_the_tables_the_code_uses(store: Store) -> None:
    """The migrated schema and the table modules agree column by column."""
    with store.read() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_migrating_twice_changes_nothing(store: Store) -> None:
    """Opening an up-to-date database runs no migration and keeps its rows."""
    with store.write() as conn:
        sources_table.add(conn, account="a", name="n", token_hash="h", now=datetime.now(UTC))
    url = store.engine.url.render_as_string(hide_password=False)
    with opened(url) as again, again.read() as conn:
        assert [s.account for s in sources_table.list_all(conn)] == ["a"]


def test_newer_database_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    """A schema revision the code does not know means a newer ticketrelay migrated it."""
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    with opened(url) as store, store.write() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(ConfigError, match="schema revision 9999, which this version"):
        open_store(url)


def test_times_come_back_as_utc(store: Store) -> None:
    """A time stored with any offset is read back as the same instant, in UTC."""
    tokyo = datetime(2026, 11, 25, 10, 0, 30, 123000, tzinfo=timezone(timedelta(hours=9)))
    with store.write() as conn:
        source = sources_table.add(conn, account="a", name="n", token_hash="h", now=tokyo)
    with store.read() as conn:
        found = sources_table.get(conn, source.id)
    assert found is not None
    assert found.created_at == tokyo
    assert found.created_at.tzinfo is UTC
    assert found.created_at.hour == 1


def test_naive_times_are_refused(store: Store) -> None:
    """Storing a time without a zone is a bug, caught before it reaches the database."""
    with pytest.raises(sa.exc.StatementError, match="time-zone-aware"), store.write() as conn:
        sources_table.add(conn, account="a", name="n", token_hash="h", now=datetime(2026, 1, 1))


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    """The embedded database uses write-ahead logging, so readers never wait for writers."""
    with opened(f"sqlite:///{tmp_path / 'wal.db'}") as store, store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_unreachable_database_is_a_retry_later_error() -> None:
    """A database that does not answer raises our transient error, naming what to check."""
    with pytest.raises(StoreUnavailable, match="TICKETRELAY_DATABASE_URL"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")
