"""SPEC section 12: Chatwoot's webhooks as events, and the chat sessions formed from them."""

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketrelay.errors import Bug
from ticketrelay.rules.chat_sessions import (
    AgentMessage,
    ChatSession,
    ChatStep,
    ConversationResolved,
    close_idle,
    due_at,
    step,
)
from ticketrelay.rules.chatwoot import ChatwootSettings, translate
from ticketrelay.rules.events import parse_event
from ticketrelay.rules.translation import Translation
from ticketrelay.rules.values import operator_name

PAYLOADS = Path(__file__).parent / "helpdesk_payloads"
SETTINGS = ChatwootSettings(account="demo-support", base_url="https://chatwoot.example.com/")
URL = "https://chatwoot.example.com/app/accounts/3/conversations/{}"
T0 = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
TANAKA = {"email": "tanaka@demo-support.example", "family_name": "田中 健太", "given_name": ""}
LINE_KEY = "chatwoot:inbox:9:conversation:1410"
SESSION_1 = f"{LINE_KEY}:session:1"
NO_CONTACT = {"email": "", "phone": ""}
OGAWA = {"email": "ogawa@example.jp", "phone": "+819012345678"}

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=30,
)


def load(name: str) -> dict[str, Any]:
    """A payload from `helpdesk_payloads/`, without the note of where its shape comes from."""
    payload: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text("utf-8"))
    del payload["_source"]
    return payload


def changed(name: str, path: str, value: object) -> dict[str, Any]:
    """A payload with the value at a dotted path set (or removed, for `...`)."""
    payload = load(name)
    *parents, last = path.split(".")
    target = payload
    for key in parents:
        target = target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return payload


def events_of(translation: Translation) -> list[dict[str, Any]]:
    """The events of a translation, each proved to be what `parse_event` takes."""
    assert translation.not_synced is None, translation.not_synced
    for event in translation.events:
        parse_event(event)
    return list(translation.events)


def why(translation: Translation) -> tuple[str, str, str]:
    """The code, value and path of a translation that syncs nothing."""
    assert not translation.events
    assert translation.chat is None
    assert translation.not_synced is not None
    reason = translation.not_synced
    return reason.code, reason.value, reason.path


def message_of(payload: dict[str, Any]) -> AgentMessage:
    """The chat input of an agent's message in a chat inbox."""
    translation = translate(payload, SETTINGS)
    assert isinstance(translation.chat, AgentMessage), translation
    return translation.chat


def line_message(message_id: int, minutes: float, text: str = "") -> AgentMessage:
    """The LINE fixture's agent message, with another ID, time and text."""
    payload = load("chatwoot_line_message")
    payload["id"] = message_id
    payload["created_at"] = (T0 + timedelta(minutes=minutes)).isoformat()
    payload["content"] = text or f"message {message_id}"
    return message_of(payload)


def resolved_at(minutes: float) -> ConversationResolved:
    """The LINE conversation resolved at T0 plus `minutes`."""
    return ConversationResolved(key=LINE_KEY, resolved_at=T0 + timedelta(minutes=minutes))


def run(*inputs: AgentMessage | ConversationResolved) -> tuple[ChatStep, list[dict[str, Any]]]:
    """Step through inputs from no state; the last step and every event, each parsed."""
    result = ChatStep(None, (), None)
    events: list[dict[str, Any]] = []
    for incoming in inputs:
        result = step(result.state, incoming)
        assert result.state is None or ChatSession.from_json(result.state.to_json()) == result.state
        events += result.events
    for event in events:
        parse_event(event)
    return result, events


def kinds(events: list[dict[str, Any]]) -> list[str]:
    """Each event as `type id`, in order."""
    return [f"{event['type']} {event['id']}" for event in events]


# Sent mails and SMS


