"""SPEC section 2: which operations create a record, step by step per subject."""

from collections.abc import Sequence
from datetime import UTC, datetime
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit import builders as b
from ticketrelay.errors import Bug
from ticketrelay.rules import reasons
from ticketrelay.rules.events import Event
from ticketrelay.rules.subjects import MemoState, SubjectState, dump_state, load_state
from ticketrelay.rules.triggers import ActivityReady, CancelActivity, Effect, Nothing, step
from ticketrelay.rules.values import activity_id

MESSAGE_1 = activity_id("acme", "message", "m1", 1)
MESSAGE_2 = activity_id("acme", "message", "m1", 2)


def run(events: Sequence[Event], state: SubjectState | None = None) -> list[Effect]:
    """Step through events, checking that every state survives the store's JSON."""
    effects = []
    for event in events:
        state, effect = step(state, event)
        assert load_state(dump_state(state)) == state
        effects.append(effect)
    return effects


def why(effects: Sequence[Effect]) -> list[str]:
    """Each effect in short: the reason, `ready <id>` or `cancel <id>`."""
    return [
        effect.reason
        if isinstance(effect, Nothing)
        else f"ready {effect.activity.activity_id}"
        if isinstance(effect, ActivityReady)
        else f"cancel {effect.activity_id}"
        for effect in effects
    ]


def readies(effects: Sequence[Effect]) -> list[ActivityReady]:
    """The activities that became ready."""
    return [effect for effect in effects if isinstance(effect, ActivityReady)]


def test_sending_a_mail_syncs_at_once() -> None:
    """Sending a mail makes its activity ready at the send time."""
    [effect] = run([b.sent()])
    assert isinstance(effect, ActivityReady)
    assert effect.activity.activity_id == MESSAGE_1
    assert effect.due_at == datetime(2026, 11, 25, 1, tzinfo=UTC)


def test_sending_an_sms_syncs() -> None:
    """Sending an SMS syncs like a mail."""
    event = b.event("message.sent", {"message_id": "m1", "channel": "sms", "phones": ["090"]})
    assert why(run([event])) == [f"ready {MESSAGE_1}"]


def test_an_undo_window_delays_the_activity() -> None:
    """With undo_until, the activity waits until the undo window has closed."""
    [effect] = run([b.sent(undo_until=b.at(30))])
    assert isinstance(effect, ActivityReady)
    assert effect.due_at == datetime(2026, 11, 25, 1, 0, 30, tzinfo=UTC)


def test_an_undone_send_is_never_synced() -> None:
    """An undo within the window cancels the pending activity."""
    effects = run([b.sent(undo_until=b.at(30)), b.undone(b.at(12))])
    assert why(effects) == [f"ready {MESSAGE_1}", f"cancel {MESSAGE_1}"]


def test_an_undo_that_arrives_before_its_send_still_counts() -> None:
    """An undo within the window, arriving first, keeps the send from ever syncing."""
    effects = run([b.undone(b.at(12)), b.sent(undo_until=b.at(30))])
    assert why(effects) == ["undo_before_send", "undone"]


def test_an_undo_after_the_window_changes_nothing() -> None:
    """Once the undo window has passed, the activity was released: an undo means nothing."""
    effects = run([b.sent(undo_until=b.at(30)), b.undone(b.at(31))])
    assert why(effects) == [f"ready {MESSAGE_1}", "undo_window_passed"]


def test_a_late_undo_before_a_send_does_not_stop_it() -> None:
    """An undo after the send's window does not stop a send that arrives later."""
    effects = run([b.undone(b.at(40)), b.sent(undo_until=b.at(30))])
    assert why(effects) == ["undo_before_send", f"ready {MESSAGE_1}"]


def test_a_repeated_undo_changes_nothing() -> None:
    """A second undo of the same send is kept and changes nothing."""
    events = [b.sent(undo_until=b.at(30)), b.undone(b.at(5)), b.undone(b.at(6))]
    assert why(run(events))[2] == "already_undone"


def test_a_send_after_an_undo_is_a_new_activity() -> None:
    """Sending the message again after undoing it syncs the new send."""
    events = [b.sent(undo_until=b.at(30)), b.undone(b.at(5)), b.sent(b.at(60))]
    assert why(run(events))[2] == f"ready {MESSAGE_2}"


def test_a_repeat_of_the_undone_send_stays_undone() -> None:
    """The undone send, arriving again under another event ID, does not sync."""
    events = [b.sent(undo_until=b.at(30)), b.undone(b.at(5)), b.sent(undo_until=b.at(30))]
    assert why(run(events))[2] == "undone"


def test_a_scheduled_send_syncs_when_scheduled() -> None:
    """Pressing schedule syncs at once, not at the scheduled time."""
    [effect] = run([b.sent(scheduled_for="2026-11-26T09:00:00+09:00")])
    assert isinstance(effect, ActivityReady)
    assert effect.due_at == datetime(2026, 11, 25, 1, tzinfo=UTC)


