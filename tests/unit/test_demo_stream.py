"""The demo's bundled stream of helpdesk events and the kintone app it is replayed into."""

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import ticketrelay.demo
from ticketrelay.channels import CALL_NAMES, CHANNEL_NAMES, MEMO_NAMES
from ticketrelay.demo import (
    BUNDLE_SEED,
    BUNDLE_START,
    DEMO_MAPPING,
    demo_events,
    demo_fields,
    load_bundle,
    write_bundle,
)
from ticketrelay.demo.app import SUBJECT_MAX_LENGTH, UNLISTED_CHANNEL_NAMES
from ticketrelay.events import parse_batch
from ticketrelay.kintone import fields as kf
from ticketrelay.subjects import SubjectKey, SubjectState, subject_key
from ticketrelay.triggers import ActivityReady, CancelActivity, Nothing, step
from ticketrelay.values import VALUE_KEYS

Event = dict[str, Any]

MEMO_KINDS = {"incoming_call", "outgoing_call", "meeting", "sales", "postal", "other"}
CALL_KINDS = {
    "inbound_answered",
    "inbound_missed_business_hours",
    "inbound_missed_after_hours",
    "outbound_answered",
    "outbound_unanswered",
    "transfer_inbound",
    "transfer_outbound",
}
CHAT_CHANNELS = {
    "line",
    "chatwork",
    "instagram_dm",
    "messenger",
    "chatplus",
    "r_messe",
    "yahoo",
    "chat_widget",
}
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}:\d{2}|Z)")


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return load_bundle()


@pytest.fixture(scope="module")
def unique(events: list[Event]) -> list[Event]:
    """The events with each `id` kept once, where it first came: what ingest stores."""
    return list({event["id"]: event for event in events}.values())


def of(events: list[Event], kind: str) -> list[Event]:
    return [event for event in events if event["type"] == kind]


def when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def by_subject(events: list[Event], key: str) -> dict[str, list[Event]]:
    groups: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if key in event["data"]:
            groups[event["data"][key]].append(event)
    return groups


# --- the bundle ---------------------------------------------------------------------------


def test_bundle_is_what_the_generator_writes(tmp_path: Path) -> None:
    """The bundled file cannot drift from the generator: it is byte for byte its output."""
    written = tmp_path / "events.jsonl"
    write_bundle(written)
    assert written.read_bytes() == ticketrelay.demo.BUNDLE_PATH.read_bytes()
    assert load_bundle() == demo_events(start=BUNDLE_START, seed=BUNDLE_SEED)


def test_bundle_is_utf8_json_lines_without_escapes() -> None:
    """One JSON object a line, Japanese written as itself."""
    text = ticketrelay.demo.BUNDLE_PATH.read_text(encoding="utf-8")
    assert "\\u" not in text
    assert all(isinstance(json.loads(line), dict) for line in text.splitlines())


def test_generator_is_deterministic_and_seeded() -> None:
    """The same start and seed give the same events; another seed gives others."""
    start = datetime(2027, 1, 5, 9, 30, tzinfo=UTC)
    assert demo_events(start=start, seed=7) == demo_events(start=start, seed=7)
    assert demo_events(start=start, seed=7) != demo_events(start=start, seed=8)


def test_generator_needs_an_aware_start() -> None:
    """A start without an offset cannot be written as RFC 3339."""
    with pytest.raises(ValueError, match="offset"):
        demo_events(start=datetime(2026, 11, 25, 10, 0))


def test_load_bundle_shifts_every_time_by_the_same_delta(events: list[Event]) -> None:
    """Every time moves by the same amount, keeps its offset, and the stream starts then."""
    target = datetime(2027, 3, 1, 8, 15, 30, 123456, tzinfo=UTC)
    shifted = load_bundle(target)
    delta = target - BUNDLE_START
    assert len(shifted) == len(events)
    assert min(when(event["occurred_at"]) for event in shifted) == target
    for before, after in zip(events, shifted, strict=True):
        moved = list(_times(after))
        assert [(key, when(value) - delta) for key, value in moved] == [
            (key, when(value)) for key, value in _times(before)
        ]
        assert [value[-6:] for _, value in moved] == [value[-6:] for _, value in _times(before)]
        assert {**after, "occurred_at": None, "data": None} == {
            **before,
            "occurred_at": None,
            "data": None,
        }


