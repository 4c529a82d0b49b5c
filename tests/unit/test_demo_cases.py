"""The demo stream plays every rule that stops or delays a record (SPEC sections 2 and 8)."""

import re
from collections import Counter
from collections.abc import Callable

import pytest

from tests.demodata import (
    Event,
    bundled,
    by_subject,
    closed_at,
    of,
    played,
    sessions,
    unique,
    when,
)


@pytest.fixture
def events() -> list[Event]:
    """The bundled stream, as a helpdesk hands it in."""
    return bundled()


@pytest.fixture(name="unique")
def unique_events() -> list[Event]:
    """The bundled stream with each event id once: what ingest stores."""
    return unique()


def _sends(events: list[Event]) -> dict[str, list[Event]]:
    return by_subject(of(events, "message.sent"), "message_id")


def undone_in_window(events: list[Event]) -> int:
    sends = _sends(events)
    return sum(
        when(undo["occurred_at"])
        <= when(sends[undo["data"]["message_id"]][0]["data"]["undo_until"])
        for undo in of(events, "message.send_undone")
    )


def undone_too_late(events: list[Event]) -> int:
    sends = _sends(events)
    return sum(
        when(undo["occurred_at"]) > when(sends[undo["data"]["message_id"]][0]["data"]["undo_until"])
        for undo in of(events, "message.send_undone")
    )


def _scheduled(events: list[Event]) -> dict[str, list[Event]]:
    cancelled = {event["data"]["message_id"] for event in of(events, "message.schedule_cancelled")}
    return {key: sends for key, sends in _sends(events).items() if key in cancelled}


def cancelled_schedules_kept(events: list[Event]) -> int:
    return sum(
        len(sends) == 1 and "scheduled_for" in sends[0]["data"]
        for sends in _scheduled(events).values()
    )


def scheduled_again_after_cancel(events: list[Event]) -> int:
    cancels = {
        event["data"]["message_id"]: event for event in of(events, "message.schedule_cancelled")
    }
    return sum(
        len(sends) == 2
        and when(sends[0]["occurred_at"])
        < when(cancels[key]["occurred_at"])
        < when(sends[1]["occurred_at"])
        and "scheduled_for" in sends[1]["data"]
        for key, sends in _scheduled(events).items()
    )


def broadcasts(events: list[Event]) -> int:
    return sum(bool(event["data"].get("broadcast")) for event in of(events, "message.sent"))


def memos_recorded_again(events: list[Event]) -> int:
    return sum(
        len(memos) > 1 for memos in by_subject(of(events, "memo.recorded"), "memo_id").values()
    )


def _calls(events: list[Event]) -> list[tuple[Event, list[Event]]]:
    memos = by_subject(of(events, "call.memo_recorded"), "call_id")
    return [(ended, memos.get(ended["data"]["call_id"], [])) for ended in of(events, "call.ended")]


def call_memos_before_the_end(events: list[Event]) -> int:
    return sum(
        bool(m) and when(m[0]["occurred_at"]) < when(e["occurred_at"]) for e, m in _calls(events)
    )


def call_memos_after_the_end(events: list[Event]) -> int:
    return sum(
        bool(m) and when(m[0]["occurred_at"]) > when(e["occurred_at"]) for e, m in _calls(events)
    )


def call_memos_recorded_again(events: list[Event]) -> int:
    return sum(len(memos) > 1 for _, memos in _calls(events))


def calls_without_memo(events: list[Event]) -> int:
    return sum(not memos for _, memos in _calls(events))


def chats_closed_without_message(events: list[Event]) -> int:
    return sum(not of(session, "chat.message_sent") for session in sessions(events))


def bubbles_after_close(events: list[Event]) -> int:
    return sum(
        any(when(e["occurred_at"]) > closed_at(s) for e in of(s, "chat.message_sent"))
        for s in sessions(events)
    )


def chats_closed_twice(events: list[Event]) -> int:
    return sum(len(of(session, "chat.editor_closed")) > 1 for session in sessions(events))


def chats_with_several_senders(events: list[Event]) -> int:
    return sum(
        len({e["operator"]["email"] for e in of(session, "chat.message_sent")}) > 1
        for session in sessions(events)
    )


def _lines(text: str) -> int:
    return len(re.split(r"\r\n|\r|\n", text))


def long_mails(events: list[Event]) -> int:
    return sum(_lines(e["data"].get("body", "")) > 50 for e in of(events, "message.sent"))


def long_memos(events: list[Event]) -> int:
    return sum(_lines(e["data"].get("body", "")) > 50 for e in of(events, "memo.recorded"))


def long_chats(events: list[Event]) -> int:
    return sum(
        sum(_lines(e["data"]["text"]) for e in of(session, "chat.message_sent")) > 50
        for session in sessions(events)
    )


def repeated_ids(events: list[Event]) -> int:
    return sum(count - 1 for count in Counter(event["id"] for event in events).values())


CASES: dict[str, tuple[Callable[[list[Event]], int], int]] = {
    "undo within the window": (undone_in_window, 5),
    "undo after the window": (undone_too_late, 3),
    "scheduled send cancelled, record stays": (cancelled_schedules_kept, 3),
    "scheduled again after a cancel": (scheduled_again_after_cancel, 3),
    "broadcast": (broadcasts, 3),
    "memo recorded again": (memos_recorded_again, 3),
    "call memo before the call ended": (call_memos_before_the_end, 3),
    "call memo after the call ended": (call_memos_after_the_end, 3),
    "call memo recorded again": (call_memos_recorded_again, 3),
    "call ended, memo never came": (calls_without_memo, 3),
    "chat closed without a message": (chats_closed_without_message, 3),
    "chat message after the close": (bubbles_after_close, 3),
    "chat closed twice": (chats_closed_twice, 3),
    "chat with several senders": (chats_with_several_senders, 3),
    "mail body over 50 lines": (long_mails, 3),
    "memo body over 50 lines": (long_memos, 2),
    "chat session over 50 lines": (long_chats, 2),
}


@pytest.mark.parametrize("case", CASES)
def test_every_case_is_played_several_times(case: str, unique: list[Event]) -> None:
    """Each rule of SPEC sections 2 and 8 is in the stream, most several times."""
    count, minimum = CASES[case]
    assert count(unique) >= minimum


def test_some_events_are_handed_in_twice_unchanged(events: list[Event]) -> None:
    """A redelivered event is equal to the first with its id: a duplicate, not a new event."""
    assert repeated_ids(events) >= 5
    first: dict[str, Event] = {}
    for event in events:
        assert first.setdefault(event["id"], event) == event


def test_every_rule_that_stops_a_record_is_met() -> None:
    """The trigger stage gives each reason for no record several times."""
    result = played()
    assert result.cancelled >= 5
    expected = {
        "broadcast",
        "undo_window_passed",
        "schedule_cancelled",
        "memo_already_recorded",
        "call_memo_already_recorded",
        "no_message_sent",
        "session_closed",
        "already_closed",
    }
    assert {reason: result.reasons[reason] >= 3 for reason in expected} == dict.fromkeys(
        expected, True
    )
