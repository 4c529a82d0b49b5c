"""The events a helpdesk sends (SPEC section 8): frozen pydantic models and their parsing.

`parse_event` and `parse_batch` turn JSON-shaped input into events, or raise `EventError`
listing every problem with the event's index, the JSON path and what is wrong. Given `now`,
they also refuse times outside a `TimeWindow` around it (`check_times`); events read back
from storage are parsed without it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ticketrelay.errors import InvalidInput
from ticketrelay.rules.payloads import (
    CallEndedData,
    CallMemoData,
    ChatClosedData,
    ChatMessageData,
    ChatOpenedData,
    Contact,
    MemoRecordedData,
    MessageRef,
    MessageSentData,
    Model,
    Operator,
)
from ticketrelay.rules.scalars import DEFAULT_WINDOW, Id, Key, Time, TimeWindow

__all__ = [
    "EVENT_TYPES",
    "MAX_BATCH",
    "PLANNED_TIMES",
    "CallEnded",
    "CallEvent",
    "CallMemoRecorded",
    "ChatEditorClosed",
    "ChatEditorOpened",
    "ChatEvent",
    "ChatMessageSent",
    "Contact",
    "Event",
    "EventError",
    "EventProblem",
    "MemoRecorded",
    "MessageEvent",
    "MessageScheduleCancelled",
    "MessageSendUndone",
    "MessageSent",
    "Operator",
    "TimeWindow",
    "check_times",
    "parse_batch",
    "parse_event",
]

MAX_BATCH = 1000
MAX_PROBLEMS_PER_EVENT = 10
PLANNED_TIMES = frozenset({"undo_until", "scheduled_for", "responded_at"})


class _Event(Model):
    """The envelope that every event shares."""

    id: Id
    account: Key = ""
    inbox: Key = ""
    occurred_at: Time
    operator: Operator = Operator()


class MessageSent(_Event):
    """A mail or SMS was sent, or a scheduled send was set."""

    type: Literal["message.sent"] = "message.sent"
    data: MessageSentData


class MessageSendUndone(_Event):
    """The sending of a message was undone."""

    type: Literal["message.send_undone"] = "message.send_undone"
    data: MessageRef


class MessageScheduleCancelled(_Event):
    """The scheduled send of a message was cancelled."""

    type: Literal["message.schedule_cancelled"] = "message.schedule_cancelled"
    data: MessageRef


class MemoRecorded(_Event):
    """A response memo was recorded (or recorded again after an edit)."""

    type: Literal["memo.recorded"] = "memo.recorded"
    data: MemoRecordedData


class CallEnded(_Event):
    """A call ended; `operator` is the user who was on the call."""

    type: Literal["call.ended"] = "call.ended"
    data: CallEndedData


class CallMemoRecorded(_Event):
    """The memo of a call was recorded (or recorded again after an edit)."""

    type: Literal["call.memo_recorded"] = "call.memo_recorded"
    data: CallMemoData


class ChatEditorOpened(_Event):
    """An agent opened the chat editor: an editor session starts."""

    type: Literal["chat.editor_opened"] = "chat.editor_opened"
    data: ChatOpenedData


class ChatMessageSent(_Event):
    """An agent sent a message in the editor session; `operator` is the sender."""

    type: Literal["chat.message_sent"] = "chat.message_sent"
    data: ChatMessageData


class ChatEditorClosed(_Event):
    """The chat editor was closed: the editor session ends."""

    type: Literal["chat.editor_closed"] = "chat.editor_closed"
    data: ChatClosedData


MessageEvent = MessageSent | MessageSendUndone | MessageScheduleCancelled
CallEvent = CallEnded | CallMemoRecorded
ChatEvent = ChatEditorOpened | ChatMessageSent | ChatEditorClosed
Event = MessageEvent | MemoRecorded | CallEvent | ChatEvent

EVENT_TYPES: dict[str, type[Event]] = {
    cls.model_fields["type"].default: cls
    for cls in (
        MessageSent,
        MessageSendUndone,
        MessageScheduleCancelled,
        MemoRecorded,
        CallEnded,
        CallMemoRecorded,
        ChatEditorOpened,
        ChatMessageSent,
        ChatEditorClosed,
    )
}


@dataclass(frozen=True, kw_only=True)
class EventProblem:
    """One thing wrong with the input: which event, where in the JSON, and what."""

    index: int | None
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path} {self.message}"


class EventError(InvalidInput):
    """Events were rejected; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[EventProblem]) -> None:
        self.problems = tuple(problems)
        shown = "; ".join(str(problem) for problem in self.problems[:3])
        more = f" (and {len(self.problems) - 3} more)" if len(self.problems) > 3 else ""
        super().__init__(
            f"Invalid events, nothing was accepted: {shown}{more}. Fix them and send again."
        )