def test_load_bundle_refuses_a_naive_time() -> None:
    """A target time without an offset is refused."""
    with pytest.raises(ValueError, match="offset"):
        load_bundle(datetime(2027, 3, 1, 8, 15))


def _times(event: Event) -> list[tuple[str, str]]:
    data_times = [
        (key, value)
        for key, value in event["data"].items()
        if isinstance(value, str) and RFC3339.fullmatch(value)
    ]
    return [("occurred_at", event["occurred_at"]), *data_times]


# --- the shape of every event (SPEC section 8) ----------------------------------------------

Check = Callable[[object], bool]


def is_id(value: object) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= 128


def is_text(value: object) -> bool:
    return isinstance(value, str)


def is_time(value: object) -> bool:
    return (
        isinstance(value, str)
        and RFC3339.fullmatch(value) is not None
        and when(value).utcoffset() is not None
    )


def is_texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def is_bool(value: object) -> bool:
    return isinstance(value, bool)


def is_minutes(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def is_contact(value: object) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"email", "phone"}
        and all(isinstance(item, str) for item in value.values())
    )


def is_contacts(value: object) -> bool:
    return isinstance(value, list) and all(is_contact(item) for item in value)


def one_of(*allowed: str) -> Check:
    return lambda value: value in allowed


MESSAGE_REF: tuple[dict[str, Check], set[str]] = ({"message_id": is_id}, {"message_id"})
SHAPES: dict[str, tuple[dict[str, Check], set[str]]] = {
    "message.sent": (
        {
            "message_id": is_id,
            "ticket_id": is_text,
            "channel": one_of("mail", "sms"),
            "subject": is_text,
            "body": is_text,
            "url": is_text,
            "draft_saved_at": is_time,
            "to": is_texts,
            "cc": is_texts,
            "bcc": is_texts,
            "phones": is_texts,
            "scheduled_for": is_time,
            "undo_until": is_time,
            "broadcast": is_bool,
        },
        {"message_id", "channel"},
    ),
    "message.send_undone": MESSAGE_REF,
    "message.schedule_cancelled": MESSAGE_REF,
    "memo.recorded": (
        {
            "memo_id": is_id,
            "ticket_id": is_text,
            "kind": one_of(*MEMO_KINDS),
            "subject": is_text,
            "body": is_text,
            "url": is_text,
            "responded_at": is_time,
            "duration_minutes": is_minutes,
            "contact": is_contact,
        },
        {"memo_id", "kind"},
    ),
    "call.ended": (
        {
            "call_id": is_id,
            "ticket_id": is_text,
            "kind": one_of(*CALL_KINDS),
            "counterpart_phone": is_text,
            "started_at": is_time,
            "ended_at": is_time,
            "url": is_text,
        },
        {"call_id", "kind"},
    ),
    "call.memo_recorded": (
        {"call_id": is_id, "subject": is_text, "body": is_text},
        {"call_id"},
    ),
    "chat.editor_opened": (
        {
            "session_id": is_id,
            "ticket_id": is_text,
            "channel": one_of(*CHAT_CHANNELS),
            "subject": is_text,
            "url": is_text,
        },
        {"session_id", "channel"},
    ),
    "chat.message_sent": ({"session_id": is_id, "text": is_text}, {"session_id"}),
    "chat.editor_closed": (
        {
            "session_id": is_id,
            "contacts": is_contacts,
            "group_members": is_contacts,
            "visitor": is_contact,
        },
        {"session_id"},
    ),
}
ENVELOPE = {"id", "type", "account", "inbox", "occurred_at", "operator", "data"}


