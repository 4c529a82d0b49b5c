"""Webhook deliveries are stored before translation, so a failed translation loses nothing."""

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ticketrelay.fakes import chatwoot as cw
from ticketrelay.intake.hooks import Hooks, process_received
from ticketrelay.intake.ingest import IngestResult
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.rules.events import Event
from ticketrelay.secret import Secret
from ticketrelay.store import Store, events, hooks

PAYLOADS = Path(__file__).parents[2] / "unit" / "helpdesk_payloads"
SECRET = "cw-secret"


def signed(body: bytes, delivery: str) -> dict[str, str]:
    """Chatwoot's headers for a body, signed now, lower-cased as Starlette hands them over."""
    headers = cw.sign(SECRET, body, delivery, datetime.now(UTC))
    return {name.lower(): value for name, value in headers.items()}


def mail_body() -> bytes:
    """Chatwoot's webhook for a mail an agent sent."""
    found = json.loads((PAYLOADS / "chatwoot_mail_sent.json").read_text("utf-8"))
    del found["_source"]
    return json.dumps(found).encode()


def broken_store(
    _conn: Connection, _source: Source, _batch: Sequence[Event], _now: datetime
) -> IngestResult:
    """Storing events that fails, as a bug in a later stage would."""
    raise RuntimeError("the trigger stage broke")


def counts(store: Store) -> tuple[int, list[str]]:
    """How many events are stored, and the status of each delivery."""
    with store.read() as conn:
        stored = conn.execute(sa.select(sa.func.count()).select_from(events.events)).scalar_one()
        statuses = conn.execute(sa.select(hooks.hook_deliveries.c.status)).scalars().all()
    return stored, list(statuses)


def test_a_failed_translation_keeps_the_delivery_for_a_retry(relay: Relay) -> None:
    """The delivery stays `received` with no event; `process_received` then syncs it."""
    settings = {"base_url": "https://chat.example.jp"}
    source = relay.hooks.create_source("acme", "cw", "chatwoot", settings, Secret(SECRET))
    failing = Hooks(relay.store, relay.cipher, clock=relay.clock, store_events=broken_store)
    body = mail_body()
    receipt = failing.receive("chatwoot", source.id, signed(body, "d1"), body)
    assert (receipt.duplicate, receipt.outcome) == (False, None)
    assert counts(relay.store) == (0, ["received"])
    assert process_received(relay.store, datetime.now(UTC)) == 0
    later = datetime.now(UTC) + timedelta(minutes=2)
    assert process_received(relay.store, later) == 1
    assert counts(relay.store) == (1, ["synced"])
    assert process_received(relay.store, later) == 0


def test_a_replay_without_a_delivery_id_is_known_by_its_signed_content(relay: Relay) -> None:
    """Without X-Chatwoot-Delivery, the same timestamp and body are the same delivery."""
    settings = {"base_url": "https://chat.example.jp"}
    source = relay.hooks.create_source("acme", "cw", "chatwoot", settings, Secret(SECRET))
    body = mail_body()
    headers = signed(body, "")
    first = relay.hooks.receive("chatwoot", source.id, headers, body)
    again = relay.hooks.receive("chatwoot", source.id, headers, body)
    assert (first.duplicate, again.duplicate, again.outcome) == (False, True, None)
    assert counts(relay.store) == (1, ["synced"])


def test_a_delivery_id_no_column_can_hold_is_kept_as_its_digest(relay: Relay) -> None:
    """A NUL or an over-long delivery ID is stored as a digest; the same ID is a duplicate."""
    settings = {"base_url": "https://chat.example.jp"}
    source = relay.hooks.create_source("acme", "cw", "chatwoot", settings, Secret(SECRET))
    body = mail_body()
    odd, long = "a\x00b", "x" * 201
    answers = [
        relay.hooks.receive("chatwoot", source.id, signed(body, ident), body).duplicate
        for ident in (odd, odd, long, long)
    ]
    assert answers == [False, True, False, True]
    with relay.store.read() as conn:
        stored = sorted(d.delivery_id for d in hooks.recent(conn, source.id))
    assert [len(i) for i in stored] == [74, 74]
    assert all(i.startswith("id-sha256:") for i in stored)