def test_a_mail_a_user_sent_is_a_sent_message() -> None:
    """Subject, body, to/cc/bcc, operator, ticket URL and time, all from the webhook."""
    assert events_of(translate(load("chatwoot_mail_sent"), SETTINGS)) == [
        {
            "id": "chatwoot:message:90001",
            "type": "message.sent",
            "account": "demo-support",
            "inbox": "4",
            "occurred_at": "2026-11-25T01:00:00+00:00",
            "operator": TANAKA,
            "data": {
                "ticket_id": "1201",
                "body": "小川様\n\nお問い合わせありがとうございます。\n"
                "ご登録住所の変更は、マイページの「会員情報の変更」から行っていただけます。\n\n田中",
                "url": URL.format(1201),
                "message_id": "chatwoot:message:90001",
                "channel": "mail",
                "subject": "ご登録住所の変更について",
                "to": ["ogawa@example.jp"],
                "cc": ["ogawa.family@example.jp"],
                "bcc": ["audit@demo-support.example"],
            },
        }
    ]


def test_the_operator_name_goes_in_whole() -> None:
    """Chatwoot's single `name` is the operator name as it is, not split by guesswork."""
    [event] = events_of(translate(load("chatwoot_mail_sent"), SETTINGS))
    assert operator_name(parse_event(event).operator) == "田中 健太"


def test_a_mail_without_to_emails_goes_to_the_contact() -> None:
    """As ConversationReplyMailer#to_emails does, the contact's e-mail is the recipient."""
    payload = changed("chatwoot_mail_sent", "content_attributes", {})
    [event] = events_of(translate(payload, SETTINGS))
    assert (event["data"]["to"], event["data"]["cc"], event["data"]["bcc"]) == (
        ["ogawa@example.jp"],
        [],
        [],
    )


def test_a_mail_without_any_address_has_no_recipient() -> None:
    """Where neither the message nor the contact has an address, none is made up."""
    payload = changed("chatwoot_mail_sent", "content_attributes", {})
    payload["conversation"]["meta"]["sender"]["email"] = None
    [event] = events_of(translate(payload, SETTINGS))
    assert event["data"]["to"] == []


def test_an_html_mail_body_becomes_the_text_a_person_reads() -> None:
    """Paragraphs, line breaks, list numbers and the quoted mail survive; tags do not."""
    [event] = events_of(translate(load("chatwoot_mail_html"), SETTINGS))
    assert event["data"]["body"] == (
        "小川様\n\nお問い合わせありがとうございます。\n住所変更の手順は次のとおりです。\n\n"
        "1. マイページにログイン\n2. 「会員情報の変更」を選ぶ\n\n"
        "田中 健太\n\n> 住所を変更したいです。"
    )


def test_without_content_the_mail_part_is_the_body() -> None:
    """An empty `content` falls back to the e-mail's text part, then its HTML part."""
    payload = changed("chatwoot_mail_sent", "content", None)
    email: dict[str, Any] = {"html_content": {"full": "<p>HTML&amp;part</p>"}, "text_content": {}}
    payload["content_attributes"]["email"] = email
    assert events_of(translate(payload, SETTINGS))[0]["data"]["body"] == "HTML&part"
    email["text_content"] = {"full": "text part"}
    assert events_of(translate(payload, SETTINGS))[0]["data"]["body"] == "text part"


def test_a_markdown_link_is_no_html() -> None:
    """Text with `<https://...>` or `a < b` in it is kept as it was typed."""
    text = "詳しくは <https://help.example.com> をご覧ください (1 < 2)"
    payload = changed("chatwoot_mail_sent", "content", text)
    assert events_of(translate(payload, SETTINGS))[0]["data"]["body"] == text


def test_an_sms_a_user_sent_goes_to_the_contacts_phone() -> None:
    """An SMS inbox's message is `sms`, with no subject and the contact's number."""
    [event] = events_of(translate(load("chatwoot_sms_sent"), SETTINGS))
    assert event["data"] == {
        "ticket_id": "1305",
        "body": "【デモサポート】ご注文の商品を本日発送しました。",
        "url": URL.format(1305),
        "message_id": "chatwoot:message:90010",
        "channel": "sms",
        "subject": "",
        "phones": ["+819012345678"],
    }


