"""Opening the database: SQLite (WAL) or PostgreSQL, migrations on start, errors made ours."""

import logging
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import anyio
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from ticketrelay.errors import ConfigError, RetryLater

MIGRATIONS = Path(__file__).with_name("migrations")
T = TypeVar("T")
log = logging.getLogger(__name__)


class StoreUnavailable(RetryLater):
    """The database did not answer or was busy; the same work can succeed later."""


class Store:
    """The database: short transactions to read from and to write to."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def __repr__(self) -> str:
        return f"<Store {self.engine.url.render_as_string(hide_password=True)}>"

    @property
    def is_sqlite(self) -> bool:
        """Whether this is the embedded SQLite database (one writer at a time)."""
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that may write; committed when the block ends without an error."""
        with _translated(), self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A transaction that only reads."""
        with _translated(), self.engine.connect() as conn:
            conn = conn.execution_options(ticketrelay_readonly=True)
            with conn.begin():
                yield conn

    async def reading(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in a read transaction on a worker thread, off the event loop."""

        def run() -> T:
            with self.read() as conn:
                return work(conn)

        return await anyio.to_thread.run_sync(run)

    async def writing(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in a write transaction on a worker thread, off the event loop."""

        def run() -> T:
            with self.write() as conn:
                return work(conn)

        return await anyio.to_thread.run_sync(run)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


@contextmanager
def savepoint(conn: Connection) -> Iterator[Connection]:
    """A nested transaction: a block that raises undoes only its own writes.

    The database's own failures still raise StoreUnavailable, for the caller to give up on
    the whole transaction rather than carry on without the block.
    """
    with _translated(), conn.begin_nested():
        yield conn


def open_store(url: str, *, migrate: bool = True) -> Store:
    """Open the database at a URL and bring its schema up to date."""
    store = Store(create_engine(url))
    if migrate:
        upgrade(store)
    return store


def create_engine(url: str) -> Engine:
    """An engine for a database URL, set up for ticketrelay's access pattern."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
    _private_file(url)
    engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _private_file(url: str) -> None:
    """Create the database file readable by its owner only, before SQLite opens it.

    SQLite gives its WAL and shared-memory files the database file's mode, so they hold
    customer data privately too. Files of an older ticketrelay that others may read are
    made private.
    """
    parsed = sa.make_url(url)
    name = parsed.database or ""
    if not name or name.startswith((":memory:", "file:")) or parsed.query.get("uri"):
        return
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))
    except OSError:
        return  # SQLite says what is wrong when it opens the file
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        _make_private(file)


def _make_private(file: Path) -> None:
    try:
        mode = stat.S_IMODE(file.stat().st_mode)
        if mode & 0o077:
            file.chmod(mode & 0o700)
            log.warning("%s was open to others (%o); it is now %o", file, mode, mode & 0o700)
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("Cannot make %s readable by its owner only (%s): chmod 600 it", file, exc)


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # Writers take the lock at BEGIN, so two writers queue instead of failing mid-transaction.
    readonly = conn.get_execution_options().get("ticketrelay_readonly", False)
    conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except sa.exc.OperationalError as exc:
        raise StoreUnavailable(
            f"The database did not answer ({type(exc.orig).__name__}: {exc.orig}); "
            "check that it runs and TICKETRELAY_DATABASE_URL points at it."
        ) from exc


def upgrade(store: Store) -> None:
    """Apply every migration this version of ticketrelay knows, refusing a newer database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    heads = set(ScriptDirectory.from_config(config).get_heads())
    known = {s.revision for s in ScriptDirectory.from_config(config).walk_revisions()}
    with store.write() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
        newer = current - known
        if newer:
            raise ConfigError(
                f"The database is at schema revision {', '.join(sorted(newer))}, which this "
                "version of ticketrelay does not know: a newer ticketrelay migrated it. "
                "Run that version, or restore a backup."
            )
        if current != heads:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
