"""What the trigger stage remembers per subject (a message, memo, call or chat session).

The state is plain data: `dump_state` and `load_state` turn it into JSON and back exactly,
so that the store can keep one row per `SubjectKey`.
"""

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ticketrelay.rules.events import (
    CallEnded,
    CallMemoRecorded,
    ChatEditorOpened,
    Event,
    MemoRecorded,
    MessageScheduleCancelled,
    MessageSendUndone,
    MessageSent,
    Operator,
)
from ticketrelay.rules.scalars import Time
from ticketrelay.rules.values import SubjectKind

MessageStatus = Literal["new", "sent", "scheduled", "undone", "schedule_cancelled"]


class _State(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MessageState(_State):
    """A mail or SMS: its latest activity and the latest undo."""

    kind: Literal["message"] = "message"
    status: MessageStatus = "new"
    activities: int = 0
    due_at: Time | None = None
    undone_at: Time | None = None


class MemoState(_State):
    """A response memo: whether its first record has arrived."""

    kind: Literal["memo"] = "memo"
    recorded: bool = False


class CallState(_State):
    """A call: its end and its memo, whichever have arrived."""

    kind: Literal["call"] = "call"
    ended: CallEnded | None = None
    memo: CallMemoRecorded | None = None


class ChatState(_State):
    """A chat editor session: its opening, the agent's messages so far, and whether closed."""

    kind: Literal["chat"] = "chat"
    opened: ChatEditorOpened | None = None
    messages: int = 0
    body: str = ""
    sender: Operator = Operator()
    closed: bool = False


SubjectState = MessageState | MemoState | CallState | ChatState
_STATE: TypeAdapter[SubjectState] = TypeAdapter(
    Annotated[SubjectState, Field(discriminator="kind")]
)


def dump_state(state: SubjectState) -> str:
    """The state as JSON, for the store."""
    return _STATE.dump_json(state).decode()


def load_state(text: str | bytes) -> SubjectState:
    """A state from the JSON that `dump_state` wrote."""
    return _STATE.validate_json(text)


@dataclass(frozen=True, kw_only=True)
class SubjectKey:
    """Which subject an event belongs to: the store keeps one state per key."""

    account: str
    kind: SubjectKind
    id: str

    @property
    def text(self) -> str:
        """The key as the store writes it within its account: `kind:id`."""
        return f"{self.kind}:{self.id}"


def subject_key(event: Event) -> SubjectKey:
    """The subject of an event."""
    kind: SubjectKind
    match event:
        case MessageSent() | MessageSendUndone() | MessageScheduleCancelled():
            kind, subject_id = "message", event.data.message_id
        case MemoRecorded():
            kind, subject_id = "memo", event.data.memo_id
        case CallEnded() | CallMemoRecorded():
            kind, subject_id = "call", event.data.call_id
        case _:
            kind, subject_id = "chat", event.data.session_id
    return SubjectKey(account=event.account, kind=kind, id=subject_id)
