"""Chat sessions formed from an agent's outgoing messages, for helpdesks with no editor events.

Chatwoot says nothing of a chat editor (sources.md), so SPEC section 8's editor session is
inferred per conversation: the first agent message opens one (`chat.editor_opened`, then
`chat.message_sent`), each further agent message adds a `chat.message_sent`, and the session
closes (`chat.editor_closed`) when the conversation is resolved, or once no agent message has
come for `idle_minutes`. `step` applies one input; `close_idle` is what the timer runs at the
session's due time. A session closed for idleness ends at its last agent message: that is
when the agent's work in it ended, whatever the setting.

Decisions follow the helpdesk's own times, never the clock, so an input replayed from storage
lands in the session it belongs to: a message that comes `idle_minutes` or more after the
last one first closes the old session; a message whose ID is not above the last one applied,
or a resolve from before the last message, changes nothing. Event IDs derive from the
conversation's key, the session's number and the helpdesk's message IDs, so the same input
applied to the same state gives the same events. State and inputs are frozen data that
round-trip through JSON (`ChatSession.to_json`), for the caller to keep one session per
conversation key together with its `due_at`. `idle_minutes` is the source's
`chat_idle_minutes`, 1 to 10080 (a week), else a `ValueError`; applying an input of one
conversation to the session of another is a `Bug`.
"""

from datetime import datetime, timedelta
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict

from ticketrelay.errors import Bug
from ticketrelay.rules.channels import VISITOR_CHANNELS, ChatChannel
from ticketrelay.rules.events import Operator
from ticketrelay.rules.scalars import Time

DEFAULT_IDLE_MINUTES = 10

ChatEvent = dict[str, Any]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ChatConversation(_Frozen):
    """The conversation a session belongs to, as its events describe it."""

    key: str
    account: str
    inbox: str = ""
    ticket_id: str = ""
    channel: ChatChannel
    subject: str = ""
    url: str = ""
    contact_email: str = ""
    contact_phone: str = ""


class AgentMessage(_Frozen):
    """An agent sent a message in a chat conversation."""

    kind: Literal["message"] = "message"
    conversation: ChatConversation
    message_id: int
    sent_at: Time
    text: str = ""
    operator: Operator = Operator()


class ConversationResolved(_Frozen):
    """The conversation with this key was resolved."""

    kind: Literal["resolved"] = "resolved"
    key: str
    resolved_at: Time


ChatInput = AgentMessage | ConversationResolved


class ChatSession(_Frozen):
    """The latest session of a conversation: its number, whether open, its last message."""

    conversation: ChatConversation
    number: int
    open: bool = True
    last_message_id: int
    last_message_at: Time

    @property
    def key(self) -> str:
        """The conversation's key, under which the caller keeps this session."""
        return self.conversation.key

    @property
    def session_id(self) -> str:
        """The `session_id` of this session's events."""
        return f"{self.conversation.key}:session:{self.number}"

    def to_json(self) -> str:
        """This session as JSON, for the store."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes) -> "ChatSession":
        """A session from the JSON that `to_json` wrote."""
        return cls.model_validate_json(text)


class ChatStep(NamedTuple):
    """The new state, the events it makes (as `parse_event` takes them), the next due time."""

    state: ChatSession | None
    events: tuple[ChatEvent, ...]
    due_at: datetime | None


def step(
    state: ChatSession | None, incoming: ChatInput, *, idle_minutes: int = DEFAULT_IDLE_MINUTES
) -> ChatStep:
    """Apply one input to its conversation's session (`None` for a conversation not seen yet)."""
    idle = _idle(idle_minutes)
    if state is not None:
        _same_conversation(state, incoming)
    if isinstance(incoming, ConversationResolved):
        return _resolve(state, incoming, idle)
    return _message(state, incoming, idle)


def close_idle(
    state: ChatSession | None, now: datetime, *, idle_minutes: int = DEFAULT_IDLE_MINUTES
) -> ChatStep:
    """Close the session if its last agent message is `idle_minutes` or more before `now`."""
    idle = _idle(idle_minutes)
    if state is None or not state.open:
        return ChatStep(state, (), None)
    if now - state.last_message_at < idle:
        return ChatStep(state, (), _due(state, idle))
    closed, event = _close(state, state.last_message_at)
    return ChatStep(closed, (event,), None)


