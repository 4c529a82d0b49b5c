"""Waking idle workers: in-process at once, and between processes through PostgreSQL NOTIFY."""

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import Connection

CHANNEL = "ticketrelay_work"


class Doorbell:
    """Rung from any thread when there is new work or an integration was given back; awaited
    by the workers of one process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self.rings = 0

    def ring(self) -> None:
        """Wake every waiting worker."""
        with self._lock:
            self.rings += 1
            waiters = list(self._waiters)
        for loop, event in waiters:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)

    async def wait(self, seconds: float, *, since: int | None = None) -> bool:
        """Wait until rung or until the time is up; true when rung.

        With `since` (a count of `rings` read earlier), a ring after that reading counts too,
        so that a worker that looked for work first misses no ring while it looked.
        """
        event = asyncio.Event()
        entry = (asyncio.get_running_loop(), event)
        with self._registered(entry):
            if since is not None and self.rings != since:
                return True
            try:
                await asyncio.wait_for(event.wait(), timeout=max(seconds, 0))
            except TimeoutError:
                return False
        return True

    @contextmanager
    def _registered(self, entry: tuple[asyncio.AbstractEventLoop, asyncio.Event]) -> Iterator[None]:
        with self._lock:
            self._waiters.append(entry)
        try:
            yield
        finally:
            with self._lock:
                self._waiters.remove(entry)


def notify(conn: Connection) -> None:
    """Tell workers of other processes, when the transaction commits, that work is waiting."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text(f"NOTIFY {CHANNEL}"))


def listen(url: str, doorbell: Doorbell, stop: threading.Event) -> None:
    """Ring the doorbell on every NOTIFY until stopped (blocking: run it in a thread)."""
    import psycopg

    dsn = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"LISTEN {CHANNEL}")
        while not stop.is_set():
            for _ in conn.notifies(timeout=0.5):
                doorbell.ring()
