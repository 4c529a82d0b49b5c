"""Chatwoot's account webhooks, built as Chatwoot builds them, and signed as it signs them.

    message_created               Message#webhook_data (app/models/message.rb) merged with
                                  `event` by WebhookListener#message_created
                                  (app/listeners/webhook_listener.rb)
    conversation_status_changed   Conversation#webhook_data, that is
                                  Conversations::EventDataPresenter#push_data
                                  (app/presenters/conversations/event_data_presenter.rb), merged
                                  with `event` and `changed_attributes` by the same listener
    sign                          the headers of lib/webhooks/trigger.rb

The builders take the plain values of `ticketrelay.fakes.chatwoot_conversation` (re-exported
here) and give the payload as a dict; `encode` gives the bytes Chatwoot posts.
"""

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from ticketrelay.fakes.chatwoot_conversation import (
    EMAIL,
    FACEBOOK,
    INSTAGRAM,
    LINE,
    SMS,
    TWILIO_SMS,
    WEB_WIDGET,
    Account,
    Agent,
    Bot,
    Contact,
    Conversation,
    Inbox,
    conversation_data,
    rails_time,
)

__all__ = [
    "EMAIL",
    "FACEBOOK",
    "INSTAGRAM",
    "LINE",
    "SMS",
    "TWILIO_SMS",
    "WEB_WIDGET",
    "Account",
    "Agent",
    "Bot",
    "Contact",
    "Conversation",
    "Inbox",
    "agent_mail",
    "agent_message",
    "bot_message",
    "conversation_resolved",
    "encode",
    "incoming_message",
    "private_note",
    "rails_time",
    "sign",
]


def agent_mail(
    conversation: Conversation,
    agent: Agent,
    *,
    message_id: int,
    at: datetime,
    content: str,
    cc: tuple[str, ...] = (),
    bcc: tuple[str, ...] = (),
) -> dict[str, Any]:
    """An agent's reply in an e-mail inbox, to the contact, with cc and bcc."""
    # Messages::MessageBuilder keeps the reply's recipients in content_attributes.
    recipients = {
        "to_emails": [conversation.contact.email],
        "cc_emails": list(cc),
        "bcc_emails": list(bcc),
    }
    return _message(
        conversation, message_id, at, content, "outgoing", _user(agent), attributes=recipients
    )


def agent_message(
    conversation: Conversation, agent: Agent, *, message_id: int, at: datetime, content: str
) -> dict[str, Any]:
    """An agent's outgoing message in an SMS or chat inbox."""
    return _message(conversation, message_id, at, content, "outgoing", _user(agent))


def private_note(
    conversation: Conversation, agent: Agent, *, message_id: int, at: datetime, content: str
) -> dict[str, Any]:
    """A private note an agent wrote on the conversation."""
    return _message(conversation, message_id, at, content, "outgoing", _user(agent), private=True)


def bot_message(
    conversation: Conversation, bot: Bot, *, message_id: int, at: datetime, content: str
) -> dict[str, Any]:
    """An agent bot's outgoing message."""
    sender = {"id": bot.id, "name": bot.name, "type": "agent_bot"}
    return _message(conversation, message_id, at, content, "outgoing", sender)


def incoming_message(
    conversation: Conversation, *, message_id: int, at: datetime, content: str
) -> dict[str, Any]:
    """What the contact wrote; in an e-mail inbox, an incoming mail."""
    contact = conversation.contact
    # Contact#webhook_data.
    sender = {"id": contact.id, "name": contact.name, "avatar": "", "type": "contact"}
    if conversation.inbox.channel != EMAIL:
        return _message(conversation, message_id, at, content, "incoming", sender)
    mail = {"email": _incoming_mail(conversation, message_id, at, content)}
    return _message(
        conversation,
        message_id,
        at,
        content,
        "incoming",
        sender,
        content_type="incoming_email",
        attributes=mail,
    )


def conversation_resolved(conversation: Conversation, *, at: datetime) -> dict[str, Any]:
    """The conversation was marked resolved."""
    change = {"status": {"previous_value": "open", "current_value": "resolved"}}
    return {
        **conversation_data(conversation, at, status="resolved"),
        "event": "conversation_status_changed",
        "changed_attributes": [change],
    }


def encode(payload: dict[str, Any]) -> bytes:
    """The body as Rails' `to_json` writes it: compact UTF-8, with `<`, `>`, `&` escaped."""
    # ActiveSupport::JSON escapes HTML entities by default (escape_html_entities_in_json);
    # these three characters only ever occur inside JSON strings, so replacing them is safe.
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.encode("utf-8")


def sign(secret: str, body: bytes, delivery: str, at: datetime) -> dict[str, str]:
    """The headers of a delivery signed with the webhook's secret at `at`."""
    stamp = str(int(at.timestamp()))
    digest = hmac.new(secret.encode("utf-8"), stamp.encode("ascii") + b"." + body, hashlib.sha256)
    return {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-Chatwoot-Signature": f"sha256={digest.hexdigest()}",
        "X-Chatwoot-Timestamp": stamp,
        "X-Chatwoot-Delivery": delivery,
    }


def _message(
    conversation: Conversation,
    message_id: int,
    at: datetime,
    content: str,
    message_type: str,
    sender: dict[str, Any],
    *,
    private: bool = False,
    content_type: str = "text",
    attributes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "account": {"id": conversation.account.id, "name": conversation.account.name},
        "additional_attributes": {},
        "content_attributes": attributes or {},
        "content_type": content_type,
        "content": content,
        "conversation": conversation_data(conversation, at, status="open"),
        "created_at": rails_time(at),
        "id": message_id,
        "inbox": {"id": conversation.inbox.id, "name": conversation.inbox.name},
        "message_type": message_type,
        "private": private,
        "sender": sender,
        "source_id": None,
        "event": "message_created",
    }


def _user(agent: Agent) -> dict[str, Any]:
    """User#webhook_data."""
    return {"id": agent.id, "name": agent.name, "email": agent.email, "type": "user"}


def _incoming_mail(
    conversation: Conversation, message_id: int, at: datetime, text: str
) -> dict[str, Any]:
    """MailPresenter#serialized_data (app/presenters/mail_presenter.rb) of a plain mail."""
    text_content = {"full": text, "reply": text, "quoted": text}
    return {
        "bcc": None,
        "cc": None,
        "content_type": "text/plain; charset=UTF-8",
        "date": at.isoformat(),
        "from": [conversation.contact.email],
        "html_content": {},
        "in_reply_to": None,
        "message_id": f"{hashlib.sha256(str(message_id).encode()).hexdigest()[:20]}@mail.example",
        "multipart": False,
        "number_of_attachments": 0,
        "subject": conversation.subject,
        "text_content": text_content,
        "to": [conversation.inbox.address],
    }
