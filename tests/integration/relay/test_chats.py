"""Chat sessions inferred from Chatwoot's webhooks live in the database with their timers."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ticketrelay.fakes import chatwoot as cw
from ticketrelay.intake import chats
from ticketrelay.intake.hooks import process_received
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import Store, chat_sessions, events, hooks

PAYLOADS = Path(__file__).parents[2] / "unit" / "helpdesk_payloads"
SECRET = "cw-secret"
SENT_AT = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
KEY = "chatwoot:inbox:9:conversation:1410"


def fixture(name: str) -> dict[str, Any]:
    """A fixture payload without its note on where its shape comes from."""
    found: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text("utf-8"))
    del found["_source"]
    return found


def line_message(message_id: int, at: datetime) -> bytes:
    """Chatwoot's webhook for an agent's LINE message with this ID, sent at `at`."""
    found = fixture("chatwoot_line_message")
    found.update(id=message_id, created_at=at.isoformat())
    return json.dumps(found).encode()


def resolved(at: datetime) -> bytes:
    """Chatwoot's webhook for the LINE conversation resolved at `at`."""
    found = fixture("chatwoot_conversation_resolved")
    found["updated_at"] = at.timestamp()
    return json.dumps(found).encode()


def receive(relay: Relay, source: Source, body: bytes, delivery: str) -> str:
    """Deliver a body signed as Chatwoot signs it; the status it was settled with."""
    signed = cw.sign(SECRET, body, delivery, datetime.now(UTC))
    headers = {name.lower(): value for name, value in signed.items()}
    outcome = relay.hooks.receive("chatwoot", source.id, headers, body).outcome
    assert outcome is not None
    return outcome.status


def chatwoot(relay: Relay, idle: int = 10) -> Source:
    """A Chatwoot source whose chat sessions close after `idle` minutes without a message."""
    settings = {"base_url": "https://chat.example.jp", "chat_idle_minutes": idle}
    return relay.hooks.create_source("acme", "cw", "chatwoot", settings, Secret(SECRET))


def event_types(store: Store) -> list[str]:
    """The stored events' types, in the order they were stored."""
    with store.read() as conn:
        query = sa.select(events.events.c.type).order_by(events.events.c.id)
        return list(conn.execute(query).scalars())


def session(store: Store, source: Source) -> chat_sessions.StoredSession | None:
    """The LINE conversation's stored session."""
    with store.read() as conn:
        return chat_sessions.get(conn, source.id, KEY)


def test_an_agent_message_opens_a_session_with_its_timer_in_the_database(relay: Relay) -> None:
    """The first message opens the session and is sent in it; its timer is due idle later."""
    source = chatwoot(relay, idle=10)
    assert receive(relay, source, line_message(90020, SENT_AT), "d1") == "synced"
    assert event_types(relay.store) == ["chat.editor_opened", "chat.message_sent"]
    stored = session(relay.store, source)
    assert stored is not None
    assert stored.due_at == SENT_AT + timedelta(minutes=10)
    assert json.loads(stored.state)["number"] == 1


def test_the_timer_closes_the_session_once_due_and_only_once(relay: Relay) -> None:
    """Before the timer nothing closes; at it, one `chat.editor_closed`; then no timer."""
    source = chatwoot(relay, idle=10)
    receive(relay, source, line_message(90020, SENT_AT), "d1")
    receive(relay, source, line_message(90021, SENT_AT + timedelta(minutes=3)), "d2")
    due = SENT_AT + timedelta(minutes=13)
    assert chats.next_due_at(relay.store) == due
    assert chats.close_due(relay.store, due - timedelta(seconds=1)) == 0
    assert chats.close_due(relay.store, due) == 1
    assert chats.close_due(relay.store, due + timedelta(hours=1)) == 0
    assert event_types(relay.store)[-1] == "chat.editor_closed"
    assert event_types(relay.store).count("chat.message_sent") == 2
    stored = session(relay.store, source)
    assert stored is not None
    assert stored.due_at is None
    assert chats.next_due_at(relay.store) is None


def test_a_resolve_closes_the_session_and_a_later_message_opens_the_next(relay: Relay) -> None:
    """Resolved: closed at once, timer gone; the agent writes again: session 2."""
    source = chatwoot(relay)
    receive(relay, source, line_message(90020, SENT_AT), "d1")
    assert receive(relay, source, resolved(SENT_AT + timedelta(minutes=2)), "d2") == "synced"
    stored = session(relay.store, source)
    assert stored is not None
    assert stored.due_at is None
    receive(relay, source, line_message(90030, SENT_AT + timedelta(hours=2)), "d3")
    assert event_types(relay.store) == [
        "chat.editor_opened",
        "chat.message_sent",
        "chat.editor_closed",
        "chat.editor_opened",
        "chat.message_sent",
    ]
    stored = session(relay.store, source)
    assert stored is not None
    assert json.loads(stored.state)["number"] == 2


def test_a_message_replayed_from_storage_makes_nothing_twice(relay: Relay) -> None:
    """A chat delivery that is translated again (a retry) adds no event and moves no timer."""
    source = chatwoot(relay)
    receive(relay, source, line_message(90020, SENT_AT), "d1")
    receive(relay, source, line_message(90021, SENT_AT + timedelta(minutes=1)), "d2")
    with relay.store.write() as conn:
        conn.execute(sa.update(hooks.hook_deliveries).values(status="received"))
    assert process_received(relay.store, datetime.now(UTC) + timedelta(minutes=2)) == 2
    assert event_types(relay.store).count("chat.message_sent") == 2
    assert len(event_types(relay.store)) == 3
    stored = session(relay.store, source)
    assert stored is not None
    assert stored.due_at == SENT_AT + timedelta(minutes=11)


def test_chat_messages_left_pending_by_the_version_before_are_applied(relay: Relay) -> None:
    """Rows settled `pending_chat` before chat sessions existed are translated now."""
    source = chatwoot(relay)
    receive(relay, source, line_message(90020, SENT_AT), "d1")
    with relay.store.write() as conn:
        conn.execute(sa.delete(events.events))
        conn.execute(sa.delete(chat_sessions.chat_sessions))
        conn.execute(sa.update(hooks.hook_deliveries).values(status="pending_chat"))
    assert process_received(relay.store, datetime.now(UTC) + timedelta(minutes=2)) == 1
    assert event_types(relay.store) == ["chat.editor_opened", "chat.message_sent"]


def test_retention_purges_settled_deliveries_and_closed_sessions_only(relay: Relay) -> None:
    """Old settled deliveries and old closed sessions go; an open session and a `received`
    delivery stay, whatever their age."""
    source = chatwoot(relay)
    receive(relay, source, line_message(90020, SENT_AT), "d1")
    receive(relay, source, resolved(SENT_AT + timedelta(minutes=1)), "d2")
    with relay.store.write() as conn:
        conn.execute(
            sa.update(hooks.hook_deliveries)
            .where(hooks.hook_deliveries.c.delivery_id == "d1")
            .values(status="received")
        )
    later = datetime.now(UTC) + timedelta(days=1)
    with relay.store.write() as conn:
        assert (hooks.purge(conn, later), chat_sessions.purge(conn, later)) == (1, 1)
    with relay.store.read() as conn:
        assert [d.delivery_id for d in hooks.recent(conn, source.id)] == ["d1"]
    assert session(relay.store, source) is None