def test_an_sms_to_a_contact_without_number_has_no_phone() -> None:
    """A contact with no phone number gives no recipient phone."""
    payload = changed("chatwoot_sms_sent", "conversation.meta.sender.phone_number", "")
    assert events_of(translate(payload, SETTINGS))[0]["data"]["phones"] == []


@pytest.mark.parametrize(
    ("source_id", "expected"),
    [
        ("+819012345678", ("sms", "", "")),
        ("whatsapp:+819012345678", ("channel_not_synced", "Channel::TwilioSms (whatsapp)", "")),
        (None, ("channel_not_synced", "Channel::TwilioSms (unknown)", "")),
    ],
)
def test_twilio_is_sms_only_for_a_phone_number(source_id: str | None, expected: object) -> None:
    """A Twilio inbox carries SMS or WhatsApp; the contact's source ID tells which."""
    payload = changed("chatwoot_sms_sent", "conversation.channel", "Channel::TwilioSms")
    payload["conversation"]["contact_inbox"]["source_id"] = source_id
    translation = translate(payload, SETTINGS)
    if translation.events:
        assert (translation.events[0]["data"]["channel"], "", "") == expected
    else:
        assert why(translation) == expected


# Private notes


def test_a_private_note_is_a_response_memo_of_kind_other() -> None:
    """The note's text, the conversation's subject and contact, the time it was written."""
    assert events_of(translate(load("chatwoot_private_note"), SETTINGS)) == [
        {
            "id": "chatwoot:message:90003",
            "type": "memo.recorded",
            "account": "demo-support",
            "inbox": "4",
            "occurred_at": "2026-11-25T01:00:00+00:00",
            "operator": TANAKA,
            "data": {
                "ticket_id": "1201",
                "body": "電話で住所変更の手順をご案内済み。折り返し不要。",
                "url": URL.format(1201),
                "memo_id": "chatwoot:message:90003",
                "kind": "other",
                "subject": "ご登録住所の変更について",
                "responded_at": "2026-11-25T01:00:00+00:00",
                "contact": OGAWA,
            },
        }
    ]


def test_a_message_that_does_not_say_private_is_no_note() -> None:
    """`private` missing reads as false, as its column's default."""
    payload = changed("chatwoot_mail_sent", "private", ...)
    assert events_of(translate(payload, SETTINGS))[0]["type"] == "message.sent"


def test_a_private_note_syncs_in_any_inbox() -> None:
    """A response memo is a channel of its own, whatever the inbox it was written in."""
    payload = changed("chatwoot_private_note", "conversation.channel", "Channel::Whatsapp")
    assert events_of(translate(payload, SETTINGS))[0]["type"] == "memo.recorded"


# What does not sync


def test_a_message_from_the_contact_does_not_sync() -> None:
    """Incoming messages are the customer's, not an agent's work."""
    assert why(translate(load("chatwoot_incoming"), SETTINGS))[0] == "incoming"


@pytest.mark.parametrize("sender", [{"type": "agent_bot", "name": "bot"}, None, {"name": "x"}])
def test_what_no_user_sent_does_not_sync(sender: object) -> None:
    """Agent bots, automations and campaigns are no operator."""
    payload = changed("chatwoot_bot_message", "sender", sender)
    assert why(translate(payload, SETTINGS))[0] == "bot_sender"


@pytest.mark.parametrize("message_type", ["activity", "template", 2, 3])
def test_activity_and_template_messages_do_not_sync(message_type: object) -> None:
    """Only outgoing messages are sent by agents; the enum's numbers are read too."""
    payload = changed("chatwoot_mail_sent", "message_type", message_type)
    assert why(translate(payload, SETTINGS))[0] == "not_a_message"


