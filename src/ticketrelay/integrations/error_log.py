"""An integration's error log as a person reads it: pages, counts, one entry, CSV, resend."""

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from ticketrelay.delivery.wakeups import Doorbell
from ticketrelay.errors import NotFound
from ticketrelay.model import Entry, Integration
from ticketrelay.rules import error_csv
from ticketrelay.rules.mapping import load_zone
from ticketrelay.store import Store, deliveries, errorlog, fieldcache, reports
from ticketrelay.store.errorlog import Filter

ONE_YEAR = timedelta(days=365)


class ErrorLog:
    """Reads and resends the error log of the integrations that `lookup` finds."""

    def __init__(
        self,
        store: Store,
        lookup: Callable[[int], Integration],
        *,
        clock: Callable[[], datetime],
        doorbell: Doorbell,
    ) -> None:
        self.store = store
        self.lookup = lookup
        self.clock = clock
        self.doorbell = doorbell

    def find(self, integration_id: int, where: Filter | None = None, **page: Any) -> list[Entry]:
        """Entries of an integration, newest first (by default the last year)."""
        self.lookup(integration_id)
        with self.store.read() as conn:
            return errorlog.find(conn, integration_id, self._within_a_year(where), **page)

    def count(self, integration_id: int, where: Filter | None = None) -> int:
        """How many entries `find` finds on all its pages."""
        with self.store.read() as conn:
            return errorlog.count(conn, integration_id, self._within_a_year(where))

    def filters(self, integration_id: int) -> tuple[list[str], list[str]]:
        """The channel names and field codes that occur in an integration's error log."""
        with self.store.read() as conn:
            return reports.error_filters(conn, integration_id)

    def entry(self, integration_id: int, entry_id: int) -> reports.EntryDetail:
        """One entry, with its activity's values and fate."""
        with self.store.read() as conn:
            found = reports.entry_detail(conn, integration_id, entry_id)
        if found is None:
            raise NotFound(f"Integration {integration_id}'s error log has no entry {entry_id}.")
        return found

    def export(
        self,
        integration_id: int,
        *,
        encoding: error_csv.Encoding = "utf-8",
        language: error_csv.Language = "ja",
    ) -> bytes:
        """The last year of an integration's error log as CSV, times in its time zone."""
        integration = self.lookup(integration_id)
        zone = load_zone(integration.timezone) or load_zone("UTC")
        assert zone is not None
        entries = self.find(integration_id)
        return error_csv.to_csv(entries, zone=zone, encoding=encoding, language=language)

    def resend(self, integration_id: int, entry_ids: Sequence[int] | None) -> int:
        """Queue the ERRORs of some entries (None: all) again, mapped with the current mapping."""
        self.lookup(integration_id)
        now = self.clock()
        with self.store.write() as conn:
            activity_ids = None
            if entry_ids is not None:
                chosen = errorlog.find(conn, integration_id, Filter(ids=list(entry_ids)))
                activity_ids = sorted({e.activity_id for e in chosen})
            queued = deliveries.requeue_errors(conn, integration_id, activity_ids, now)
            errorlog.mark_resent(conn, integration_id, queued, now)
            # A resend usually follows a fix in the app: read its fields again, not the cache.
            fieldcache.invalidate(conn, integration_id)
        if queued:
            self.doorbell.ring()
        return len(queued)

    def _within_a_year(self, where: Filter | None) -> Filter:
        where = where or Filter()
        return where if where.since is not None else replace(where, since=self.clock() - ONE_YEAR)