def shape_problems(event: Event) -> list[str]:
    """What is wrong with an event's shape, strictly by SPEC section 8."""
    if set(event) != ENVELOPE:
        return [f"envelope keys {sorted(event)}"]
    checks, required = SHAPES.get(event["type"], ({}, {"<known type>"}))
    operator = event["operator"]
    problems = [
        *([] if is_id(event["id"]) else ["id"]),
        *([] if event["account"] == "demo-support" else ["account"]),
        *([] if event["inbox"] in {"support", "sales", "billing"} else ["inbox"]),
        *([] if is_time(event["occurred_at"]) else ["occurred_at"]),
        *([] if is_operator(operator) else ["operator"]),
    ]
    data = event["data"]
    problems += [f"data.{key} missing" for key in required - set(data)]
    problems += [f"data.{key}" for key, value in data.items() if not checks.get(key, _no)(value)]
    return problems


def is_operator(value: object) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"email", "family_name", "given_name"}
        and all(isinstance(item, str) and item for item in value.values())
    )


def _no(value: object) -> bool:
    return False


def test_every_event_has_the_shape_of_spec_section_8(events: list[Event]) -> None:
    """Envelope, operator and per-type data: keys, types, and RFC 3339 times with offsets."""
    problems = {event["id"]: shape_problems(event) for event in events}
    assert {key: found for key, found in problems.items() if found} == {}


def test_every_event_is_accepted_by_the_event_api(events: list[Event]) -> None:
    """ticketrelay's own event parser takes every event, in batches of at most 1,000."""
    parsed = [*parse_batch({"events": events[:1000]}), *parse_batch({"events": events[1000:]})]
    assert len(parsed) == len(events)


def test_mail_and_sms_carry_only_their_own_recipients(events: list[Event]) -> None:
    """Mail has to, cc and bcc and no phones; SMS has phones and no subject or addresses."""
    for event in of(events, "message.sent"):
        data = event["data"]
        if data["channel"] == "mail":
            assert "phones" not in data
            assert data["to"]
        else:
            assert not {"to", "cc", "bcc", "subject"} & set(data)
            assert data["phones"]


# --- what the stream covers ------------------------------------------------------------------


def test_at_least_a_thousand_events(events: list[Event]) -> None:
    """Enough traffic for the demo's numbers to mean something."""
    assert len(events) >= 1000


def test_every_channel_kind_and_inbox_is_present(unique: list[Event]) -> None:
    """Mail, SMS, every memo kind, every call kind, every chat channel, several inboxes."""
    sends = [event["data"] for event in of(unique, "message.sent")]
    assert {data["channel"] for data in sends if not data.get("broadcast")} == {"mail", "sms"}
    assert {event["data"]["kind"] for event in of(unique, "memo.recorded")} == MEMO_KINDS
    assert {event["data"]["kind"] for event in of(unique, "call.ended")} == CALL_KINDS
    assert {event["data"]["channel"] for event in of(unique, "chat.editor_opened")} == (
        CHAT_CHANNELS
    )
    assert {event["inbox"] for event in unique} == {"support", "sales", "billing"}


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


def _sessions(events: list[Event]) -> list[list[Event]]:
    return list(
        by_subject([e for e in events if e["type"].startswith("chat.")], "session_id").values()
    )


def _closed_at(session: list[Event]) -> datetime:
    return min(when(e["occurred_at"]) for e in session if e["type"] == "chat.editor_closed")


def chats_closed_without_message(events: list[Event]) -> int:
    return sum(not of(session, "chat.message_sent") for session in _sessions(events))


def bubbles_after_close(events: list[Event]) -> int:
    return sum(
        any(when(e["occurred_at"]) > _closed_at(s) for e in of(s, "chat.message_sent"))
        for s in _sessions(events)
    )


def chats_closed_twice(events: list[Event]) -> int:
    return sum(len(of(session, "chat.editor_closed")) > 1 for session in _sessions(events))