def test_the_enums_number_for_outgoing_is_read() -> None:
    """`message_type` 1 is outgoing, as in Message#push_event_data."""
    payload = changed("chatwoot_mail_sent", "message_type", 1)
    assert events_of(translate(payload, SETTINGS))[0]["type"] == "message.sent"


@pytest.mark.parametrize("kind", ["Channel::Whatsapp", "Channel::Api", "Channel::Telegram"])
def test_an_inbox_of_another_channel_does_not_sync(kind: str) -> None:
    """Channels outside the twelve are kept as not synced, with the inbox's type."""
    payload = changed("chatwoot_mail_sent", "conversation.channel", kind)
    assert why(translate(payload, SETTINGS)) == ("channel_not_synced", kind, "")


@pytest.mark.parametrize("event", ["message_updated", "conversation_created", "contact_updated"])
def test_other_chatwoot_events_do_not_sync(event: str) -> None:
    """Chatwoot's other webhooks are known and say nothing an agent sent."""
    payload = changed("chatwoot_mail_sent", "event", event)
    assert why(translate(payload, SETTINGS)) == ("not_a_message", event, "")


@pytest.mark.parametrize("event", ["message.created", None, 7, ["x"], {"a": 1}])
def test_an_unknown_event_does_not_sync(event: object) -> None:
    """A payload whose `event` Chatwoot never sends is kept as unknown."""
    payload = changed("chatwoot_mail_sent", "event", event)
    assert why(translate(payload, SETTINGS))[0] == "unknown_event"


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        ("conversation.channel", ..., "$.conversation.channel"),
        ("conversation.id", "12a", "$.conversation.id"),
        ("id", True, "$.id"),
        ("created_at", "2026-11-25 01:00", "$.created_at"),
        ("created_at", 10**30, "$.created_at"),
        ("content_attributes", "to: x", "$.content_attributes"),
        ("content_attributes.to_emails", ["a@example.jp", 3], "$.content_attributes.to_emails"),
        ("private", "yes", "$.private"),
        ("message_type", "outbound", "$.message_type"),
        ("sender", "田中", "$.sender"),
        ("account", None, "$.account.id"),
    ],
)
def test_a_malformed_payload_names_the_json_path(path: str, value: object, where: str) -> None:
    """A value of the wrong shape is not synced, with the path of the first one found."""
    code, _, found = why(translate(changed("chatwoot_mail_sent", path, value), SETTINGS))
    assert (code, found) == ("malformed", where)


def test_a_payload_that_is_no_object_is_malformed() -> None:
    """The path of the whole payload is `$`."""
    assert why(translate(["message_created"], SETTINGS)) == ("malformed", "", "$")


def test_text_that_no_event_may_hold_is_malformed() -> None:
    """A NUL character cannot reach kintone: the reason says which event value."""
    translation = translate(changed("chatwoot_mail_sent", "content", "a\x00b"), SETTINGS)
    assert why(translation)[0] == "malformed"
    assert translation.not_synced is not None
    assert "$.data.body" in translation.not_synced.detail


def test_the_same_webhook_translates_to_the_same_events() -> None:
    """Event IDs come from Chatwoot's IDs, so a replay is a duplicate."""
    for name in ("chatwoot_mail_sent", "chatwoot_private_note", "chatwoot_line_message"):
        assert translate(load(name), SETTINGS) == translate(load(name), SETTINGS)


@given(JSON)
def test_any_json_translates_without_an_exception(payload: object) -> None:
    """Whatever arrives, the answer is events, a chat input or a reason."""
    _check(translate(payload, SETTINGS))