def parse_event(
    obj: object, *, now: datetime | None = None, window: TimeWindow = DEFAULT_WINDOW
) -> Event:
    """Validate one JSON-shaped event (with `now`, its times too), or raise `EventError`."""
    event = _validate(obj, 0, "$", now, window)
    if isinstance(event, list):
        raise EventError(event)
    return event


def parse_batch(
    body: object, *, now: datetime | None = None, window: TimeWindow = DEFAULT_WINDOW
) -> tuple[Event, ...]:
    """Validate one event or `{"events": [...]}` with 1 to 1,000 events, all or nothing."""
    if not (isinstance(body, dict) and "events" in body and "type" not in body):
        return (parse_event(body, now=now, window=window),)
    items = body["events"]
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_BATCH:
        message = f"must be a list of 1 to {MAX_BATCH} events"
        raise EventError([EventProblem(index=None, path="$.events", message=message)])
    events: list[Event] = []
    problems: list[EventProblem] = []
    for index, item in enumerate(items):
        result = _validate(item, index, f"$.events[{index}]", now, window)
        if isinstance(result, list):
            problems.extend(result)
        else:
            events.append(result)
    if problems:
        raise EventError(problems)
    return tuple(events)


def check_times(
    event: Event, now: datetime, window: TimeWindow, *, index: int = 0, root: str = "$"
) -> list[EventProblem]:
    """The times of `event` that lie outside `window` around `now`, each at its JSON path."""
    times = [("occurred_at", event.occurred_at)]
    times += [(f"data.{key}", value) for key, value in event.data if isinstance(value, datetime)]
    problems: list[EventProblem] = []
    for path, value in times:
        planned = path.removeprefix("data.") in PLANNED_TIMES
        message = window.problem(value, now, planned=planned)
        if message is not None:
            problems.append(EventProblem(index=index, path=f"{root}.{path}", message=message))
    return problems


def _validate(
    obj: object, index: int, root: str, now: datetime | None, window: TimeWindow
) -> Event | list[EventProblem]:
    if not isinstance(obj, dict):
        return [EventProblem(index=index, path=root, message="must be a JSON object")]
    kind = obj.get("type")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        message = "is required" if kind is None else f"must be one of {', '.join(EVENT_TYPES)}"
        return [EventProblem(index=index, path=f"{root}.type", message=message)]
    event = _model(cls, obj, index, root)
    if isinstance(event, list) or now is None:
        return event
    return check_times(event, now, window, index=index, root=root) or event


def _model(cls: type[Event], obj: object, index: int, root: str) -> Event | list[EventProblem]:
    try:
        return cls.model_validate(obj)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        return [
            EventProblem(index=index, path=_path(root, error["loc"]), message=_message(error))
            for error in errors[:MAX_PROBLEMS_PER_EVENT]
        ]


def _path(root: str, loc: tuple[int | str, ...]) -> str:
    parts = [f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc]
    return root + "".join(parts)


_MESSAGES: dict[str, str] = {
    "missing": "is required",
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "tuple_type": "must be a list",
    "model_type": "must be an object",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters long",
    "too_long": "must have at most {max_length} entries",
    "literal_error": "must be {expected}",
}


def _message(error: ErrorDetails) -> str:
    template = _MESSAGES.get(error["type"])
    if template is None:
        return error["msg"]
    return template.format(**error.get("ctx", {}))
