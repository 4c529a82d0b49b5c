"""Chatwoot's API read back as its webhooks, and what each poll of the filler reads."""

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ticketrelay.rules.chatwoot import ChatwootSettings, translate
from ticketrelay.rules.chatwoot_api import (
    MESSAGES_PER_PAGE,
    OVERLAP_SECONDS,
    SETTLE_SECONDS,
    Plan,
    Span,
    UnexpectedAnswer,
    active_at,
    agent_emails,
    before,
    conversation_page,
    listed_all,
    message_created,
    message_page,
    plan,
    profile_accounts,
    sent_by_user,
    unread,
)
from ticketrelay.rules.scalars import parse_time

PAYLOADS = Path(__file__).parent / "helpdesk_payloads"
SETTINGS = ChatwootSettings(account="demo-support", base_url="https://chatwoot.example.com/")
EMAILS = {7: "tanaka@demo-support.example"}
NOW = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
UNTIL = int(NOW.timestamp()) - SETTLE_SECONDS
# Message.message_types (app/models/message.rb): the API gives the numbers.
TYPES = {"incoming": 0, "outgoing": 1, "activity": 2, "template": 3}


def webhook(name: str) -> dict[str, Any]:
    """A `message_created` webhook payload from `helpdesk_payloads/`."""
    payload: dict[str, Any] = json.loads((PAYLOADS / f"chatwoot_{name}.json").read_text("utf-8"))
    del payload["_source"]
    return payload


