"""The demo stream: every channel, realistic content, and a sensible order in a short window."""

import json
import re
from datetime import timedelta

import pytest

from tests.demodata import (
    CALL_KINDS,
    CHAT_CHANNELS,
    MEMO_KINDS,
    Event,
    bundled,
    closed_at,
    of,
    played,
    sessions,
    unique,
    when,
)
from ticketrelay.demo import BUNDLE_START
from ticketrelay.rules.channels import CALL_NAMES, CHANNEL_NAMES, MEMO_NAMES


@pytest.fixture
def events() -> list[Event]:
    """The bundled stream, as a helpdesk hands it in."""
    return bundled()


@pytest.fixture(name="unique")
def unique_events() -> list[Event]:
    """The bundled stream with each event id once: what ingest stores."""
    return unique()


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


def test_every_channel_name_gets_records() -> None:
    """Every one of the 23 channel names of SPEC section 1 lands in kintone."""
    activities = played().activities
    names = {*CHANNEL_NAMES.values(), *MEMO_NAMES.values(), *CALL_NAMES.values()}
    assert {activity.channel_name for activity in activities} == names
    assert len(activities) >= 400


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
    for session in sessions(unique):
        assert session[0]["type"] == "chat.editor_opened"
        late = [e for e in session if when(e["occurred_at"]) > closed_at(session)]
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
