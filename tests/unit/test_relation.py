"""SPEC sections 8 and 12: Re:lation's tickets, chats and users as events."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketrelay.rules.events import parse_event
from ticketrelay.rules.relation import (
    ChatRead,
    RelationSettings,
    TicketEvents,
    chat_reads,
    ticket_events,
    ticket_url,
)
from ticketrelay.rules.relation_answers import UnexpectedAnswer, read_search, read_users
from ticketrelay.rules.relation_limits import APPROXIMATIONS, UNCONFIRMED
from ticketrelay.rules.triggers import ActivityReady, step
from ticketrelay.rules.values import VALUE_KEYS

PAYLOADS = Path(__file__).parent / "helpdesk_payloads"
SETTINGS = RelationSettings(account="acme", base_url="https://acme.relationapp.jp/")
BOX = 3
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=30,
)


def load(name: str) -> Any:
    """A fixture from `helpdesk_payloads/`, without the note of where its shape comes from."""
    payload: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text("utf-8"))
    del payload["_source"]
    return payload.get("answer", payload)


USERS = read_users(load("relation_users"))
TARO = {"email": "abc@example.com", "family_name": "大阪", "given_name": "太郎"}
HANAKO = {"email": "efg@example.com", "family_name": "梅田", "given_name": "花子"}


def translate(
    ticket: object,
    chats: dict[int, object] | None = None,
    *,
    settings: RelationSettings = SETTINGS,
    now: datetime = NOW,
) -> TicketEvents:
    """The events of a ticket of message box 3, with the users of `relation_users`."""
    found = ticket_events(
        ticket, message_box=BOX, settings=settings, users=USERS, chats=chats or {}, now=now
    )
    for event in found.events:
        parse_event(event)
    return found


def message(**fields: Any) -> dict[str, Any]:
    """A ticket of one message: a sent mail unless `fields` say otherwise."""
    sent = {
        "message_id": 41,
        "sent_at": "2026-12-01T08:50:00Z",
        "title": "件名",
        "body": "本文",
        "method_cd": "mail",
        "action_cd": "sent",
        "comments": [],
    }
    return {"ticket_id": 40, "assignee": "taro", "status_cd": "open", "messages": [sent | fields]}


def reasons(found: TicketEvents) -> dict[int | None, tuple[str, str]]:
    """Each skipped message's code and sentence, by message ID."""
    return {s.message_id: (s.reason.code, s.reason.detail) for s in found.skipped}


def test_the_documented_memo_is_a_response_memo_of_kind_other() -> None:
    """ticket_api.md's example: kind, contact and operator are what the answer does not say."""
    url = "https://acme.relationapp.jp/tickets/#/3/tickets/closed/p1/12"
    assert translate(load("relation_ticket_memo")) == TicketEvents(
        events=(
            {
                "id": "relation:3:message:31",
                "type": "memo.recorded",
                "account": "acme",
                "inbox": "3",
                "occurred_at": "2020-11-13T01:39:22+00:00",
                "operator": {},
                "data": {
                    "memo_id": "relation:3:message:31",
                    "ticket_id": "12",
                    "kind": "other",
                    "subject": "応対メモ",
                    "body": "これは応対メモです。",
                    "url": url,
                    "responded_at": "2020-11-13T01:39:22+00:00",
                    "duration_minutes": None,
                    "contact": {"email": "", "phone": ""},
                },
            },
        )
    )