def api_view(payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The same conversation and message as Chatwoot's API renders them.

    The conversation partial (app/views/api/v1/conversations/partials/
    _conversation.json.jbuilder) keeps the channel under `meta` and has no contact inbox; the
    message partial (app/views/api/v1/models/_message.json.jbuilder) gives the type's number,
    Unix seconds and User#push_event_data, which has no e-mail.
    """
    source = payload["conversation"]
    conversation = {
        "meta": {"sender": source["meta"]["sender"], "channel": source["channel"]},
        "id": source["id"],
        "account_id": payload["account"]["id"],
        "additional_attributes": source["additional_attributes"],
        "inbox_id": source["inbox_id"],
        "status": source["status"],
        "timestamp": source["last_activity_at"],
        "last_activity_at": source["last_activity_at"],
    }
    message = {
        "id": payload["id"],
        "content": payload["content"],
        "inbox_id": payload["inbox"]["id"],
        "conversation_id": source["id"],
        "message_type": TYPES[payload["message_type"]],
        "content_type": payload["content_type"],
        "status": "sent",
        "content_attributes": payload["content_attributes"],
        "created_at": int(parse_time(payload["created_at"]).timestamp()),
        "private": payload["private"],
        "source_id": payload["source_id"],
    }
    sender = payload.get("sender")
    if sender is not None and sender["type"] == "user":
        message["sender"] = {
            **{k: sender[k] for k in ("id", "name")},
            "available_name": sender["name"],
            "avatar_url": "",
            "type": "user",
            "availability_status": "online",
            "thumbnail": "",
        }
    elif sender is not None:
        message["sender"] = sender
    return conversation, message


SAMPLES = ["mail_sent", "mail_html", "private_note", "sms_sent", "line_message", "bot_message"]


@pytest.mark.parametrize("name", [*SAMPLES, "incoming"])
def test_a_message_read_from_the_api_translates_as_its_webhook_does(name: str) -> None:
    """Same events (IDs and all), same chat input, or the same reason not to sync."""
    payload = webhook(name)
    conversation, message = api_view(payload)
    filled = translate(message_created(conversation, message, EMAILS), SETTINGS)
    assert filled == translate(payload, SETTINGS)


def test_a_mail_is_rebuilt_as_chatwoot_posts_it() -> None:
    """The payload holds what `rules.chatwoot` reads, from the API's two views."""
    conversation, message = api_view(webhook("mail_sent"))
    payload = message_created(conversation, message, EMAILS)
    assert payload["event"] == "message_created"
    assert payload["sender"] == {
        "id": 7,
        "name": "田中 健太",
        "email": "tanaka@demo-support.example",
        "type": "user",
    }
    assert payload["conversation"]["channel"] == "Channel::Email"
    assert payload["conversation"]["meta"]["sender"]["email"] == "ogawa@example.jp"
    assert payload["account"] == {"id": 3}
    assert payload["message_type"] == 1


@pytest.mark.parametrize("user", [8, "7", None])
def test_a_user_whose_e_mail_is_unknown_is_left_without_one(user: object) -> None:
    """An agent no longer in the account (or an odd ID) has no e-mail: never a guess."""
    conversation, message = api_view(webhook("private_note"))
    message["sender"]["id"] = user
    payload = message_created(conversation, message, EMAILS)
    assert payload["sender"]["email"] == ""
    [event] = translate(payload, SETTINGS).events
    assert event["operator"] == {"email": "", "family_name": "田中 健太", "given_name": ""}


def test_a_conversation_without_its_meta_is_not_synced() -> None:
    """With no `meta`, there is no inbox type, and the reason says so."""
    conversation, message = api_view(webhook("mail_sent"))
    conversation["meta"] = None
    found = translate(message_created(conversation, message, EMAILS), SETTINGS)
    assert found.not_synced is not None
    assert found.not_synced.path == "$.conversation.channel"


def test_the_content_attributes_of_older_chatwoot_are_optional() -> None:
    """Without `content_attributes` a reply mail goes to the contact's e-mail."""
    conversation, message = api_view(webhook("mail_sent"))
    del message["content_attributes"]
    [event] = translate(message_created(conversation, message, EMAILS), SETTINGS).events
    assert event["data"]["to"] == ["ogawa@example.jp"]
    assert event["data"]["cc"] == []


def test_only_an_outgoing_message_of_a_user_needs_the_agents_e_mail() -> None:
    """A user's reply or note does; the contact's, a bot's or an automation's does not."""
    user = {"id": 7, "type": "user"}
    assert sent_by_user({"message_type": 1, "sender": user})
    assert not sent_by_user({"message_type": 0, "sender": user})
    assert not sent_by_user({"message_type": 1, "sender": {"id": 2, "type": "agent_bot"}})
    assert not sent_by_user({"message_type": 1})


def test_the_first_poll_fills_the_last_minutes() -> None:
    """No cursor: from the overlap before the settled time, up to it."""
    found = plan({}, NOW)
    assert found == Plan(recent=Span(start=UNTIL - OVERLAP_SECONDS, end=UNTIL))
    assert found.floor == UNTIL - OVERLAP_SECONDS


def test_a_poll_fills_from_where_the_last_one_read_up_to_with_an_overlap() -> None:
    """`read_until` less the overlap, up to now less the time a webhook takes."""
    found = plan({"account_id": 3, "read_until": UNTIL - 300}, NOW)
    assert found.recent == Span(start=UNTIL - 300 - OVERLAP_SECONDS, end=UNTIL)


def test_a_clock_that_went_back_does_not_move_the_cursor_back() -> None:
    """A `read_until` ahead of now is kept as the end."""
    found = plan({"read_until": UNTIL + 50}, NOW)
    assert found.recent == Span(start=UNTIL + 50 - OVERLAP_SECONDS, end=UNTIL + 50)


def test_what_a_poll_left_unread_is_kept_apart_or_joined() -> None:
    """Pending below the recent span stays apart, with its page; one reaching it joins it."""
    left = [UNTIL - 9000, UNTIL - 3000, 4]
    apart = plan({"read_until": UNTIL - 300, "pending": left}, NOW)
    assert (apart.pending, apart.resume) == (Span(start=UNTIL - 9000, end=UNTIL - 3000), 4)
    assert apart.floor == UNTIL - 9000
    start = UNTIL - 300 - OVERLAP_SECONDS
    joined = plan({"read_until": UNTIL - 300, "pending": [UNTIL - 9000, start, 4]}, NOW)
    assert joined == Plan(recent=Span(start=UNTIL - 9000, end=UNTIL))


def test_a_conversation_is_read_for_the_spans_it_may_hold_unread() -> None:
    """Active lately: both spans; within pending: pending; between or below: none."""
    recent, pending = Span(start=1000, end=1500), Span(start=100, end=400)
    both = Plan(recent=recent, pending=pending)
    assert both.spans(1200) == (pending, recent)
    assert both.spans(300) == (pending,)
    assert both.spans(700) == ()
    assert both.spans(100) == ()
    assert Plan(recent=recent).spans(1001) == (recent,)
    assert Plan(recent=recent).spans(1000) == ()


def test_between_the_spans_a_conversation_was_read_by_the_poll_that_stopped() -> None:
    """Its pages can be skipped to where that poll stopped; none are without a pending span."""
    recent, pending = Span(start=1000, end=1500), Span(start=100, end=400)
    both = Plan(recent=recent, pending=pending, resume=3)
    assert [both.skipped(at) for at in (1001, 1000, 401, 400)] == [False, True, True, False]
    assert not Plan(recent=recent).skipped(700)
    assert [both.above_pending(at) for at in (401, 400)] == [True, False]
    assert Plan(recent=recent).above_pending(0)


def test_the_cursor_says_what_is_read_and_what_is_left() -> None:
    """All read: up to the recent end; stopped: pending from the floor, and the page."""
    found = Plan(recent=Span(start=1000, end=1500), pending=Span(start=100, end=400))
    assert found.cursor(3, None, {}) == {"account_id": 3, "read_until": 1500}
    stopped = {"account_id": 3, "read_until": 1500, "pending": [100, 1200, 2]}
    assert found.cursor(3, (1200, 2), {}) == stopped


def test_the_cursor_keeps_what_the_next_overlap_would_read_again() -> None:
    """Read in full and last active within the overlap before the end: kept by display ID."""
    end = 5000
    found = Plan(recent=Span(start=1000, end=end), seen={1: end - 10, 2: end - 1000})
    read = {3: end - OVERLAP_SECONDS + 1, 4: end - OVERLAP_SECONDS, 5: end + 1, 1: end - 5}
    cursor = found.cursor(3, None, read)
    assert cursor["seen"] == {"1": end - 5, "3": end - OVERLAP_SECONDS + 1}
    again = plan(cursor, datetime.fromtimestamp(end + 300 + SETTLE_SECONDS, UTC))
    assert again.unchanged(1, end - 5)
    assert not again.unchanged(1, end - 4)
    assert not again.unchanged(2, end - 1000)


def test_the_messages_to_fill_are_those_in_a_span_oldest_first_once() -> None:
    """Outside every span, a message is left; a message read twice is filled once."""
    messages = [{"id": i, "created_at": at} for i, at in [(5, 450), (3, 150), (4, 50), (3, 150)]]
    spans = (Span(start=100, end=200), Span(start=400, end=500))
    assert unread(messages, spans) == [{"id": 3, "created_at": 150}, {"id": 5, "created_at": 450}]


def test_older_messages_are_read_while_a_full_page_stays_above_the_floor() -> None:
    """A short page is the conversation's first; a page that reaches the floor is enough."""
    full = [{"id": 100 + i, "created_at": 1000 + i} for i in range(MESSAGES_PER_PAGE)]
    assert before(full, 999) == 100
    assert before(full, 1000) is None
    assert before(full[1:], 0) is None


def test_a_conversation_was_active_at_its_last_activity() -> None:
    """`last_activity_at`, or `timestamp` where an older Chatwoot gives only that."""
    assert active_at({"last_activity_at": 5, "timestamp": 4}) == 5
    assert active_at({"timestamp": 4}) == 4


def test_the_answers_are_read_as_chatwoot_gives_them() -> None:
    """A conversation page, a message page, the profile's accounts, the agents' e-mails."""
    conversation = {"id": 1201, "last_activity_at": 1795568400}
    old = {"id": 1, "timestamp": 1795568400}
    page = {"data": {"meta": {"all_count": 2}, "payload": [conversation, old]}}
    assert conversation_page(page) == [conversation, old]
    assert [listed_all(page, n) for n in (1, 2, 3)] == [False, True, True]
    assert not listed_all({"data": {"meta": {}, "payload": []}}, 0)
    message = {"id": 90002, "created_at": 1795568400}
    assert message_page({"meta": {}, "payload": [message]}) == [message]
    assert profile_accounts({"id": 7, "accounts": [{"id": 3}, {"id": 5}]}) == [3, 5]
    agents = [{"id": 7, "email": "tanaka@demo-support.example"}, {"id": 8, "email": None}]
    assert agent_emails(agents) == EMAILS


@pytest.mark.parametrize(
    ("read", "answer", "where"),
    [
        (conversation_page, None, "$.data.payload"),
        (conversation_page, [], "$.data.payload"),
        (conversation_page, {"data": {"payload": {}}}, "$.data.payload"),
        (conversation_page, {"data": {"payload": ["x"]}}, "$.data.payload"),
        (conversation_page, {"data": {"payload": [{"id": True}]}}, "$.data.payload"),
        (conversation_page, {"data": {"payload": [{"id": 1}]}}, "$.data.payload"),
        (message_page, {"payload": [{"id": 1, "created_at": "1"}]}, "$.payload"),
        (profile_accounts, {"accounts": [{"name": "x"}]}, "$.accounts"),
        (agent_emails, {"payload": []}, " $:"),
    ],
)
def test_an_answer_of_another_shape_is_unexpected(read: Any, answer: object, where: str) -> None:
    """It names where the shape differs and asks whether base_url is Chatwoot's own."""
    with pytest.raises(UnexpectedAnswer, match="base_url") as raised:
        read(copy.deepcopy(answer))
    assert where in str(raised.value)
