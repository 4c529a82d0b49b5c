"""Where a Chatwoot message happens: account, inbox, contact, conversation, as webhooks show them.

The values are plain frozen data; `conversation_data` is the conversation as every webhook
carries it, Conversations::EventDataPresenter#push_data
(app/presenters/conversations/event_data_presenter.rb), with the contact from
Contact#push_event_data and the assignee from User#push_event_data (app/models/).
"""

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

EMAIL = "Channel::Email"
SMS = "Channel::Sms"
TWILIO_SMS = "Channel::TwilioSms"
LINE = "Channel::Line"
FACEBOOK = "Channel::FacebookPage"
INSTAGRAM = "Channel::Instagram"
WEB_WIDGET = "Channel::WebWidget"


@dataclass(frozen=True, kw_only=True)
class Account:
    """A Chatwoot account (`Account#webhook_data`)."""

    id: int
    name: str


@dataclass(frozen=True, kw_only=True)
class Inbox:
    """An inbox: its channel type, its address for mail, its medium for `Channel::TwilioSms`."""

    id: int
    name: str
    channel: str
    address: str = ""
    medium: str = "sms"


@dataclass(frozen=True, kw_only=True)
class Agent:
    """A Chatwoot user; Chatwoot keeps one `name`, never a family and a given name."""

    id: int
    name: str
    email: str
    avatar_url: str = ""


@dataclass(frozen=True, kw_only=True)
class Bot:
    """An agent bot (`AgentBot#webhook_data`: id, name, type agent_bot)."""

    id: int
    name: str


@dataclass(frozen=True, kw_only=True)
class Contact:
    """A customer contact, with a phone number in E.164 (`+819012345678`)."""

    id: int
    name: str
    email: str = ""
    phone_number: str = ""


@dataclass(frozen=True, kw_only=True)
class Conversation:
    """One conversation: `display_id` is the number its URL shows; `subject` a mail's subject."""

    account: Account
    inbox: Inbox
    display_id: int
    contact: Contact
    contact_inbox_id: int
    assignee: Agent | None
    created_at: datetime
    subject: str = ""
    additional_attributes: dict[str, Any] = field(default_factory=dict)


def conversation_data(conversation: Conversation, at: datetime, *, status: str) -> dict[str, Any]:
    """Conversations::EventDataPresenter#push_data, as of `at`."""
    created = int(conversation.created_at.timestamp())
    return {
        "additional_attributes": _attributes(conversation),
        "can_reply": True,
        "channel": conversation.inbox.channel,
        "contact_inbox": _contact_inbox(conversation),
        "id": conversation.display_id,
        "inbox_id": conversation.inbox.id,
        "messages": [],
        "labels": [],
        "meta": _meta(conversation),
        "status": status,
        "custom_attributes": {},
        "snoozed_until": None,
        "unread_count": 0,
        "first_reply_created_at": None,
        "priority": None,
        "waiting_since": 0,
        "agent_last_seen_at": int(at.timestamp()),
        "contact_last_seen_at": created,
        "last_activity_at": int(at.timestamp()),
        "timestamp": int(at.timestamp()),
        "created_at": created,
        "updated_at": round(at.timestamp(), 3),
    }


def _attributes(conversation: Conversation) -> dict[str, Any]:
    """The channel's attributes, with a mail conversation's subject in `mail_subject`."""
    if not conversation.subject:
        return conversation.additional_attributes
    return {**conversation.additional_attributes, "mail_subject": conversation.subject}


def _meta(conversation: Conversation) -> dict[str, Any]:
    contact, agent = conversation.contact, conversation.assignee
    return {
        # Contact#push_event_data.
        "sender": {
            "additional_attributes": {},
            "custom_attributes": {},
            "email": contact.email or None,
            "id": contact.id,
            "identifier": None,
            "name": contact.name,
            "phone_number": contact.phone_number or None,
            "thumbnail": "",
            "type": "contact",
        },
        "assignee": None if agent is None else _assignee(agent),
        "assignee_type": None if agent is None else "User",
        "team": None,
        "hmac_verified": False,
    }


def _assignee(agent: Agent) -> dict[str, Any]:
    """User#push_event_data."""
    return {
        "id": agent.id,
        "name": agent.name,
        "available_name": agent.name,
        "avatar_url": agent.avatar_url,
        "type": "user",
        "availability_status": "online",
        "thumbnail": agent.avatar_url,
    }


def _contact_inbox(conversation: Conversation) -> dict[str, Any]:
    created = rails_time(conversation.created_at)
    return {
        "id": conversation.contact_inbox_id,
        "contact_id": conversation.contact.id,
        "inbox_id": conversation.inbox.id,
        "source_id": _source_id(conversation.inbox, conversation.contact),
        "created_at": created,
        "updated_at": created,
        "hmac_verified": False,
        "pubsub_token": _digest("pubsub", conversation.contact_inbox_id)[:24],
    }


def _source_id(inbox: Inbox, contact: Contact) -> str:
    """The contact's address in the inbox's channel (ContactInbox#source_id)."""
    if inbox.channel == EMAIL:
        return contact.email
    if inbox.channel == TWILIO_SMS and inbox.medium == "whatsapp":
        return f"whatsapp:{contact.phone_number}"
    if inbox.channel in (SMS, TWILIO_SMS):
        return contact.phone_number
    if inbox.channel == LINE:
        return "U" + _digest("line", contact.id)[:32]
    if inbox.channel in (FACEBOOK, INSTAGRAM):
        return str(int(_digest(inbox.channel, contact.id), 16))[:17]
    return str(uuid.UUID(_digest("widget", contact.id)[:32]))


def _digest(*parts: object) -> str:
    return hashlib.sha256(":".join(map(str, parts)).encode("utf-8")).hexdigest()


def rails_time(at: datetime) -> str:
    """A time as Rails writes a UTC time: milliseconds and `Z`."""
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