@pytest.mark.parametrize(
    ("icon", "kind"),
    [
        ("received_phone", "incoming_call"),
        ("called_phone", "outgoing_call"),
        ("meeting", "meeting"),
        ("sales", "sales"),
        ("postal", "postal"),
        ("note", "other"),
        ("phone_of_the_future", "other"),
    ],
)
def test_a_memo_takes_its_kind_time_contact_and_operator_where_given(icon: str, kind: str) -> None:
    """`icon_cd`, `operated_at`, `duration`, `record`, `operator`: as relation_client reads them."""
    record = {
        "customer_emails": ["a@example.com", "b@example.com"],
        "customer_tels": ["0312345678"],
    }
    ticket = message(
        method_cd="record",
        icon_cd=icon,
        operated_at="2026-12-01T17:30:00+09:00",
        duration=15,
        record=record,
        operator="hanako",
    )
    (event,) = translate(ticket).events
    assert event["operator"] == HANAKO
    assert event["data"] == {
        "memo_id": "relation:3:message:41",
        "ticket_id": "40",
        "kind": kind,
        "subject": "件名",
        "body": "本文",
        "url": "https://acme.relationapp.jp/tickets/#/3/tickets/open/p1/40",
        "responded_at": "2026-12-01T08:30:00+00:00",
        "duration_minutes": 15,
        "contact": {"email": "a@example.com", "phone": "0312345678"},
    }


def test_sent_mails_and_sms_sync_and_the_rest_of_a_ticket_says_why_not() -> None:
    """Received, draft, scheduled, a tweet and a call of no known kind each give a reason."""
    found = translate(load("relation_ticket_mixed"))
    mail, sms = found.events
    assert mail["id"] == "relation:3:message:9002"
    assert mail["operator"] == HANAKO
    assert mail["occurred_at"] == "2026-11-25T01:00:00+00:00"
    assert mail["data"] == {
        "message_id": "relation:3:message:9002",
        "ticket_id": "5158",
        "channel": "mail",
        "subject": "Re: ログインできません",
        "body": "お問い合わせありがとうございます。\n再設定メールをお送りしました。",
        "url": "https://acme.relationapp.jp/tickets/#/3/tickets/ongoing/p1/5158",
        "to": ["customer@example.com"],
        "cc": ["boss@example.com", "team@example.com"],
        "bcc": [],
    }
    assert sms["operator"] == TARO
    assert sms["data"]["subject"] == ""
    assert sms["data"]["phones"] == ["09012345678"]
    assert {k: code for k, (code, _) in reasons(found).items()} == {
        9001: "incoming",
        9004: "not_a_message",
        9005: "not_a_message",
        9006: "channel_not_synced",
        9007: "not_a_message",
    }
    assert "once Re:lation has sent it" in reasons(found)[9005][1]
    assert found.recheck_at is None


def test_a_call_memo_syncs_with_the_kind_the_settings_give() -> None:
    """`call.ended` starts when the memo was recorded, ends unknown; the memo follows."""
    settings = RelationSettings(
        account="acme", base_url="https://acme.relationapp.jp", call_kind="inbound_answered"
    )
    ended, recorded = translate(message(method_cd="call"), settings=settings).events
    assert ended["id"] == "relation:3:message:41:ended"
    assert ended["operator"] == TARO
    assert ended["data"] == {
        "call_id": "relation:3:message:41",
        "ticket_id": "40",
        "kind": "inbound_answered",
        "started_at": "2026-12-01T08:50:00+00:00",
        "url": "https://acme.relationapp.jp/tickets/#/3/tickets/open/p1/40",
    }
    assert recorded["id"] == "relation:3:message:41:memo"
    assert recorded["data"] == {
        "call_id": "relation:3:message:41",
        "subject": "件名",
        "body": "本文",
    }


@pytest.mark.parametrize(
    ("action", "recheck_at"),
    [
        ("draft", None),
        ("requested", None),
        ("approved", None),
        ("rejected", None),
        ("scheduled", None),
        ("send_error", None),
        ("sending", NOW + timedelta(minutes=1)),
    ],
)
def test_an_unsent_message_syncs_nothing_and_a_send_in_progress_is_read_again(
    action: str, recheck_at: datetime | None
) -> None:
    """An undone send never shows as sent, so a send in progress only needs another look."""
    found = translate(message(action_cd=action))
    assert found.events == ()
    assert reasons(found)[41][0] == "not_a_message"
    assert found.recheck_at == recheck_at