@given(
    st.sampled_from(
        [
            "chatwoot_mail_sent",
            "chatwoot_sms_sent",
            "chatwoot_private_note",
            "chatwoot_line_message",
            "chatwoot_conversation_resolved",
        ]
    ),
    st.sampled_from(
        [
            "event",
            "id",
            "message_type",
            "private",
            "content",
            "created_at",
            "updated_at",
            "sender",
            "sender.type",
            "sender.email",
            "account",
            "account.id",
            "status",
            "conversation",
            "conversation.channel",
            "conversation.id",
            "conversation.inbox_id",
            "conversation.meta.sender",
            "conversation.meta.sender.phone_number",
            "channel",
            "conversation.contact_inbox.source_id",
            "content_attributes",
            "inbox_id",
            "conversation.additional_attributes",
            "content_attributes.to_emails",
        ]
    ),
    JSON,
)
def test_any_value_anywhere_translates_without_an_exception(
    name: str, path: str, value: object
) -> None:
    """A fixture with one value replaced by any JSON still gets an answer."""
    payload = load(name)
    *parents, last = path.split(".")
    target: Any = payload
    for key in parents:
        target = target.get(key) if isinstance(target, dict) else None
    if isinstance(target, dict):
        target[last] = value
    _check(translate(payload, SETTINGS))


def _check(translation: Translation) -> None:
    answers = [bool(translation.events), translation.chat is not None, translation.not_synced]
    assert sum(1 for answer in answers if answer) == 1
    for event in translation.events:
        parse_event(event)
    if translation.chat is not None:
        run(translation.chat)


# Chat sessions


def test_the_first_agent_message_opens_a_session() -> None:
    """`chat.editor_opened` then `chat.message_sent`, with the conversation's URL."""
    result, events = run(message_of(load("chatwoot_line_message")))
    assert events == [
        {
            "id": f"{SESSION_1}:opened",
            "type": "chat.editor_opened",
            "account": "demo-support",
            "inbox": "9",
            "occurred_at": "2026-11-25T01:00:00+00:00",
            "data": {
                "session_id": SESSION_1,
                "ticket_id": "1410",
                "channel": "line",
                "subject": "",
                "url": URL.format(1410),
            },
            "operator": TANAKA,
        },
        {
            "id": f"{LINE_KEY}:message:90020",
            "type": "chat.message_sent",
            "account": "demo-support",
            "inbox": "9",
            "occurred_at": "2026-11-25T01:00:00+00:00",
            "data": {
                "session_id": SESSION_1,
                "text": "お問い合わせありがとうございます。担当の田中です。",
            },
            "operator": TANAKA,
        },
    ]
    assert result.due_at == T0 + timedelta(minutes=10)


def test_further_agent_messages_join_the_session_and_move_its_due_time() -> None:
    """Each message within the idle time adds a `chat.message_sent` to the open session."""
    result, events = run(line_message(1, 0), line_message(2, 9), line_message(3, 18))
    assert kinds(events) == [
        f"chat.editor_opened {SESSION_1}:opened",
        f"chat.message_sent {LINE_KEY}:message:1",
        f"chat.message_sent {LINE_KEY}:message:2",
        f"chat.message_sent {LINE_KEY}:message:3",
    ]
    assert result.due_at == T0 + timedelta(minutes=28)


def test_resolving_the_conversation_closes_the_session_then() -> None:
    """`chat.editor_closed` at the resolve, with the LINE contact among the contacts."""
    result, events = run(line_message(1, 0), resolved_at(5))
    assert events[-1] == {
        "id": f"{SESSION_1}:closed",
        "type": "chat.editor_closed",
        "account": "demo-support",
        "inbox": "9",
        "occurred_at": "2026-11-25T01:05:00+00:00",
        "data": {
            "session_id": SESSION_1,
            "contacts": [OGAWA],
            "group_members": [],
            "visitor": NO_CONTACT,
        },
    }
    assert result.state is not None
    assert not result.state.open
    assert result.due_at is None


