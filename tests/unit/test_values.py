"""SPEC section 3: the ten values of an activity and its activity ID."""

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit import builders as b
from ticketrelay.rules.events import (
    CallEnded,
    CallMemoRecorded,
    ChatEditorClosed,
    ChatEditorOpened,
    MemoRecorded,
    MessageSent,
    Operator,
)
from ticketrelay.rules.values import (
    VALUE_KEYS,
    Activity,
    activity_id,
    call_activity,
    cap_lines,
    chat_activity,
    join_unique,
    matches,
    memo_activity,
    message_activity,
    operator_name,
)


def _utc(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, 25, hour, minute, second, tzinfo=UTC)


def _mail(**data: Any) -> Activity:
    event = b.sent(**data)
    assert isinstance(event, MessageSent)
    return message_activity(event, 1)


def _chat(channel: str, **closed_data: Any) -> Activity:
    opened, closed = b.opened(channel=channel), b.closed(**closed_data)
    assert isinstance(opened, ChatEditorOpened)
    assert isinstance(closed, ChatEditorClosed)
    return chat_activity(opened, "hi", Operator(), closed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("\n".join(["x"] * 50), "\n".join(["x"] * 50)),
        ("\n".join(["x"] * 50) + "\n", "\n".join(["x"] * 50) + "\n"),
        ("\n".join(str(i) for i in range(51)), "\n".join(str(i) for i in range(50))),
        ("\r\n".join(["y"] * 80) + "\r\n", "\n".join(["y"] * 50)),
        ("", ""),
        ("a\u2028b\x0bc", "a\u2028b\x0bc"),
    ],
)
def test_body_is_capped_at_50_lines(text: str, expected: str) -> None:
    """CRLF and CR become LF; over 50 lines, the first 50 joined with LF, no trailing break."""
    assert cap_lines(text) == expected


@given(st.text(alphabet="ab\r\n", max_size=300))
def test_capped_bodies_never_have_more_than_50_lines(text: str) -> None:
    """Whatever the text, the cap leaves at most 50 lines and only LF breaks."""
    lines = cap_lines(text).split("\n")
    assert "\r" not in "".join(lines)
    assert len(lines) - (lines[-1] == "") <= 50


@pytest.mark.parametrize(
    ("entries", "joined"),
    [
        (["a@x", "b@x"], "a@x,b@x"),
        (["a@x", "", "b@x", "a@x"], "a@x,b@x"),
        ([" a@x ", "a@x"], "a@x"),
        ([], ""),
        (["", " "], ""),
    ],
)
def test_recipients_join_with_a_comma_without_empties_or_repeats(
    entries: list[str], joined: str
) -> None:
    """ASCII comma, no space, empty entries left out, a repeat written once where first seen."""
    assert join_unique(entries) == joined


@pytest.mark.parametrize(
    ("family", "given_name", "name"),
    [("山田", "太郎", "山田 太郎"), ("Smith", "", "Smith"), ("", "Taro", "Taro"), ("", "", "")],
)
def test_operator_name_is_family_space_given(family: str, given_name: str, name: str) -> None:
    """Family name, one ASCII space, given name; a missing part drops its space."""
    assert operator_name(Operator(family_name=family, given_name=given_name)) == name


def test_mail_values() -> None:
    """A mail: channel name, texts, operator, to/cc/bcc, draft save to send time."""
    activity = _mail(
        subject="件名",
        body="本文",
        url="https://helpdesk.example/m1",
        to=["a@x", "b@x"],
        cc=["b@x", "c@x"],
        bcc=["d@x"],
        phones=["090"],
        draft_saved_at="2026-11-25T09:50:00+09:00",
    )
    assert activity.model_dump(exclude={"activity_id"}) == {
        "account": "acme",
        "channel": "mail",
        "inbox": "",
        "channel_name": "メール",
        "subject": "件名",
        "body": "本文",
        "url": "https://helpdesk.example/m1",
        "operator_email": "yamada@example.co.jp",
        "operator_name": "山田 太郎",
        "recipient_emails": "a@x,b@x,c@x,d@x",
        "recipient_phones": "",
        "start_time": _utc(0, 50),
        "end_time": _utc(1),
    }