def due_at(
    state: ChatSession | None, *, idle_minutes: int = DEFAULT_IDLE_MINUTES
) -> datetime | None:
    """When `close_idle` should run for this session: None when closed, or past year 9999."""
    return _due(state, _idle(idle_minutes))


def _due(state: ChatSession | None, idle: timedelta) -> datetime | None:
    if state is None or not state.open:
        return None
    try:
        return state.last_message_at + idle
    except OverflowError:
        return None


def _idle(idle_minutes: int) -> timedelta:
    if isinstance(idle_minutes, bool) or not 1 <= idle_minutes <= 7 * 24 * 60:
        raise ValueError(f"idle_minutes must be 1 to 10080 (a week), not {idle_minutes!r}")
    return timedelta(minutes=idle_minutes)


def _same_conversation(state: ChatSession, incoming: ChatInput) -> None:
    key = incoming.key if isinstance(incoming, ConversationResolved) else incoming.conversation.key
    if key != state.key:
        raise Bug(f"a chat input for conversation {key!r} was applied to {state.key!r}")


def _message(state: ChatSession | None, message: AgentMessage, idle: timedelta) -> ChatStep:
    if state is not None and message.message_id <= state.last_message_id:
        return ChatStep(state, (), _due(state, idle))
    events: list[ChatEvent] = []
    if state is not None and state.open and message.sent_at - state.last_message_at >= idle:
        state, closed = _close(state, state.last_message_at)
        events.append(closed)
    if state is None or not state.open:
        number = 1 if state is None else state.number + 1
        state = ChatSession(
            conversation=message.conversation,
            number=number,
            last_message_id=message.message_id,
            last_message_at=message.sent_at,
        )
        events.append(_opened(state, message))
    else:
        state = state.model_copy(
            update={
                "conversation": message.conversation,
                "last_message_id": message.message_id,
                "last_message_at": message.sent_at,
            }
        )
    events.append(_sent(state, message))
    return ChatStep(state, tuple(events), _due(state, idle))


def _resolve(
    state: ChatSession | None, resolved: ConversationResolved, idle: timedelta
) -> ChatStep:
    if state is None or not state.open or resolved.resolved_at < state.last_message_at:
        return ChatStep(state, (), _due(state, idle))
    went_idle = resolved.resolved_at - state.last_message_at >= idle
    closed, event = _close(state, state.last_message_at if went_idle else resolved.resolved_at)
    return ChatStep(closed, (event,), None)


def _close(state: ChatSession, at: datetime) -> tuple[ChatSession, ChatEvent]:
    conversation = state.conversation
    contact = {"email": conversation.contact_email, "phone": conversation.contact_phone}
    known = any(contact.values())
    visitor = conversation.channel in VISITOR_CHANNELS
    data = {
        "session_id": state.session_id,
        "contacts": [contact] if known and not visitor else [],
        "group_members": [],
        "visitor": contact if visitor else {"email": "", "phone": ""},
    }
    event = _envelope(state, f"{state.session_id}:closed", "chat.editor_closed", at, data)
    return state.model_copy(update={"open": False}), event


def _opened(state: ChatSession, message: AgentMessage) -> ChatEvent:
    conversation = state.conversation
    data = {
        "session_id": state.session_id,
        "ticket_id": conversation.ticket_id,
        "channel": conversation.channel,
        "subject": conversation.subject,
        "url": conversation.url,
    }
    event_id = f"{state.session_id}:opened"
    opened = _envelope(state, event_id, "chat.editor_opened", message.sent_at, data)
    return {**opened, "operator": message.operator.model_dump()}


def _sent(state: ChatSession, message: AgentMessage) -> ChatEvent:
    data = {"session_id": state.session_id, "text": message.text}
    event_id = f"{state.key}:message:{message.message_id}"
    sent = _envelope(state, event_id, "chat.message_sent", message.sent_at, data)
    return {**sent, "operator": message.operator.model_dump()}


def _envelope(
    state: ChatSession, event_id: str, kind: str, at: datetime, data: dict[str, Any]
) -> ChatEvent:
    conversation = state.conversation
    return {
        "id": event_id,
        "type": kind,
        "account": conversation.account,
        "inbox": conversation.inbox,
        "occurred_at": at.isoformat(),
        "data": data,
    }
