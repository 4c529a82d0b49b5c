"""What a stored webhook delivery becomes: translated, its events stored, its row settled.

settle      body → `rules.chatwoot` / `rules.zendesk` → events stored (`intake.ingest`),
            or a chat input applied (`intake.chats`) → the row's status, in the caller's
            transaction
translate   what a payload means, read with its source's settings
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from ticketrelay.intake import chats
from ticketrelay.intake.ingest import IngestResult, checked, ingest_in
from ticketrelay.model import Source
from ticketrelay.rules import chatwoot, zendesk
from ticketrelay.rules.events import Event, parse_event
from ticketrelay.rules.translation import Translation, skipped
from ticketrelay.store import hooks
from ticketrelay.store.hooks import HookStatus

StoreEvents = Callable[[Connection, Source, Sequence[Event], datetime], IngestResult]
NOTHING = IngestResult(accepted=0, duplicates=0)


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What became of a delivery: its status, and a code and sentence when not synced."""

    status: HookStatus
    code: str | None = None
    detail: str | None = None


def store_events(
    conn: Connection, source: Source, batch: Sequence[Event], now: datetime
) -> IngestResult:
    """Store a delivery's events and run their triggers, in the caller's transaction."""
    return ingest_in(conn, [checked(source, batch)], now)[0]


def settle(
    conn: Connection,
    row_id: int,
    source: Source,
    body: bytes,
    now: datetime,
    store: StoreEvents = store_events,
) -> tuple[Outcome, IngestResult]:
    """Translate a stored delivery, store what it means, and record its outcome on its row."""
    translation = _translation(source, body)
    stored = NOTHING
    if translation.chat is not None:
        stored = chats.apply_in(conn, source, translation.chat, now)
    elif translation.events:
        stored = store(conn, source, [parse_event(e) for e in translation.events], now)
    outcome = _outcome(translation)
    hooks.settle(conn, row_id, outcome.status, now, code=outcome.code, detail=outcome.detail)
    return outcome, stored


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


def _translation(source: Source, body: bytes) -> Translation:
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return skipped("malformed", "the body is not JSON")
    return translate(source, payload)


def _outcome(translation: Translation) -> Outcome:
    if translation.not_synced is None:
        return Outcome(status="synced")
    reason = translation.not_synced
    return Outcome(status="not_synced", code=reason.code, detail=reason.detail)