def test_sms_recipients_are_its_numbers_only() -> None:
    """An SMS: no emails, every destination number."""
    event = b.event("message.sent", {"message_id": "s", "channel": "sms", "to": ["a@x"],
                                     "phones": ["090", "080", "090"]})  # fmt: skip
    assert isinstance(event, MessageSent)
    activity = message_activity(event, 1)
    assert (activity.channel_name, activity.recipient_emails) == ("SMS", "")
    assert activity.recipient_phones == "090,080"


def test_message_start_defaults_to_the_send_time() -> None:
    """Without draft_saved_at, the start time is occurred_at."""
    activity = _mail()
    assert activity.start_time == activity.end_time == _utc(1)


def test_a_scheduled_message_ends_when_schedule_was_pressed() -> None:
    """Scheduled: the end time is when schedule was pressed, not the scheduled time."""
    assert _mail(scheduled_for="2026-11-26T09:00:00+09:00").end_time == _utc(1)


def test_message_body_is_capped() -> None:
    """The 50-line cap applies to a message body."""
    assert _mail(body="x\r\n" * 60).body == "\n".join(["x"] * 50)


def test_memo_values() -> None:
    """A response memo: name by kind, contact, response time plus its duration."""
    event = b.memo(
        kind="incoming_call",
        subject="s",
        body="b",
        responded_at="2026-11-25T09:00:00+09:00",
        duration_minutes=90,
        contact={"email": "c@x", "phone": "03"},
    )
    assert isinstance(event, MemoRecorded)
    activity = memo_activity(event)
    assert (activity.channel, activity.channel_name) == ("memo", "応対メモ・受電")
    assert (activity.recipient_emails, activity.recipient_phones) == ("c@x", "03")
    assert (activity.start_time, activity.end_time) == (_utc(0), _utc(1, 30))


def test_memo_without_response_time_or_duration_has_no_end() -> None:
    """A missing response time or duration leaves the times unknown."""
    event = b.memo(responded_at="2026-11-25T09:00:00+09:00")
    assert isinstance(event, MemoRecorded)
    assert memo_activity(event).end_time is None
    bare = b.memo(duration_minutes=5)
    assert isinstance(bare, MemoRecorded)
    assert (memo_activity(bare).start_time, memo_activity(bare).end_time) == (None, None)


def test_call_values() -> None:
    """A call memo: name by call kind, the other party's number, call start to cut."""
    ended = b.call_ended(
        kind="outbound_unanswered",
        counterpart_phone="0312345678",
        started_at="2026-11-25T09:00:00+09:00",
        ended_at="2026-11-25T09:05:00+09:00",
        url="u",
    )
    memo_data = {"call_id": "c1", "subject": "s", "body": "1\r\n2"}
    memo = b.event("call.memo_recorded", memo_data, operator=b.SATO)
    assert isinstance(ended, CallEnded)
    assert isinstance(memo, CallMemoRecorded)
    activity = call_activity(ended, memo)
    assert (activity.channel, activity.channel_name) == ("call", "通話メモ・架電(不在)")
    assert (activity.subject, activity.body, activity.url) == ("s", "1\n2", "u")
    assert (activity.recipient_emails, activity.recipient_phones) == ("", "0312345678")
    assert activity.operator_name == "山田 太郎"
    assert (activity.start_time, activity.end_time) == (_utc(0), _utc(0, 5))


CONTACTS = [{"email": "c1@x", "phone": "01"}, {"email": "c2@x", "phone": ""}]
MEMBERS = [{"email": "g1@x", "phone": "02"}, {"email": "c1@x", "phone": "01"}]
VISITOR = {"email": "v@x", "phone": "09"}