def test_a_session_idle_for_the_idle_time_closes_at_its_last_message() -> None:
    """The timer closes it once due, not before; the end is the agent's last message."""
    opened, _ = run(line_message(1, 0), line_message(2, 3))
    early = close_idle(opened.state, T0 + timedelta(minutes=12, seconds=59))
    assert early == ChatStep(opened.state, (), T0 + timedelta(minutes=13))
    closed = close_idle(opened.state, T0 + timedelta(minutes=13))
    assert kinds(list(closed.events)) == [f"chat.editor_closed {SESSION_1}:closed"]
    assert closed.events[0]["occurred_at"] == "2026-11-25T01:03:00+00:00"
    assert closed.state is not None
    assert closed.due_at is None
    assert close_idle(closed.state, T0 + timedelta(days=1)) == ChatStep(closed.state, (), None)
    assert close_idle(None, T0) == ChatStep(None, (), None)


def test_the_idle_time_is_the_sources_setting() -> None:
    """`chat_idle_minutes` sets when a session is due to close."""
    message = line_message(1, 0)
    result = step(None, message, idle_minutes=30)
    assert result.due_at == T0 + timedelta(minutes=30)
    assert due_at(result.state, idle_minutes=30) == result.due_at
    assert close_idle(result.state, T0 + timedelta(minutes=29), idle_minutes=30).events == ()


@pytest.mark.parametrize("minutes", [0, -5, 10081, True])
def test_an_idle_time_out_of_range_is_refused(minutes: int) -> None:
    """1 minute to a week; anything else is a settings error, not a silent default."""
    with pytest.raises(ValueError, match="idle_minutes"):
        step(None, line_message(1, 0), idle_minutes=minutes)


def test_a_message_after_the_idle_time_closes_the_old_session_first() -> None:
    """Even when the timer has not run, the late message starts session 2."""
    result, events = run(line_message(1, 0), line_message(2, 10))
    assert kinds(events)[2:] == [
        f"chat.editor_closed {SESSION_1}:closed",
        f"chat.editor_opened {LINE_KEY}:session:2:opened",
        f"chat.message_sent {LINE_KEY}:message:2",
    ]
    assert events[2]["occurred_at"] == "2026-11-25T01:00:00+00:00"
    assert result.state is not None
    assert result.state.number == 2


def test_a_message_after_a_resolve_opens_a_new_session() -> None:
    """A resolved conversation's next agent message is session 2."""
    _, events = run(line_message(1, 0), resolved_at(1), line_message(2, 2))
    assert kinds(events)[-2:] == [
        f"chat.editor_opened {LINE_KEY}:session:2:opened",
        f"chat.message_sent {LINE_KEY}:message:2",
    ]


def test_a_resolve_after_the_idle_time_closes_at_the_last_message() -> None:
    """The session had ended by then; the resolve only notices it."""
    _, events = run(line_message(1, 0), resolved_at(45))
    assert events[-1]["occurred_at"] == "2026-11-25T01:00:00+00:00"


def test_a_replayed_or_older_message_changes_nothing() -> None:
    """A message ID not above the last one applied has been applied already, or belongs before."""
    first, _ = run(line_message(5, 0), line_message(6, 1))
    for old in (line_message(6, 1), line_message(4, 2)):
        assert step(first.state, old) == ChatStep(first.state, (), first.due_at)


def test_a_resolve_with_nothing_open_or_from_before_changes_nothing() -> None:
    """No session, a closed one, or a resolve older than the last message: nothing closes."""
    assert step(None, resolved_at(1)) == ChatStep(None, (), None)
    closed, _ = run(line_message(1, 0), resolved_at(1))
    assert step(closed.state, resolved_at(2)) == ChatStep(closed.state, (), None)
    opened, _ = run(line_message(1, 5))
    assert step(opened.state, resolved_at(4)) == ChatStep(opened.state, (), opened.due_at)


def test_an_input_of_another_conversation_is_a_bug() -> None:
    """The caller keeps one session per conversation key."""
    opened, _ = run(line_message(1, 0))
    other = ConversationResolved(key="chatwoot:inbox:9:conversation:1", resolved_at=T0)
    with pytest.raises(Bug, match="conversation:1'"):
        step(opened.state, other)


