"""The per-subject state the store keeps, and which subject an event belongs to."""

import json

import pytest

from tests.unit import builders as b
from ticketrelay.rules.events import Event
from ticketrelay.rules.subjects import (
    ChatState,
    MessageState,
    SubjectKey,
    dump_state,
    load_state,
    subject_key,
)
from ticketrelay.rules.triggers import step


@pytest.mark.parametrize(
    ("event", "kind", "subject_id"),
    [
        (b.sent(), "message", "m1"),
        (b.undone(b.T0), "message", "m1"),
        (b.schedule_cancelled(b.T0), "message", "m1"),
        (b.memo(), "memo", "memo1"),
        (b.call_ended(), "call", "c1"),
        (b.call_memo(), "call", "c1"),
        (b.opened(), "chat", "s1"),
        (b.chat_message("hi"), "chat", "s1"),
        (b.closed(), "chat", "s1"),
    ],
)
def test_every_event_names_its_subject(event: Event, kind: str, subject_id: str) -> None:
    """Messages, memos, calls and chat sessions are keyed by account, kind and ID."""
    key = subject_key(event)
    assert isinstance(key, SubjectKey)
    assert (key.account, key.kind, key.id) == ("acme", kind, subject_id)


def test_a_key_is_stored_as_kind_and_id() -> None:
    """Within its account, a subject is stored as `kind:id`, by intake and trigger stage alike."""
    assert subject_key(b.call_memo()).text == "call:c1"
    assert subject_key(b.closed()).text == "chat:s1"


def test_a_state_is_plain_json() -> None:
    """The store keeps a state as a JSON object tagged with its kind."""
    state, _ = step(None, b.sent(undo_until=b.at(30)))
    assert json.loads(dump_state(state)) == {
        "kind": "message",
        "status": "sent",
        "activities": 1,
        "due_at": "2026-11-25T01:00:30Z",
        "undone_at": None,
    }


def test_a_chat_state_round_trips_with_its_opening_event() -> None:
    """A state holding an event reads back equal, times and all."""
    state, _ = step(None, b.opened(b.at(0), subject="s"))
    state, _ = step(state, b.chat_message("x\r\ny", b.at(1), operator=b.SATO))
    again = load_state(dump_state(state))
    assert isinstance(again, ChatState)
    assert again == state
    assert again.body == "x\ny"


def test_a_new_subject_starts_from_no_state() -> None:
    """`None` stands for a subject never seen; its first state is the kind's default."""
    assert MessageState() == load_state('{"kind": "message"}')
