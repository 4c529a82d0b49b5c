"""Sources read from a helpdesk's API: lease a due poll, run its kind's poller, keep the result.

    Polls.run_due   due polls (`store.polls`) → a lease → the kind's `Poller` → its events and
                    chat inputs ingested and its new cursor kept, in one transaction

A poller is a function of a `PollContext` (the source, its credential, its cursor, an HTTP
client, the hosts it may reach) that reads and returns what it found as `Polled`; it writes
nothing. `PollRefused` means the helpdesk refused the credential: the poll pauses with the
reason until a new credential is set. Any other failure fails that poll alone: its cursor
stays, so nothing is skipped, and it is tried again later, a little later each time.
"""

import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx

from ticketrelay.crypto import Cipher
from ticketrelay.errors import ActionRequired
from ticketrelay.intake import chats
from ticketrelay.intake.ingest import checked, ingest_in
from ticketrelay.model import Source
from ticketrelay.rules.chat_sessions import ChatInput
from ticketrelay.rules.events import parse_event
from ticketrelay.secret import Secret
from ticketrelay.store import Store, polls, sources
from ticketrelay.store.base import now as utc_now

log = logging.getLogger(__name__)
REFUSED_CODE = "credential_refused"
RETRY_FIRST = timedelta(seconds=30)
RETRY_MOST = timedelta(hours=1)


class PollRefused(ActionRequired):
    """The helpdesk refused the poll's credential: set a new one to poll again."""


@dataclass(frozen=True, kw_only=True)
class PollContext:
    """What a poller reads with: the source, its credential and cursor, a client, allowed hosts."""

    source: Source
    secret: Secret
    cursor: Mapping[str, Any]
    http: httpx.AsyncClient
    now: datetime
    allowed_hosts: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Polled:
    """What one poll found: events (as `parse_event` takes them), chat inputs in order, the
    cursor to keep, and how long until the next poll."""

    cursor: dict[str, Any]
    again_in: timedelta
    events: tuple[dict[str, Any], ...] = ()
    chat: tuple[ChatInput, ...] = field(default=())


Poller = Callable[[PollContext], Awaitable[Polled]]


def reachable(url: str, own_domains: Sequence[str], allowed_hosts: Sequence[str]) -> str:
    """The URL without a trailing slash if a poll may reach it, else `PollRefused` saying why.

    A poll may reach https URLs of its helpdesk's own domains (and their subdomains), and
    the hosts of TICKETRELAY_SOURCE_HOSTS (`host` or `host:port`), over http too.
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        netloc = host if parts.port is None else f"{host}:{parts.port}"
        plain = parts.scheme in ("http", "https") and bool(host) and not parts.username
    except ValueError:
        plain = False
    if plain:
        listed = host in allowed_hosts or netloc in allowed_hosts
        own = any(host == d or host.endswith("." + d) for d in own_domains)
        if listed or (own and parts.scheme == "https"):
            return url.rstrip("/")
    raise PollRefused(
        f"ticketrelay may not reach {url!r}: only https URLs of {', '.join(own_domains)} and "
        "the hosts listed in TICKETRELAY_SOURCE_HOSTS; add its host there to allow it."
    )


class Polls:
    """The polled sources of one database, run by a worker one lease at a time."""

    def __init__(
        self,
        store: Store,
        cipher: Cipher,
        pollers: Mapping[str, Poller],
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        allowed_hosts: Sequence[str] = (),
        clock: Callable[[], datetime] = utc_now,
        timeout: timedelta = timedelta(minutes=2),
    ) -> None:
        self.store = store
        self.cipher = cipher
        self.pollers = pollers
        self.allowed_hosts = tuple(allowed_hosts)
        self.clock = clock
        self.timeout = timeout
        self.http = httpx.AsyncClient(transport=transport, timeout=30.0, follow_redirects=False)

    async def run_due(self, owner: str) -> int:
        """Run every due poll this owner can lease; how many new events they stored."""
        now = self.clock()
        due = await self.store.reading(lambda c: polls.due(c, now))
        stored = 0
        for source_id in due:
            if await self._lease(source_id, owner, now):
                stored += await self._run(source_id, owner)
        return stored

    async def _lease(self, source_id: int, owner: str, now: datetime) -> bool:
        # Longer than a poll may take, so that no other process polls the source meanwhile.
        until = now + self.timeout * 2
        return await self.store.writing(lambda c: polls.take(c, source_id, owner, now, until))

    async def aclose(self) -> None:
        """Close the HTTP client."""
        await self.http.aclose()

    async def _run(self, source_id: int, owner: str) -> int:
        source, poll = await self.store.reading(
            lambda c: (sources.get(c, source_id), polls.get(c, source_id))
        )
        if source is None or poll is None:
            return 0
        poller = self.pollers.get(source.kind)
        try:
            if poller is None:
                raise PollRefused(f"ticketrelay cannot poll a {source.kind} source")
            context = self._context(source, poll)
            with anyio.fail_after(self.timeout.total_seconds()):
                found = await poller(context)
            return await anyio.to_thread.run_sync(self._keep, source, found, owner)
        except PollRefused as exc:
            log.warning("Polling source %d pauses: %s", source_id, exc)
            pause = {"code": REFUSED_CODE, "reason": str(exc)}
            await self.store.writing(lambda c: polls.pause(c, source_id, owner, **pause))
        except Exception as exc:
            log.exception("Polling source %d failed; it is tried again later", source_id)
            await self._failed(source_id, owner, poll.failures, exc)
        return 0

    def _context(self, source: Source, poll: polls.Poll) -> PollContext:
        return PollContext(
            source=source,
            secret=self.cipher.decrypt(poll.secret_encrypted),
            cursor=poll.cursor,
            http=self.http,
            now=self.clock(),
            allowed_hosts=self.allowed_hosts,
        )

    def _keep(self, source: Source, found: Polled, owner: str) -> int:
        """Store what a poll found and its new cursor together: all of it, or none."""
        now = self.clock()
        made = [parse_event(event) for event in found.events]
        with self.store.write() as conn:
            stored = ingest_in(conn, [checked(source, made)], now)[0].accepted
            for incoming in found.chat:
                stored += chats.apply_in(conn, source, incoming, now).accepted
            next_at = now + found.again_in
            polls.finish(conn, source.id, owner, cursor=found.cursor, next_at=next_at, now=now)
        return stored

    async def _failed(self, source_id: int, owner: str, failures: int, exc: Exception) -> None:
        wait = min(RETRY_FIRST * 2 ** min(failures, 16), RETRY_MOST)
        error = f"{type(exc).__name__}: {exc}"[:500]
        next_at = self.clock() + wait
        await self.store.writing(
            lambda c: polls.failed(c, source_id, owner, error=error, next_at=next_at)
        )
