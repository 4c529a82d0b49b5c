"""Signed webhooks in: verify, store the raw delivery and settle it, in one transaction.

    receive    the live source of the kind, `rules.signatures`, one row (de-duplicated),
               then `intake.hook_outcomes.settle` in a savepoint of the same transaction
    process_received    deliveries whose settling failed, again, from storage

A delivery that is not authentic raises `NotAuthentic` and stores nothing. One that is
stored is never lost: should settling it fail, only the savepoint is undone, the row is
committed `received`, and `process_received` settles it later.
"""

import hashlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ticketrelay.crypto import Cipher
from ticketrelay.errors import ActionRequired
from ticketrelay.intake import hook_settings
from ticketrelay.intake.hook_outcomes import (
    NOTHING,
    Outcome,
    StoreEvents,
    settle,
    store_events,
)
from ticketrelay.intake.ingest import IngestResult
from ticketrelay.model import Source
from ticketrelay.rules.signatures import Verdict, chatwoot_valid, zendesk_valid
from ticketrelay.secret import Secret
from ticketrelay.store import Store, StoreUnavailable, hooks, polls, savepoint, sources
from ticketrelay.store.hooks import HookDelivery

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=1)
# Lower case, as Starlette gives them; Zendesk's in "Anatomy of a webhook request".
_DELIVERY_HEADERS = {
    "chatwoot": "x-chatwoot-delivery",
    "zendesk": "x-zendesk-webhook-invocation-id",
}


class NotAuthentic(ActionRequired):
    """A delivery that is unsigned, wrongly signed, stale, or for no live source of its kind."""


@dataclass(frozen=True, kw_only=True)
class Receipt:
    """A stored delivery's row, or that it had been stored before; what became of it, and
    what it stored (None when settling failed and it waits, `received`)."""

    row_id: int | None
    duplicate: bool
    outcome: Outcome | None = None
    stored: IngestResult = NOTHING


class Hooks:
    """The webhook sources of one database: create them, receive and list their deliveries."""

    def __init__(
        self,
        store: Store,
        cipher: Cipher,
        clock: Callable[[], datetime],
        stored: Callable[[IngestResult], None] = lambda _: None,
        store_events: StoreEvents = store_events,
    ) -> None:
        self.store = store
        self.cipher = cipher
        self.clock = clock
        self.stored = stored
        self.store_events = store_events

    def create_source(
        self,
        account: str,
        name: str,
        kind: str,
        settings: Mapping[str, Any],
        secret: Secret | None,
        *,
        poll_secret: Secret | None = None,
    ) -> Source:
        """A new webhook source (see `intake.hook_settings.create`)."""
        return hook_settings.create(
            self.store,
            self.cipher,
            account=account,
            name=name,
            kind=kind,
            settings=settings,
            secret=secret,
            poll_secret=poll_secret,
            now=self.clock(),
        )

    def update_source(
        self,
        source_id: int,
        *,
        settings: Mapping[str, Any] | None = None,
        secret: Secret | None = None,
        poll_secret: Secret | None = None,
    ) -> Source:
        """New settings or secrets for a webhook source (see `intake.hook_settings.update`)."""
        return hook_settings.update(
            self.store,
            self.cipher,
            source_id,
            settings=settings,
            secret=secret,
            poll_secret=poll_secret,
            now=self.clock(),
        )

    def receive(
        self, kind: str, source_id: int, headers: Mapping[str, str], body: bytes
    ) -> Receipt:
        """Store an authentic delivery and settle it; a failed settling waits, stored."""
        receipt = receive(
            self.store,
            self.cipher,
            kind=kind,
            source_id=source_id,
            headers=headers,
            body=body,
            now=self.clock(),
            store_events=self.store_events,
        )
        if receipt.stored.accepted or receipt.stored.duplicates:
            self.stored(receipt.stored)
        return receipt

    def polls(self) -> dict[int, polls.Poll]:
        """The poll of every source read through its helpdesk's API, by source ID."""
        with self.store.read() as conn:
            return polls.every(conn)

    def deliveries(self, source_id: int, limit: int = 100) -> list[HookDelivery] | None:
        """A source's newest deliveries; None when there is no such source."""
        with self.store.read() as conn:
            if sources.get(conn, source_id) is None:
                return None
            return hooks.recent(conn, source_id, limit)