def test_a_session_in_year_9999_is_never_due() -> None:
    """A due time past the calendar's end is none, rather than an overflow."""
    payload = changed("chatwoot_line_message", "created_at", "9999-12-31T23:59:00Z")
    assert step(None, message_of(payload)).due_at is None


@pytest.mark.parametrize(
    ("kind", "additional", "channel"),
    [
        ("Channel::FacebookPage", {}, "messenger"),
        ("Channel::FacebookPage", {"type": "instagram_direct_message"}, "instagram_dm"),
        ("Channel::Instagram", {}, "instagram_dm"),
        ("Channel::WebWidget", {"browser": {"name": "Chrome"}}, "chat_widget"),
    ],
)
def test_chat_inboxes_map_to_their_channels(
    kind: str, additional: dict[str, Any], channel: str
) -> None:
    """Messenger, Instagram DM (also through a Facebook page) and the chat widget."""
    payload = changed("chatwoot_line_message", "conversation.channel", kind)
    payload["conversation"]["additional_attributes"] = additional
    _, events = run(message_of(payload))
    assert events[0]["data"]["channel"] == channel


def test_the_chat_widget_puts_the_contact_in_the_visitor() -> None:
    """For the chat widget, recipients come from the visitor information."""
    payload = changed("chatwoot_line_message", "conversation.channel", "Channel::WebWidget")
    _, events = run(message_of(payload), resolved_at(1))
    assert (events[-1]["data"]["contacts"], events[-1]["data"]["visitor"]) == ([], OGAWA)


def test_a_contact_without_email_or_phone_is_left_out() -> None:
    """An empty contact is no contact."""
    payload = load("chatwoot_line_message")
    payload["conversation"]["meta"]["sender"].update(email=None, phone_number=None)
    _, events = run(message_of(payload), resolved_at(1))
    assert events[-1]["data"]["contacts"] == []


def test_a_chat_message_with_an_invalid_sender_is_malformed() -> None:
    """The operator's e-mail must be text an event can hold."""
    payload = changed("chatwoot_line_message", "sender.email", "a\x00b")
    translation = translate(payload, SETTINGS)
    assert why(translation)[0] == "malformed"


def test_a_chat_message_with_an_invalid_text_is_malformed() -> None:
    """The events a chat input leads to are checked before it is given back."""
    payload = changed("chatwoot_line_message", "content", "\ud800")
    translation = translate(payload, SETTINGS)
    assert why(translation)[0] == "malformed"


def test_the_resolve_webhook_is_a_chat_input() -> None:
    """`conversation_status_changed` to resolved, at Chatwoot's `updated_at`."""
    translation = translate(load("chatwoot_conversation_resolved"), SETTINGS)
    assert translation == Translation(
        chat=ConversationResolved(key=LINE_KEY, resolved_at=T0 + timedelta(seconds=300.52))
    )


def test_a_status_other_than_resolved_does_not_sync() -> None:
    """Opening, pending or snoozing a conversation closes no session."""
    payload = changed("chatwoot_conversation_resolved", "status", "open")
    assert why(translate(payload, SETTINGS)) == ("not_a_message", "open", "")


@pytest.mark.parametrize(
    ("kind", "code"),
    [("Channel::Email", "not_a_message"), ("Channel::Whatsapp", "channel_not_synced")],
)
def test_a_resolve_outside_a_chat_inbox_does_not_sync(kind: str, code: str) -> None:
    """Only chat sessions close on a resolve."""
    payload = changed("chatwoot_conversation_resolved", "channel", kind)
    assert why(translate(payload, SETTINGS)) == (code, kind, "")


def test_sessions_survive_the_stores_json() -> None:
    """A session read back from its JSON goes on as before."""
    opened, _ = run(line_message(1, 0))
    assert opened.state is not None
    again = ChatSession.from_json(opened.state.to_json())
    assert step(again, line_message(2, 1)) == step(opened.state, line_message(2, 1))
    assert copy.deepcopy(again) == opened.state
