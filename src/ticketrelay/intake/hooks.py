"""Signed webhooks in: verify, store the raw delivery, then translate it from storage.

    receive    the live source of the kind, `rules.signatures`, one row (de-duplicated)
    process    the stored body → `rules.chatwoot` / `rules.zendesk` → events → ingest,
               or a chat input → `intake.chats` (the conversation's stored session)
    process_received    deliveries a failed translation left `received`, again

A delivery that is not authentic raises `NotAuthentic` and stores nothing. One that is
stored is never lost: until `process` settles it, it stays `received`.
"""

import hashlib
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ticketrelay.crypto import Cipher
from ticketrelay.errors import ActionRequired
from ticketrelay.intake import chats, hook_settings
from ticketrelay.intake.ingest import IngestResult, ingest
from ticketrelay.model import Source
from ticketrelay.rules import chatwoot, zendesk
from ticketrelay.rules.events import Event, parse_event
from ticketrelay.rules.signatures import Verdict, chatwoot_valid, zendesk_valid
from ticketrelay.rules.translation import Translation, skipped
from ticketrelay.secret import Secret
from ticketrelay.store import Store, hooks, sources
from ticketrelay.store.hooks import HookDelivery, HookStatus

log = logging.getLogger(__name__)

Ingest = Callable[[Source, Sequence[Event]], IngestResult]
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
    """A stored delivery's row, or that it had been stored before."""

    row_id: int | None
    duplicate: bool


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What became of a delivery: its status, and a code and sentence when not synced."""

    status: HookStatus
    code: str | None = None
    detail: str | None = None


class Hooks:
    """The webhook sources of one database: create them, receive and list their deliveries."""

    def __init__(
        self,
        store: Store,
        cipher: Cipher,
        ingest: Ingest,
        clock: Callable[[], datetime],
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self.store = store
        self.cipher = cipher
        self.ingest = ingest
        self.clock = clock
        self.wake = wake

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
    ) -> tuple[Receipt, Outcome | None]:
        """Store an authentic delivery, then translate it; a failed translation waits."""
        receipt = receive(
            self.store,
            self.cipher,
            kind=kind,
            source_id=source_id,
            headers=headers,
            body=body,
            now=self.clock(),
        )
        if receipt.row_id is None:
            return receipt, None
        try:
            outcome = process(self.store, receipt.row_id, self.ingest, self.clock(), self.wake)
            return receipt, outcome
        except Exception:
            log.exception("Translating webhook delivery %s failed; it stays received.", receipt)
            return receipt, None

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
) -> Receipt:
    """Store an authentic delivery as `received`, once; else `NotAuthentic`, storing nothing."""
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
    with store.write() as conn:
        row_id = hooks.add(
            conn,
            source_id=source.id,
            delivery_id=delivery_id(kind, headers, body),
            body=body,
            now=now,
        )
    return Receipt(row_id=row_id, duplicate=row_id is None)


def delivery_id(kind: str, headers: Mapping[str, str], body: bytes) -> str:
    """The helpdesk's delivery ID, else a digest of the signed timestamp and body."""
    given = headers.get(_DELIVERY_HEADERS[kind], "").strip()
    if given:
        return given[:200]
    stamp = headers.get(_timestamp_header(kind), "")
    return "sha256:" + hashlib.sha256(stamp.encode("utf-8", "replace") + b"." + body).hexdigest()


def process(
    store: Store,
    row_id: int,
    ingest_events: Ingest,
    now: datetime,
    wake: Callable[[], None] = lambda: None,
) -> Outcome:
    """Translate one stored delivery, hand its events to `ingest_events` (a chat input to
    its session, then `wake` the workers if it made any), and record the outcome."""
    with store.read() as conn:
        delivery = hooks.get(conn, row_id)
        source = None if delivery is None else sources.get(conn, delivery.source_id)
    if delivery is None or source is None:
        return Outcome(status="not_synced", code="gone", detail="the delivery is gone")
    translation = _translation(source, delivery.body)
    if translation.chat is not None and chats.apply(store, source, translation.chat, now).accepted:
        wake()
    outcome = _outcome(source, translation, ingest_events)
    with store.write() as conn:
        hooks.settle(conn, row_id, outcome.status, now, code=outcome.code, detail=outcome.detail)
    return outcome


def process_received(store: Store, now: datetime, limit: int = 100) -> int:
    """Translate the deliveries a failed translation left `received`; how many settled.

    Deliveries younger than `RETRY_AFTER` are left alone: their request may be on them.
    """
    with store.read() as conn:
        waiting = hooks.received(conn, now - RETRY_AFTER, limit)
    settled = 0
    for row_id in waiting:
        try:
            process(store, row_id, lambda s, b: ingest(store, s, b, now), now)
        except Exception:
            log.exception("Translating webhook delivery %s failed; it stays received.", row_id)
        else:
            settled += 1
    return settled


def _translation(source: Source, body: bytes) -> Translation:
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return skipped("malformed", "the body is not JSON")
    return translate(source, payload)


def _outcome(source: Source, translation: Translation, ingest_events: Ingest) -> Outcome:
    if translation.not_synced is not None:
        reason = translation.not_synced
        return Outcome(status="not_synced", code=reason.code, detail=reason.detail)
    if translation.events:
        ingest_events(source, [parse_event(event) for event in translation.events])
    return Outcome(status="synced")


def translate(source: Source, payload: object) -> Translation:
    """What a payload means, read with its source's settings."""
    base_url = str(source.settings.get("base_url", ""))
    if source.kind == "chatwoot":
        settings = chatwoot.ChatwootSettings(account=source.account, base_url=base_url)
        return chatwoot.translate(payload, settings)
    subdomain = str(source.settings.get("subdomain", ""))
    return zendesk.translate(
        payload, zendesk.ZendeskSettings(account=source.account, subdomain=subdomain)
    )


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