def test_cancelling_a_schedule_keeps_the_record() -> None:
    """A cancelled schedule changes no record: no cancellation effect."""
    events = [b.sent(scheduled_for=b.at(3600)), b.schedule_cancelled(b.at(60))]
    assert why(run(events)) == [f"ready {MESSAGE_1}", "schedule_cancelled"]


def test_scheduling_again_after_a_cancel_is_a_new_record() -> None:
    """Rescheduling after a cancel creates a new activity with a new ID."""
    events = [
        b.sent(scheduled_for=b.at(3600)),
        b.schedule_cancelled(b.at(60)),
        b.sent(b.at(120), scheduled_for=b.at(7200)),
    ]
    assert why(run(events)) == [f"ready {MESSAGE_1}", "schedule_cancelled", f"ready {MESSAGE_2}"]


def test_a_repeated_send_creates_no_second_record() -> None:
    """The same send arriving twice (under two event IDs) syncs once."""
    assert why(run([b.sent(), b.sent()])) == [f"ready {MESSAGE_1}", "already_synced"]


@pytest.mark.parametrize(
    ("before", "reason"),
    [([], "nothing_scheduled"), ([b.sent()], "not_scheduled")],
)
def test_cancelling_without_a_schedule_changes_nothing(before: list[Event], reason: str) -> None:
    """A cancel for a message never scheduled, or sent at once, changes nothing."""
    assert why(run([*before, b.schedule_cancelled(b.at(5))]))[-1] == reason


def test_an_undo_after_a_cancelled_schedule_has_nothing_to_undo() -> None:
    """Once its schedule is cancelled, a message has no pending send to undo."""
    events = [b.sent(scheduled_for=b.at(3600)), b.schedule_cancelled(b.at(5)), b.undone(b.at(6))]
    assert why(run(events))[-1] == "nothing_to_undo"


def test_broadcasts_never_sync() -> None:
    """A broadcast delivery is kept and never synced."""
    assert why(run([b.sent(broadcast=True)])) == ["broadcast"]


def test_a_response_memo_syncs_on_its_first_record_only() -> None:
    """The first record syncs; recording again after an edit does not."""
    effects = run([b.memo(body="v1"), b.memo(body="v2")])
    assert why(effects) == [
        f"ready {activity_id('acme', 'memo', 'memo1')}",
        "memo_already_recorded",
    ]
    assert readies(effects)[0].activity.body == "v1"


@pytest.mark.parametrize("memo_first", [False, True])
def test_a_call_syncs_once_ended_and_recorded_in_either_order(memo_first: bool) -> None:
    """The call's activity exists once both its end and its memo have arrived."""
    events = [b.call_ended(b.at(0)), b.call_memo(b.at(30), body="memo")]
    effects = run(events[::-1] if memo_first else events)
    waiting = "waiting_for_call_end" if memo_first else "waiting_for_memo"
    assert why(effects) == [waiting, f"ready {activity_id('acme', 'call', 'c1')}"]
    [ready] = readies(effects)
    assert ready.activity.body == "memo"
    assert ready.due_at == datetime(2026, 11, 25, 1, 0, 30 if not memo_first else 0, tzinfo=UTC)


def test_a_call_memo_recorded_again_does_not_sync_again() -> None:
    """Re-recording a call memo, or a repeated end, changes nothing."""
    events = [b.call_ended(), b.call_memo(body="v1"), b.call_memo(body="v2"), b.call_ended()]
    assert why(run(events))[2:] == ["call_memo_already_recorded", "call_already_ended"]


def test_a_chat_syncs_when_closed_after_a_message() -> None:
    """Closing the editor after sending syncs the session: bubbles in order, last sender."""
    events = [
        b.opened(b.at(0)),
        b.chat_message("こんにちは", b.at(10)),
        b.chat_message("お待ちください", b.at(20), operator=b.SATO),
        b.closed(b.at(30)),
    ]
    effects = run(events)
    assert why(effects)[:3] == ["waiting_for_close"] * 3
    [ready] = readies(effects)
    assert ready.activity.body == "こんにちは\nお待ちください"
    assert ready.activity.operator_name == "佐藤 花子"
    assert ready.due_at == datetime(2026, 11, 25, 1, 0, 30, tzinfo=UTC)


def test_a_chat_closed_without_a_message_does_not_sync() -> None:
    """An editor opened and closed without sending does not sync."""
    assert why(run([b.opened(), b.closed()])) == ["waiting_for_close", "no_message_sent"]


def test_chat_events_after_the_close_change_nothing() -> None:
    """A message, an opening or a second close after the close means nothing."""
    events = [
        b.opened(),
        b.chat_message("a"),
        b.closed(),
        b.chat_message("b"),
        b.opened(),
        b.closed(),
    ]
    assert why(run(events))[3:] == ["session_closed", "session_closed", "already_closed"]