def chats_with_several_senders(events: list[Event]) -> int:
    return sum(
        len({e["operator"]["email"] for e in of(session, "chat.message_sent")}) > 1
        for session in _sessions(events)
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
        for session in _sessions(events)
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


# --- times and order ---------------------------------------------------------------------------


def test_the_stream_spans_a_minute_or_two_from_its_start(events: list[Event]) -> None:
    """The first event happens at the start, the last between 60 and 120 seconds later."""
    times = [when(event["occurred_at"]) for event in events]
    assert min(times) == when(events[0]["occurred_at"]) == BUNDLE_START
    assert timedelta(seconds=60) <= max(times) - BUNDLE_START <= timedelta(seconds=120)


def test_events_come_in_time_order_apart_from_redeliveries(unique: list[Event]) -> None:
    """Once repeated ids are dropped, `occurred_at` never goes back."""
    times = [when(event["occurred_at"]) for event in unique]
    assert times == sorted(times)


def test_subjects_interleave(unique: list[Event]) -> None:
    """Conversations overlap: the first hundred events belong to many subjects."""
    subjects = {json.dumps(sorted(event["data"].items())[:1]) for event in unique[:100]}
    assert len(subjects) > 40


def test_a_chat_session_opens_first_and_its_bubbles_come_before_its_close(
    unique: list[Event],
) -> None:
    """Opened < bubbles < closed, apart from the deliberate late bubbles."""
    for session in _sessions(unique):
        assert session[0]["type"] == "chat.editor_opened"
        late = [e for e in session if when(e["occurred_at"]) > _closed_at(session)]
        assert all(e["type"] != "chat.editor_opened" for e in late)


def test_undo_windows_close_within_seconds(unique: list[Event]) -> None:
    """A demo replayed now sees each undo window close a few seconds after its send."""
    windows = [
        when(e["data"]["undo_until"]) - when(e["occurred_at"])
        for e in of(unique, "message.sent")
        if "undo_until" in e["data"]
    ]
    assert windows
    assert all(timedelta(seconds=1) <= window <= timedelta(seconds=10) for window in windows)


def test_a_memo_response_and_a_call_start_lie_before_their_recording(unique: list[Event]) -> None:
    """Memos are recorded after the response ended; calls start before they end."""
    for event in of(unique, "memo.recorded"):
        data = event["data"]
        if "responded_at" in data:
            end = when(data["responded_at"]) + timedelta(minutes=data["duration_minutes"])
            assert end <= when(event["occurred_at"])
    for event in of(unique, "call.ended"):
        started, ended = when(event["data"]["started_at"]), when(event["data"]["ended_at"])
        assert started < ended <= when(event["occurred_at"])


# --- content ---------------------------------------------------------------------------------


def test_recipients_include_cc_bcc_duplicates_and_empty_entries(unique: list[Event]) -> None:
    """Mail has cc and bcc, an address given twice, an empty entry; SMS repeats a number."""
    mails = [e["data"] for e in of(unique, "message.sent") if e["data"]["channel"] == "mail"]
    addresses = [[*m["to"], *m.get("cc", []), *m.get("bcc", [])] for m in mails]
    assert sum(bool(m.get("cc")) for m in mails) >= 10
    assert sum(bool(m.get("bcc")) for m in mails) >= 10
    assert sum(len(set(a)) < len(a) for a in addresses) >= 3
    assert sum("" in a for a in addresses) >= 1
    texts = [e["data"] for e in of(unique, "message.sent") if e["data"]["channel"] == "sms"]
    assert sum(len(set(t["phones"])) < len(t["phones"]) for t in texts) >= 1


def test_chat_recipients_come_from_contacts_groups_and_visitors(unique: list[Event]) -> None:
    """LINE and Chatwork groups have members; widget-like channels carry visitor data."""
    channels = {
        e["data"]["session_id"]: e["data"]["channel"] for e in of(unique, "chat.editor_opened")
    }
    closes = [
        (channels[e["data"]["session_id"]], e["data"]) for e in of(unique, "chat.editor_closed")
    ]
    assert {c for c, data in closes if data.get("group_members")} == {"line", "chatwork"}
    assert {c for c, data in closes if "visitor" in data} == {
        "chatplus",
        "r_messe",
        "yahoo",
        "chat_widget",
    }
    assert any(data.get("contacts") for c, data in closes if c == "messenger")


def test_addresses_and_numbers_are_fictitious_and_japanese(unique: list[Event]) -> None:
    """Agents write from demo-support.example, customers are under example.com / example.jp."""
    operators = {e["operator"]["email"] for e in unique}
    assert all(email.endswith("@demo-support.example") for email in operators)
    mails = [e["data"] for e in of(unique, "message.sent") if e["data"]["channel"] == "mail"]
    customers = {a for m in mails if not m.get("broadcast") for a in m["to"]}
    assert all(re.fullmatch(r"[a-z0-9.]+@([a-z]+\.)?example\.(com|jp)", a) for a in customers)
    phones = {e["data"]["counterpart_phone"] for e in of(unique, "call.ended")}
    assert all(re.fullmatch(r"0\d0-\d{4}-\d{4}|0\d-\d{4}-\d{4}", p) for p in phones)


def test_bodies_use_crlf_in_mail_and_lf_in_chats(unique: list[Event]) -> None:
    """Mail keeps CRLF; memos mix LF, CRLF and a bare CR; chat bubbles are mostly LF."""
    mails = [
        e["data"]["body"] for e in of(unique, "message.sent") if e["data"]["channel"] == "mail"
    ]
    assert all("\r\n" in body for body in mails)
    memos = [e["data"]["body"] for e in of(unique, "memo.recorded")]
    assert any("\r\n" in body for body in memos)
    assert any(re.search(r"\r(?!\n)", body) for body in memos)
    assert any("\r\n" in e["data"]["text"] for e in of(unique, "chat.message_sent"))


def test_an_operator_changes_name_during_the_stream(unique: list[Event]) -> None:
    """The operator values are those at the time of each operation: one agent is renamed."""
    seen = [(e["operator"]["family_name"], e["operator"]["email"]) for e in unique]
    renamed = [s for s in seen if s[0] in {"高橋", "小林"}]
    assert renamed[0] == ("高橋", "takahashi@demo-support.example")
    assert renamed[-1] == ("小林", "kobayashi@demo-support.example")
    assert renamed == sorted(renamed, key=lambda s: s[0] == "小林")


# --- through ticketrelay's own trigger stage -------------------------------------------------


@pytest.fixture(scope="module")
def played(unique: list[Event]) -> tuple[list[Any], Counter[str], int]:
    """The activities, the reasons for no record, and the cancellations of the stream."""
    states: dict[SubjectKey, SubjectState] = {}
    activities, reasons, cancelled = [], Counter[str](), 0
    for event in parse_batch({"events": unique[:1000]}) + parse_batch({"events": unique[1000:]}):
        key = subject_key(event)
        states[key], effect = step(states.get(key), event)
        if isinstance(effect, ActivityReady):
            activities.append(effect.activity)
        elif isinstance(effect, Nothing):
            reasons[effect.reason] += 1
        else:
            assert isinstance(effect, CancelActivity)
            cancelled += 1
    return activities, reasons, cancelled


def test_every_channel_name_gets_records(played: tuple[list[Any], Counter[str], int]) -> None:
    """Every one of the 23 channel names of SPEC section 1 lands in kintone."""
    activities, _, _ = played
    names = {*CHANNEL_NAMES.values(), *MEMO_NAMES.values(), *CALL_NAMES.values()}
    assert {activity.channel_name for activity in activities} == names
    assert len(activities) >= 400


def test_every_rule_that_stops_a_record_is_met(played: tuple[list[Any], Counter[str], int]) -> None:
    """The trigger stage gives each reason for no record several times."""
    _, reasons, cancelled = played
    assert cancelled >= 5
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
    assert {reason: reasons[reason] >= 3 for reason in expected} == dict.fromkeys(expected, True)


def _app_problems(activity: Any) -> list[str]:
    """Why the demo app would refuse a value of the activity (ERROR) or drop one (ALERT)."""
    options = next(f for f in demo_fields() if f.code == "channel")
    assert isinstance(options, kf.DropDown)
    return [
        *(["subject"] if len(activity.subject) > SUBJECT_MAX_LENGTH else []),
        *([] if re.fullmatch(r"https://\S+", activity.url) else ["url"]),
        *(["start"] if activity.start_time is None else []),
        *([] if activity.channel_name in options.options else ["channel"]),
    ]


def test_errors_and_alerts_are_exactly_the_designed_ones(
    played: tuple[list[Any], Counter[str], int],
) -> None:
    """Three long subjects, four broken URLs, three missing starts, four unlisted channels."""
    activities, _, _ = played
    problems = Counter(p for activity in activities for p in _app_problems(activity))
    assert problems == {"subject": 3, "url": 4, "start": 3, "channel": 4}
    assert all(len(_app_problems(activity)) <= 1 for activity in activities)


# --- the demo app ----------------------------------------------------------------------------


def test_demo_fields_have_unique_codes_and_render_for_kintone() -> None:
    """Codes are unique and every field survives kintone's JSON shape unchanged."""
    fields = demo_fields()
    assert len({field.code for field in fields}) == len(fields)
    assert [kf.parse_field(kf.to_properties(field)) for field in fields] == fields
    assert all(field.label for field in fields)


def test_the_mapping_names_every_value_once_onto_existing_fields() -> None:
    """Each of the eleven values maps onto its own field of the app."""
    codes = {field.code: field for field in demo_fields()}
    assert set(DEMO_MAPPING) == set(VALUE_KEYS)
    assert set(DEMO_MAPPING.values()) <= set(codes)
    assert len(set(DEMO_MAPPING.values())) == len(DEMO_MAPPING)
    assert isinstance(codes[DEMO_MAPPING["start_time"]], kf.DateTime)
    assert isinstance(codes[DEMO_MAPPING["end_time"]], kf.DateTime)
    assert isinstance(codes[DEMO_MAPPING["url"]], kf.Link)


def test_the_activity_id_field_is_a_unique_single_line_text() -> None:
    """It makes delivery exactly-once, and activity IDs fit its 64 characters."""
    field = {f.code: f for f in demo_fields()}[DEMO_MAPPING["activity_id"]]
    assert isinstance(field, kf.SingleLineText)
    assert field.unique
    assert field.required
    assert field.max_length == 64


def test_the_channel_drop_down_lacks_the_unlisted_names_and_defaults_to_other() -> None:
    """Every channel name but the unlisted one is an option; kintone fills `その他` instead."""
    field = {f.code: f for f in demo_fields()}[DEMO_MAPPING["channel_name"]]
    names = {*CHANNEL_NAMES.values(), *MEMO_NAMES.values(), *CALL_NAMES.values()}
    assert isinstance(field, kf.DropDown)
    assert set(field.options) == (names - set(UNLISTED_CHANNEL_NAMES)) | {field.default}
    assert set(UNLISTED_CHANNEL_NAMES) <= names
    assert field.default == "その他"


def test_unmapped_required_fields_have_defaults() -> None:
    """A required field that no value feeds is filled by kintone's default."""
    fed = set(DEMO_MAPPING.values())
    for field in demo_fields():
        if field.required and field.code not in fed:
            assert getattr(field, "default", "") or getattr(field, "default_now", False)


def test_public_names() -> None:
    """The demo package exports exactly these names."""
    assert sorted(ticketrelay.demo.__all__) == [
        "BUNDLE_PATH",
        "BUNDLE_SEED",
        "BUNDLE_START",
        "DEMO_ACCOUNT",
        "DEMO_ACCOUNT_NAME",
        "DEMO_APP_NAME",
        "DEMO_MAPPING",
        "demo_events",
        "demo_fields",
        "load_bundle",
        "write_bundle",
    ]