@pytest.mark.parametrize(
    ("channel", "emails", "phones"),
    [
        ("line", "c1@x,c2@x,g1@x", "01,02"),
        ("chatwork", "c1@x,c2@x,g1@x", "01,02"),
        ("instagram_dm", "c1@x,c2@x", "01"),
        ("messenger", "c1@x,c2@x", "01"),
        ("chatplus", "v@x", "09"),
        ("r_messe", "v@x", "09"),
        ("yahoo", "v@x", "09"),
        ("chat_widget", "v@x", "09"),
    ],
)
def test_chat_recipients_depend_on_the_channel(channel: str, emails: str, phones: str) -> None:
    """Contacts (then group members for LINE and Chatwork), or the visitor information."""
    activity = _chat(channel, contacts=CONTACTS, group_members=MEMBERS, visitor=VISITOR)
    assert (activity.recipient_emails, activity.recipient_phones) == (emails, phones)


def test_chat_times_are_the_editor_opening_and_closing() -> None:
    """Start: the editor opened; end: it closed."""
    opened = b.opened(when=b.at(0), channel="yahoo", subject="s", url="u")
    closed = b.closed(when=b.at(90))
    assert isinstance(opened, ChatEditorOpened)
    assert isinstance(closed, ChatEditorClosed)
    activity = chat_activity(opened, "a\r\nb", Operator(email="e"), closed)
    assert (activity.channel_name, activity.subject, activity.url) == ("Yahoo!", "s", "u")
    assert (activity.body, activity.operator_email) == ("a\nb", "e")
    assert (activity.start_time, activity.end_time) == (_utc(1), _utc(1, 1, 30))


def test_the_inbox_is_the_one_of_the_first_event() -> None:
    """The activity's inbox is the inbox on the event that created the subject's first state."""
    event = b.event("message.sent", {"message_id": "m", "channel": "mail"}, inbox="sales")
    assert isinstance(event, MessageSent)
    assert message_activity(event, 1).inbox == "sales"


def test_activity_id_is_stable_and_fits_a_single_line_text_field() -> None:
    """The same activity always gets the same ID, of at most 64 ASCII characters."""
    first = activity_id("acme", "message", "m1", 2)
    assert first == activity_id("acme", "message", "m1", 2)
    assert re.fullmatch(r"message-[0-9a-f]{32}-2", first)


@given(st.text(max_size=128), st.text(min_size=1, max_size=128), st.integers(1, 10**9))
def test_activity_ids_are_short_ascii_and_distinct(account: str, subject: str, n: int) -> None:
    """Any account and subject ID give a short ASCII ID; ordinal and kind tell activities apart."""
    ids = {
        activity_id(account, "message", subject, n),
        activity_id(account, "message", subject, n + 1),
        activity_id(account, "memo", subject, n),
        activity_id(account + "x", "message", subject, n),
    }
    assert len(ids) == 4
    assert all(len(i) <= 64 and i.isascii() for i in ids)


def test_activity_round_trips_through_json_exactly() -> None:
    """The store can keep an activity as JSON and read back the same one."""
    activity = _mail(body="x\n", to=["a@x"], draft_saved_at="2026-11-25T09:50:00.25+09:00")
    again = Activity.from_json(activity.to_json())
    assert again == activity
    assert again.start_time is not None
    assert again.start_time.utcoffset() is not None


def test_value_gives_each_of_the_eleven_values() -> None:
    """`value(key)` answers every VALUE key and nothing else."""
    activity = _mail()
    assert len(VALUE_KEYS) == 11
    assert activity.value("channel_name") == "メール"
    assert activity.value("end_time") == _utc(1)
    with pytest.raises(KeyError):
        activity.value("account")


@pytest.mark.parametrize(
    ("channels", "inboxes", "expected"),
    [
        ((), (), True),
        (("mail",), (), True),
        (("sms", "memo"), (), False),
        ((), ("support",), True),
        ((), ("sales",), False),
        (("mail",), ("support",), True),
    ],
)
def test_integrations_filter_on_channel_and_inbox(
    channels: tuple[str, ...], inboxes: tuple[str, ...], expected: bool
) -> None:
    """None named means all; otherwise the activity's channel and inbox must be listed."""
    event = b.event("message.sent", {"message_id": "m", "channel": "mail"}, inbox="support")
    assert isinstance(event, MessageSent)
    assert matches(message_activity(event, 1), channels, inboxes) is expected
