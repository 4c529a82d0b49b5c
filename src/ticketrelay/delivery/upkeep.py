"""What a worker does now and then besides delivering: timers, retries of missed stages, purges.

chat_timers    every few seconds: close the chat sessions whose idle timer ran out
housekeeping   every few minutes: run events and webhook deliveries that missed a stage,
               and delete what is older than the retention period
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

import anyio

from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.wakeups import Doorbell
from ticketrelay.intake import chats
from ticketrelay.intake.hooks import process_received
from ticketrelay.intake.ingest import process_leftovers
from ticketrelay.store import Store, chat_sessions, errorlog, hooks
from ticketrelay.store.retention import purge_expired

log = logging.getLogger(__name__)
ERROR_LOG_DAYS = 366


class Upkeep:
    """A worker's chores, each run when its interval has passed since it last ran."""

    def __init__(
        self,
        store: Store,
        options: WorkerOptions,
        clock: Callable[[], datetime],
        doorbell: Doorbell,
        name: str,
    ) -> None:
        self.store = store
        self.options = options
        self.clock = clock
        self.doorbell = doorbell
        self.name = name
        self._housekept: datetime | None = None
        self._timers_checked: datetime | None = None

    async def chat_timers(self) -> None:
        """Close the chat sessions whose idle timer has run out, and wake the workers."""
        now = self.clock()
        if self._timers_checked and now - self._timers_checked < self.options.chat_timers:
            return
        self._timers_checked = now
        if await anyio.to_thread.run_sync(chats.close_due, self.store, now):
            self.doorbell.ring()

    async def housekeeping(self) -> None:
        """Run events and webhooks that missed a stage, and purge what has expired."""
        now = self.clock()
        if self._housekept and now - self._housekept < self.options.housekeeping:
            return
        self._housekept = now
        await anyio.to_thread.run_sync(process_leftovers, self.store, now)
        await anyio.to_thread.run_sync(process_received, self.store, now)
        cutoff = now - timedelta(days=ERROR_LOG_DAYS)
        await self.store.writing(lambda c: errorlog.purge(c, cutoff))
        kept = now - timedelta(days=self.options.retention_days)
        await self.store.writing(lambda c: hooks.purge(c, kept) + chat_sessions.purge(c, kept))
        # After the error log: activities whose entries just expired may go now too.
        await self._purge(now)

    async def _purge(self, now: datetime) -> None:
        days = self.options.retention_days
        purge = partial(
            purge_expired, self.store, now, days, max_batches=self.options.purge_batches
        )
        purged = await anyio.to_thread.run_sync(purge)
        if purged.total:
            log.info("%s: purged rows older than %d days: %s", self.name, days, purged)