@pytest.mark.parametrize(
    ("fields", "code", "detail"),
    [
        ({"method_cd": "twitter_dm"}, "channel_not_synced", "a tweet or Twitter DM"),
        ({"method_cd": "fax"}, "channel_not_synced", "(fax) is unknown"),
        ({"action_cd": "archived"}, "not_a_message", "(archived) is none"),
        ({"method_cd": "sms", "action_cd": "received"}, "incoming", "the customer sent it"),
        ({"method_cd": "line"}, "malformed", "were not read"),
        ({"sent_at": "yesterday"}, "malformed", "$.messages[0].sent_at must be a time"),
        ({"comments": {"a": 1}}, "malformed", "$.messages[0].comments must be a list"),
    ],
)
def test_a_message_that_cannot_sync_says_why(
    fields: dict[str, Any], code: str, detail: str
) -> None:
    """Each reason names the value and what is wrong with it."""
    found = translate(message(**fields))
    assert found.events == ()
    assert reasons(found)[41][0] == code
    assert detail in reasons(found)[41][1]


def test_without_comments_or_a_known_requester_the_operator_is_the_assignee() -> None:
    """The assignee when read stands in for the sender; nobody known leaves it empty."""
    assert translate(message(comments=None)).events[0]["operator"] == TARO
    asked = [{"commenter": "nobody", "comment_type": "request"}, {"comment_type": "request"}]
    assert translate(message(comments=asked)).events[0]["operator"] == TARO
    unknown = message()
    unknown["assignee"] = None
    assert translate(unknown).events[0]["operator"] == {}


def test_a_message_without_an_id_and_a_ticket_without_one_are_malformed() -> None:
    """Nothing of a message or ticket without Re:lation's ID can sync: no stable event ID."""
    found = translate(message(message_id=None))
    assert reasons(found) == {
        None: ("malformed", "$.messages[0].message_id must be an ID: a whole number")
    }
    assert reasons(translate({"messages": []})) == {
        None: ("malformed", "$.ticket_id must be an ID: a whole number")
    }
    assert reasons(translate({"ticket_id": 1, "messages": [1]})) == {
        None: ("malformed", "$.messages must be a list of objects")
    }
    assert translate({"ticket_id": 1}) == TicketEvents()


def test_an_event_that_would_be_invalid_is_a_reason() -> None:
    """A value that passes the reader but not `parse_event` (here a negative duration)."""
    found = translate(message(method_cd="record", duration=-5))
    assert "would be invalid" in reasons(found)[41][1]


def test_a_line_chat_gives_one_session_per_turn_of_the_agent() -> None:
    """A customer's bubble closes a turn, the chat's end the last; bots take no turn."""
    found = translate(load("relation_ticket_chat"), {7101: load("relation_chat_line")})
    session = "relation:3:message:7101:turn:3"
    assert [(e["id"], e["type"], e["occurred_at"]) for e in found.events] == [
        (f"{session}:opened", "chat.editor_opened", "2024-04-05T13:32:00+00:00"),
        (f"{session}:bubble:3", "chat.message_sent", "2024-04-05T13:32:00+00:00"),
        (f"{session}:bubble:4", "chat.message_sent", "2024-04-05T13:33:00+00:00"),
        (f"{session}:closed", "chat.editor_closed", "2024-04-05T13:33:00+00:00"),
        (
            "relation:3:message:7101:turn:6:opened",
            "chat.editor_opened",
            "2024-04-05T13:45:00+00:00",
        ),
        (
            "relation:3:message:7101:turn:6:bubble:6",
            "chat.message_sent",
            "2024-04-05T13:45:00+00:00",
        ),
        (
            "relation:3:message:7101:turn:6:closed",
            "chat.editor_closed",
            "2024-04-05T13:45:00+00:00",
        ),
    ]
    opened, first, second, closed = found.events[:4]
    assert opened["data"] == {
        "session_id": session,
        "ticket_id": "7001",
        "channel": "line",
        "subject": "LINEでのお問い合わせ",
        "url": "https://acme.relationapp.jp/tickets/#/3/tickets/open/p1/7001",
    }
    assert (first["operator"], first["data"]["text"]) == (
        HANAKO,
        "お問い合わせありがとうございます。",
    )
    assert second["data"]["text"] == "手順.png"
    assert closed["data"]["visitor"] == {"email": "", "phone": ""}
    assert found.events[4]["operator"] == TARO
    assert found.recheck_at is None