def receive(
    store: Store,
    cipher: Cipher,
    *,
    kind: str,
    source_id: int,
    headers: Mapping[str, str],
    body: bytes,
    now: datetime,
    store_events: StoreEvents = store_events,
) -> Receipt:
    """Store an authentic delivery once and settle it; else `NotAuthentic`, storing nothing."""
    source = _authentic(store, cipher, kind, source_id, headers, body, now)
    with store.write() as conn:
        row_id = hooks.add(
            conn,
            source_id=source.id,
            delivery_id=delivery_id(kind, headers, body),
            body=body,
            now=now,
        )
        if row_id is None:
            return Receipt(row_id=None, duplicate=True)
        try:
            with savepoint(conn):
                outcome, stored = settle(conn, row_id, source, body, now, store_events)
        except StoreUnavailable:
            raise
        except Exception:
            log.exception("Settling webhook delivery %d failed; it stays received.", row_id)
            return Receipt(row_id=row_id, duplicate=False)
    return Receipt(row_id=row_id, duplicate=False, outcome=outcome, stored=stored)


def _authentic(
    store: Store,
    cipher: Cipher,
    kind: str,
    source_id: int,
    headers: Mapping[str, str],
    body: bytes,
    now: datetime,
) -> Source:
    """The live source of the kind whose secret signed this delivery; else `NotAuthentic`."""
    with store.read() as conn:
        source = sources.live_of_kind(conn, source_id, kind)
    if source is None:
        raise NotAuthentic(f"there is no live {kind} source {source_id}")
    if not source.secret_encrypted:
        raise NotAuthentic(f"{kind} source {source_id} has no secret yet: give it one first")
    secret = cipher.decrypt(source.secret_encrypted).reveal()
    verdict = _verdict(kind, secret, headers, body, now)
    if not verdict.valid:
        raise NotAuthentic(f"{kind} source {source_id}: {verdict.detail}")
    return source


def delivery_id(kind: str, headers: Mapping[str, str], body: bytes) -> str:
    """The helpdesk's delivery ID, else a digest of the signed timestamp and body.

    An ID that no database column may hold as it is (a control character, over 200
    characters) is kept as a digest of itself: the same ID still finds its duplicate.
    """
    given = headers.get(_DELIVERY_HEADERS[kind], "").strip()
    if given and given.isprintable() and len(given) <= 200:
        return given
    if given:
        return "id-sha256:" + _digest(given.encode("utf-8", "surrogatepass"))
    stamp = headers.get(_timestamp_header(kind), "")
    return "sha256:" + _digest(stamp.encode("utf-8", "replace") + b"." + body)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def process(store: Store, row_id: int, now: datetime) -> Outcome:
    """Settle one stored delivery from storage; a failure leaves it as it was."""
    with store.write() as conn:
        delivery = hooks.get(conn, row_id)
        source = None if delivery is None else sources.get(conn, delivery.source_id)
        if delivery is None or source is None:
            return Outcome(status="not_synced", code="gone", detail="the delivery is gone")
        return settle(conn, row_id, source, delivery.body, now)[0]


def process_received(store: Store, now: datetime, limit: int = 100) -> int:
    """Settle the deliveries still `received`; how many settled.

    Deliveries younger than `RETRY_AFTER` are left alone: their request may be on them.
    """
    with store.read() as conn:
        waiting = hooks.received(conn, now - RETRY_AFTER, limit)
    settled = 0
    for row_id in waiting:
        try:
            process(store, row_id, now)
        except Exception:
            log.exception("Settling webhook delivery %d failed; it stays received.", row_id)
        else:
            settled += 1
    return settled


def _verdict(
    kind: str, secret: str, headers: Mapping[str, str], body: bytes, now: datetime
) -> Verdict:
    check = chatwoot_valid if kind == "chatwoot" else zendesk_valid
    signature = "x-chatwoot-signature" if kind == "chatwoot" else "x-zendesk-webhook-signature"
    return check(secret, headers.get(_timestamp_header(kind)), body, headers.get(signature), now)


def _timestamp_header(kind: str) -> str:
    if kind == "chatwoot":
        return "x-chatwoot-timestamp"
    return "x-zendesk-webhook-signature-timestamp"
