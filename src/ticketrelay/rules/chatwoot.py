"""Chatwoot's account webhooks as the events of SPEC section 8 (SPEC section 12, sources.md).

`translate` reads one payload (`Message#webhook_data` for `message_created`,
`Conversations::EventDataPresenter#push_data` for `conversation_status_changed`) and gives a
`Translation`: the event of a mail or SMS a user sent or of a private note (a response memo
`other`, in any inbox), a `ChatInput` for the conversation's chat session (to apply with
`ticketrelay.rules.chat_sessions.step`), or why nothing syncs. Every event it gives passes
`parse_event`, every chat input makes valid events, and it never raises.

Inbox channel types map to channels as SPEC section 12 says. Instagram DMs that come through
a Facebook page say so in the conversation's `additional_attributes.type`, and a
`Channel::TwilioSms` conversation is SMS, not WhatsApp, when its contact's `source_id` is a
phone number rather than `whatsapp:...` (`Contacts::ContactableInboxesService`). A reply mail
goes to `content_attributes.to_emails` or, without them, to the contact's e-mail
(`ConversationReplyMailer#to_emails`).
"""

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ticketrelay.rules.channels import ChatChannel, MessageChannel
from ticketrelay.rules.chat_sessions import (
    AgentMessage,
    ChatConversation,
    ConversationResolved,
    step,
)
from ticketrelay.rules.events import Operator
from ticketrelay.rules.html_text import html_to_text, looks_like_html
from ticketrelay.rules.translation import (
    Malformed,
    Payload,
    Translation,
    checked,
    shown,
    skipped,
)

# lib/webhooks/trigger.rb's callers in app/listeners/webhook_listener.rb (sources.md).
KNOWN_EVENTS = frozenset(
    {"message_created", "message_updated", "conversation_created", "conversation_updated"}
    | {"conversation_status_changed", "conversation_typing_on", "conversation_typing_off"}
    | {"contact_created", "contact_updated", "inbox_created", "inbox_updated"}
    | {"webwidget_triggered"}
)
_MESSAGE_INBOXES: dict[str, MessageChannel] = {
    "Channel::Email": "mail",
    "Channel::Sms": "sms",
    "Channel::TwilioSms (sms)": "sms",
}
_CHAT_INBOXES: dict[str, ChatChannel] = {
    "Channel::Line": "line",
    "Channel::FacebookPage": "messenger",
    "Channel::Instagram": "instagram_dm",
    "Channel::WebWidget": "chat_widget",
}
# The conversation's contact (Contact#push_event_data), whom agents write to.
_CONTACT = "conversation.meta.sender"
# Message#push_event_data sends the enum's numbers where webhook_data sends its names.
_MESSAGE_TYPES = {0: "incoming", 1: "outgoing", 2: "activity", 3: "template"}


@dataclass(frozen=True, kw_only=True)
class ChatwootSettings:
    """What translation needs of a Chatwoot source: its account and Chatwoot's own URL."""

    account: str
    base_url: str


def translate(payload: object, settings: ChatwootSettings) -> Translation:
    """What one Chatwoot webhook payload means for ticketrelay; never raises."""
    try:
        return _translate(Payload(payload), settings)
    except Malformed as exc:
        return skipped("malformed", str(exc), path=exc.path)


def _translate(p: Payload, settings: ChatwootSettings) -> Translation:
    event = p.value("event")
    if event == "message_created":
        return _message(p, settings)
    if event == "conversation_status_changed":
        return _status(p)
    if isinstance(event, str) and event in KNOWN_EVENTS:
        return skipped("not_a_message", f"{event} is not a message an agent sent", value=event)
    return skipped("unknown_event", f"{shown(event)} is not a Chatwoot event", value=shown(event))


def _message(p: Payload, settings: ChatwootSettings) -> Translation:
    kind = _message_type(p)
    if kind == "incoming":
        return skipped("incoming", "the contact sent this message; only what users send syncs")
    if kind != "outgoing":
        detail = f"a message of type {kind} is nothing an agent sent"
        return skipped("not_a_message", detail, value=kind)
    sender = p.text("sender.type")
    if sender != "user":
        who = f"a sender of type {shown(sender)}" if sender else "no user (an automation)"
        return skipped("bot_sender", f"sent by {who}, not by a user", value=shown(sender))
    if p.flag("private", default=False):
        return checked([_memo(p, settings)])
    inbox = _inbox_type(p, "conversation.")
    if inbox in _MESSAGE_INBOXES:
        return checked([_sent(p, settings, _MESSAGE_INBOXES[inbox])])
    if inbox in _CHAT_INBOXES:
        return _chat(p, settings, _CHAT_INBOXES[inbox])
    return _not_synced_inbox(inbox)


def _status(p: Payload) -> Translation:
    status = p.text("status")
    if status != "resolved":
        detail = f"the conversation is now {shown(status)}; only a resolve closes a chat session"
        return skipped("not_a_message", detail, value=shown(status))
    inbox = _inbox_type(p, "")
    if inbox in _MESSAGE_INBOXES:
        detail = f"a conversation of a {inbox} inbox was resolved; only a chat closes on it"
        return skipped("not_a_message", detail, value=inbox)
    if inbox not in _CHAT_INBOXES:
        return _not_synced_inbox(inbox)
    key = _key(p.ident("inbox_id"), p.ident("id"))
    return Translation(chat=ConversationResolved(key=key, resolved_at=p.time("updated_at")))