def test_a_chat_session_becomes_one_activity_with_the_turns_bubbles() -> None:
    """Through the triggers: body joined, start and end at the turn's bubbles."""
    found = translate(load("relation_ticket_chat"), {7101: load("relation_chat_line")})
    state, effect = None, None
    for event in found.events[:4]:
        state, effect = step(state, parse_event(event))
    assert isinstance(effect, ActivityReady)
    activity = effect.activity
    assert (activity.channel_name, activity.operator_name) == ("LINE", "梅田 花子")
    assert activity.body == "お問い合わせありがとうございます。\n手順.png"
    assert activity.end_time == datetime(2024, 4, 5, 13, 33, tzinfo=UTC)


def test_a_turn_still_going_on_waits_and_says_when_to_look_again() -> None:
    """A chat not ended whose last agent bubble is recent: its last turn gives nothing yet."""
    ticket = load("relation_ticket_chat")
    ticket["messages"][0]["action_cd"] = "conversation"
    soon = datetime(2024, 4, 5, 13, 50, tzinfo=UTC)
    found = translate(ticket, {7101: load("relation_chat_line")}, now=soon)
    assert len(found.events) == 4
    assert found.recheck_at == datetime(2024, 4, 5, 13, 55, tzinfo=UTC)
    later = translate(ticket, {7101: load("relation_chat_line")}, now=soon + timedelta(minutes=5))
    assert len(later.events) == 7
    assert later.recheck_at is None


def test_a_turn_at_the_end_of_time_waits_without_a_time_to_look_again() -> None:
    """A bubble stamped in year 9999 cannot be followed by a pause: no overflow, no recheck."""
    ticket = load("relation_ticket_chat")
    ticket["messages"][0]["action_cd"] = "conversation"
    answer = load("relation_chat_line")
    answer["conversations"][5]["sent_at"] = "9999-12-31T23:59:59Z"
    found = translate(ticket, {7101: answer})
    assert (len(found.events), found.recheck_at) == (4, None)


def test_a_pause_of_ten_minutes_starts_a_new_turn() -> None:
    """Bubbles of one agent in a row, ten minutes apart, are two sessions."""
    answer = load("relation_chat_line")
    answer["conversations"][3]["sent_at"] = "2024-04-05T13:42:00Z"
    answer["conversations"][4]["sent_at"] = "2024-04-05T13:44:00Z"
    found = translate(load("relation_ticket_chat"), {7101: answer})
    turns = [e["data"]["session_id"] for e in found.events if e["type"] == "chat.editor_opened"]
    assert turns == [f"relation:3:message:7101:turn:{n}" for n in (3, 4, 6)]


def test_a_chatplus_chat_is_addressed_to_the_visitor() -> None:
    """The inquiry's e-mail is the recipient; a sender the users list lacks keeps its name."""
    ticket = load("relation_ticket_chat")
    ticket["messages"][0]["method_cd"] = "chatplus"
    found = translate(ticket, {7101: load("relation_chat_chatplus")})
    opened, sent, closed = found.events
    assert opened["operator"] == sent["operator"] == {"family_name": "サポート 次郎"}
    assert closed["data"]["visitor"] == {"email": "test@example.com", "phone": ""}


@pytest.mark.parametrize(
    ("answer", "detail"),
    [
        ({"conversations": {"a": 1}}, "$.conversations must be a list of objects"),
        ({"conversations": [{"line_conversation_id": "x"}]}, "$.conversations[0].line_conv"),
        ([1], "$ must be an object"),
    ],
)
def test_a_malformed_chat_answer_is_a_reason(answer: object, detail: str) -> None:
    """The chat's conversations are named as what is wrong."""
    found = translate(load("relation_ticket_chat"), {7101: answer})
    assert detail in reasons(found)[7101][1]