def test_a_second_opening_changes_nothing() -> None:
    """Opening an open editor session again means nothing."""
    assert why(run([b.opened(), b.opened()]))[1] == "already_opened"


def test_a_chat_closed_without_its_opening_does_not_sync() -> None:
    """A session whose opening never arrived has no channel: it does not sync."""
    assert why(run([b.chat_message("a"), b.closed()])) == ["waiting_for_close", "never_opened"]


def test_the_chat_body_is_capped_as_messages_arrive() -> None:
    """The session's body keeps at most 50 lines, however many bubbles."""
    events = [b.opened(), *(b.chat_message(f"{i}\n{i}") for i in range(40)), b.closed()]
    [ready] = readies(run(events))
    assert ready.activity.body.split("\n") == [str(i // 2) for i in range(50)]


def test_a_state_of_another_subject_kind_is_a_bug() -> None:
    """Stepping a message event with a memo's state is ticketrelay's own bug."""
    with pytest.raises(Bug, match="MessageState"):
        step(MemoState(), b.sent())


def test_every_reason_has_english_and_japanese() -> None:
    """Each reason code has a text in both languages."""
    assert set(reasons.TEXTS) == set(reasons.REASONS)
    nothing = Nothing(reason="broadcast")
    assert (nothing.en, nothing.ja) == reasons.TEXTS["broadcast"]


MEMOS = [b.memo(b.at(i), body=str(i), kind=kind) for i, kind in enumerate(["meeting", "sales"])]
CALLS = [b.call_ended(b.at(0)), b.call_ended(b.at(9)), b.call_memo(b.at(5)), b.call_memo(b.at(7))]
CHATS = [b.opened(), b.chat_message("a"), b.chat_message("b\r\nc"), b.closed(), b.closed(b.at(5))]


@given(st.lists(st.sampled_from(MEMOS), max_size=8))
def test_a_memo_yields_at_most_one_activity(events: list[Event]) -> None:
    """Any sequence of records of one memo yields exactly one activity if any arrived."""
    assert len(readies(run(events))) == min(len(events), 1)


@given(st.lists(st.sampled_from(CALLS), max_size=10))
def test_a_call_yields_at_most_one_activity(events: list[Event]) -> None:
    """Any sequence of ends and memos of one call yields one activity once both arrived."""
    both = {event.type for event in events} == {"call.ended", "call.memo_recorded"}
    assert len(readies(run(events))) == int(both)


@given(st.lists(st.sampled_from(CHATS), max_size=12))
def test_a_chat_session_yields_at_most_one_activity(events: list[Event]) -> None:
    """A session syncs once, iff opened, then sent in, before its first close."""
    kinds = [event.type for event in events] + ["chat.editor_closed"]
    first_close = kinds.index("chat.editor_closed")
    before = kinds[:first_close]
    expected = "chat.editor_opened" in before and "chat.message_sent" in before
    expected = expected and first_close < len(events)
    assert len(readies(run(events))) == int(expected)


SEND = b.sent(b.at(0), undo_until=b.at(30))
UNDOS = [b.undone(b.at(0)), b.undone(b.at(12)), b.undone(b.at(30))]
NOISE = [SEND, *UNDOS, b.schedule_cancelled(b.at(20))]


@given(st.sampled_from(UNDOS), st.lists(st.sampled_from(NOISE), max_size=6), st.randoms())
def test_an_undone_message_yields_no_activity(
    undo: Event, noise: list[Event], shuffler: Random
) -> None:
    """A send undone within its window nets no activity, in any order and with repeats."""
    events = [SEND, undo, *noise]
    shuffler.shuffle(events)
    effects = run(events)
    made = {r.activity.activity_id for r in readies(effects)}
    cancelled = {e.activity_id for e in effects if isinstance(e, CancelActivity)}
    assert made == cancelled


MESSAGES = [
    b.sent(b.at(0)),
    b.sent(b.at(0), undo_until=b.at(30)),
    b.sent(b.at(40), scheduled_for=b.at(9000)),
    b.sent(b.at(50), broadcast=True),
    b.undone(b.at(10)),
    b.undone(b.at(45)),
    b.schedule_cancelled(b.at(60)),
]


@given(st.lists(st.sampled_from(MESSAGES), max_size=12))
def test_any_message_history_is_consistent(events: list[Event]) -> None:
    """Activity IDs never repeat, and a cancel only ever names a live activity."""
    live: set[str] = set()
    made: list[str] = []
    for effect in run(events):
        if isinstance(effect, ActivityReady):
            made.append(effect.activity.activity_id)
            live.add(effect.activity.activity_id)
        elif isinstance(effect, CancelActivity):
            live.remove(effect.activity_id)
    assert len(made) == len(set(made))
