"""Files that hold customer data are readable by their owner only, whatever the umask."""

import os
import sqlite3
import stat
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.databases import opened
from ticketrelay.config import Settings
from ticketrelay.crypto import load_cipher
from ticketrelay.errors import ConfigError
from ticketrelay.kintone.sim.journal import Journal
from ticketrelay.secret import Secret
from ticketrelay.store import Store, sources


@pytest.fixture(autouse=True)
def lax_umask() -> Iterator[None]:
    """The common umask 022, which leaves new files readable by everyone unless asked not to."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    """The permission bits of a file."""
    return stat.S_IMODE(os.stat(path).st_mode)


def write_a_row(store: Store) -> None:
    """Commit one write, so that SQLite has its WAL and shared-memory files."""
    with store.write() as conn:
        sources.add(conn, account="acme", name="desk", token_hash="h", now=datetime.now(UTC))


def files_of(database: Path) -> list[Path]:
    """The database and the WAL and shared-memory files beside it."""
    return [database, database.with_name("relay.db-wal"), database.with_name("relay.db-shm")]


def test_a_new_database_with_its_wal_and_shm_is_private(tmp_path: Path) -> None:
    """The database, its WAL and its shared memory are created 0600."""
    database = tmp_path / "data" / "relay.db"
    with opened(f"sqlite:///{database}") as store:
        write_a_row(store)
        assert {path.name: mode(path) for path in files_of(database)} == {
            "relay.db": 0o600,
            "relay.db-wal": 0o600,
            "relay.db-shm": 0o600,
        }


def test_a_database_open_to_others_is_made_private(tmp_path: Path) -> None:
    """A database an older version left readable by others is 0600 once opened."""
    database = tmp_path / "relay.db"
    sqlite3.connect(database).close()
    assert mode(database) == 0o644
    with opened(f"sqlite:///{database}") as store:
        write_a_row(store)
        assert {mode(path) for path in files_of(database)} == {0o600}


def test_the_simulators_journal_is_private(tmp_path: Path) -> None:
    """The simulator's `--data` journal holds record data: 0600 too."""
    journal = Journal(tmp_path / "sim.jsonl")
    journal.append({"app": 1})
    journal.close()
    assert mode(tmp_path / "sim.jsonl") == 0o600


def test_the_key_file_is_private(tmp_path: Path) -> None:
    """The key file made on first use beside the database is 0600."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'relay.db'}")
    load_cipher(settings)
    assert mode(settings.key_file) == 0o600


def test_processes_starting_together_share_one_key(tmp_path: Path) -> None:
    """The key file appears whole: no starter reads it half written and takes another key."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'relay.db'}")
    secret = Secret("token")
    with ThreadPoolExecutor(8) as pool:
        ciphers = list(pool.map(lambda _: load_cipher(settings), range(8)))
    sealed = ciphers[0].encrypt(secret)
    assert {c.decrypt(sealed).reveal() for c in ciphers} == {"token"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_empty_key_file_is_refused(tmp_path: Path) -> None:
    """An empty key file is a lost key, never a key of its own."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'relay.db'}")
    settings.key_file.touch()
    with pytest.raises(ConfigError, match="is empty"):
        load_cipher(settings)