def test_a_chat_answer_without_conversations_has_no_turn() -> None:
    """Nothing said yet: no session."""
    assert translate(load("relation_ticket_chat"), {7101: {}}) == TicketEvents()


def test_chat_reads_name_the_endpoint_of_each_chat_message() -> None:
    """One GET per chat message, under /api/v2/; other messages need none."""
    ticket = load("relation_ticket_chat")
    ticket["messages"] += [{"message_id": 7102, "method_cd": "mail"}, {"method_cd": "yahoo"}]
    assert chat_reads(ticket, BOX) == (
        ChatRead(message_id=7101, path="3/tickets/7001/messages/7101/line"),
    )
    assert chat_reads({"ticket_id": "x"}, BOX) == ()


def test_the_ticket_url_shows_the_ticket_at_its_status() -> None:
    """An unknown status shows the ticket among the open ones."""
    assert ticket_url("https://a.relationapp.jp", 1, 2, "spam").endswith("/1/tickets/spam/p1/2")
    assert ticket_url("https://a.relationapp.jp", 1, 2, "?").endswith("/1/tickets/open/p1/2")


def test_users_are_read_by_mention_name() -> None:
    """user_api.md's example; a user without a mention name cannot be pointed at."""
    assert USERS == {"taro": TARO, "hanako": HANAKO}
    assert read_users([{"email": "x@example.com"}]) == {}


@pytest.mark.parametrize(
    "answer",
    [{"users": []}, [1], [{"mention_name": 1}]],
)
def test_a_users_answer_of_the_wrong_shape_is_unexpected(answer: object) -> None:
    """The poll is tried again later; the message says where to look."""
    with pytest.raises(UnexpectedAnswer, match="Re:lation's API answered users"):
        read_users(answer)


def test_a_search_page_is_read_as_ticket_ids_and_updates() -> None:
    """ticket_api.md's example."""
    (listed,) = read_search(load("relation_search"))
    assert (listed.ticket_id, listed.updated_at) == (
        12,
        datetime(2020, 10, 23, 5, 7, 25, tzinfo=UTC),
    )
    with pytest.raises(UnexpectedAnswer, match=r"entry 0: \$.last_updated_at"):
        read_search([{"ticket_id": 1}])


def test_the_approximations_name_values_of_the_mapping() -> None:
    """The settings page shows them beside the values they concern."""
    assert set(APPROXIMATIONS) <= set(VALUE_KEYS)
    assert all(sentence.endswith(".") for sentence in (*APPROXIMATIONS.values(), *UNCONFIRMED))


@given(JSON)
def test_any_ticket_translates_without_an_exception(ticket: object) -> None:
    """Whatever Re:lation answers, the answer is events or reasons."""
    _check(translate(ticket), ticket)


@given(st.sampled_from(["relation_ticket_memo", "relation_ticket_mixed"]), st.text(), JSON)
def test_any_message_value_translates_without_an_exception(
    name: str, key: str, value: object
) -> None:
    """A fixture message with one value set to any JSON still gets an answer."""
    ticket = load(name)
    keys = [key, "message_id", "sent_at", "method_cd", "action_cd", "to", "record", "comments"]
    for message in ticket["messages"]:
        message[keys[len(key) % len(keys)]] = value
    _check(translate(ticket), ticket)


@given(st.sampled_from(["line", "chatplus"]), JSON)
def test_any_chat_answer_translates_without_an_exception(method: str, answer: object) -> None:
    """A chat's conversations of any shape give sessions or a reason."""
    ticket = load("relation_ticket_chat")
    ticket["messages"][0]["method_cd"] = method
    _check(translate(ticket, {7101: answer}), ticket, answered=False)


def _check(found: TicketEvents, ticket: object, *, answered: bool = True) -> None:
    """Every message gives events or a reason (a chat may give neither yet); all events parse."""
    assert found.events or found.skipped or not (answered and _has_messages(ticket))
    for event in found.events:
        parse_event(event)


def _has_messages(ticket: object) -> bool:
    return isinstance(ticket, dict) and bool(ticket.get("messages"))