def _message_type(p: Payload) -> str:
    kind = p.value("message_type")
    if isinstance(kind, str) and kind in _MESSAGE_TYPES.values():
        return kind
    if isinstance(kind, int) and not isinstance(kind, bool) and kind in _MESSAGE_TYPES:
        return _MESSAGE_TYPES[kind]
    raise Malformed("$.message_type", "must be incoming, outgoing, activity or template")


def _inbox_type(p: Payload, prefix: str) -> str:
    """The inbox's channel type, told apart where one type serves two channels."""
    kind = p.text(f"{prefix}channel")
    if not kind:
        raise Malformed(f"$.{prefix}channel", "must be the inbox's type, such as Channel::Email")
    if kind == "Channel::FacebookPage":
        instagram = p.text(f"{prefix}additional_attributes.type") == "instagram_direct_message"
        return "Channel::Instagram" if instagram else kind
    if kind == "Channel::TwilioSms":
        source = p.text(f"{prefix}contact_inbox.source_id")
        medium = "whatsapp" if source.startswith("whatsapp:") else "sms" if source else "unknown"
        return f"{kind} ({medium})"
    return kind


def _not_synced_inbox(inbox: str) -> Translation:
    detail = f"the inbox is a {shown(inbox)} inbox, which is none of the twelve channels"
    return skipped("channel_not_synced", detail, value=shown(inbox))


def _sent(p: Payload, settings: ChatwootSettings, channel: MessageChannel) -> dict[str, Any]:
    data: dict[str, Any] = {
        **_about(p, settings),
        "message_id": _ref(p),
        "channel": channel,
        "subject": _subject(p) if channel == "mail" else "",
    }
    if channel == "mail":
        data["to"] = p.texts("content_attributes.to_emails") or _some(_email(p))
        data["cc"] = p.texts("content_attributes.cc_emails")
        data["bcc"] = p.texts("content_attributes.bcc_emails")
    else:
        data["phones"] = _some(_phone(p))
    return _event(p, settings, "message.sent", data)


def _memo(p: Payload, settings: ChatwootSettings) -> dict[str, Any]:
    data = {
        **_about(p, settings),
        "memo_id": _ref(p),
        "kind": "other",
        "subject": _subject(p),
        "responded_at": p.time("created_at").isoformat(),
        "contact": {"email": _email(p), "phone": _phone(p)},
    }
    return _event(p, settings, "memo.recorded", data)


def _chat(p: Payload, settings: ChatwootSettings, channel: ChatChannel) -> Translation:
    conversation = ChatConversation(
        key=_key(p.ident("conversation.inbox_id"), p.ident("conversation.id")),
        account=settings.account,
        inbox=str(p.ident("conversation.inbox_id")),
        ticket_id=str(p.ident("conversation.id")),
        channel=channel,
        url=_url(p, settings),
        contact_email=_email(p),
        contact_phone=_phone(p),
    )
    try:
        operator = Operator.model_validate(_operator(p))
    except ValidationError as exc:
        detail = f"the sender cannot be an event's operator: {exc.errors()[0]['msg']}"
        return skipped("malformed", detail)
    message = AgentMessage(
        conversation=conversation,
        message_id=p.ident("id"),
        sent_at=p.time("created_at"),
        text=_body(p),
        operator=operator,
    )
    return _checked_chat(message)


def _checked_chat(message: AgentMessage) -> Translation:
    """The chat input, once every event it can lead to is known to be valid."""
    opened = step(None, message)
    key, at = message.conversation.key, message.sent_at
    closed = step(opened.state, ConversationResolved(key=key, resolved_at=at))
    probe = checked([*opened.events, *closed.events])
    return probe if probe.not_synced else Translation(chat=message)


def _about(p: Payload, settings: ChatwootSettings) -> dict[str, Any]:
    return {
        "ticket_id": str(p.ident("conversation.id")),
        "body": _body(p),
        "url": _url(p, settings),
    }


def _event(p: Payload, settings: ChatwootSettings, kind: str, data: Any) -> dict[str, Any]:
    return {
        "id": _ref(p),
        "type": kind,
        "account": settings.account,
        "inbox": str(p.ident("conversation.inbox_id")),
        "occurred_at": p.time("created_at").isoformat(),
        "operator": _operator(p),
        "data": data,
    }


def _ref(p: Payload) -> str:
    return f"chatwoot:message:{p.ident('id')}"


def _key(inbox_id: int, display_id: int) -> str:
    # Display IDs count per account, and an inbox belongs to one account.
    return f"chatwoot:inbox:{inbox_id}:conversation:{display_id}"


def _url(p: Payload, settings: ChatwootSettings) -> str:
    account, display_id = p.ident("account.id"), p.ident("conversation.id")
    return f"{settings.base_url.rstrip('/')}/app/accounts/{account}/conversations/{display_id}"


def _operator(p: Payload) -> dict[str, str]:
    # Chatwoot keeps one `name`: it goes in whole, never split into family and given name.
    return {"email": p.text("sender.email"), "family_name": p.text("sender.name"), "given_name": ""}


def _subject(p: Payload) -> str:
    return p.text("conversation.additional_attributes.mail_subject")


def _email(p: Payload) -> str:
    return p.text(f"{_CONTACT}.email")


def _phone(p: Payload) -> str:
    return p.text(f"{_CONTACT}.phone_number")


def _some(entry: str) -> list[str]:
    return [entry] if entry else []


def _body(p: Payload) -> str:
    """The text the agent sent: `content`, else the e-mail's text or HTML part."""
    content = p.text("content")
    if content:
        return html_to_text(content) if looks_like_html(content) else content
    text = p.text("content_attributes.email.text_content.full")
    return text or html_to_text(p.text("content_attributes.email.html_content.full"))
