"""Which operations create a record (SPEC section 2): a pure `step` per subject.

`step(state, event)` returns the subject's new state and one effect: an activity ready at
its due time, the cancellation of a pending activity, or nothing (with the reason why).
Events are taken in the order they are stored, except where SPEC orders them by time: an
undo counts when it happened within the send's undo window, whichever arrived first.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from ticketrelay.errors import Bug
from ticketrelay.rules import reasons
from ticketrelay.rules.events import (
    CallEnded,
    CallMemoRecorded,
    ChatEditorClosed,
    ChatEditorOpened,
    ChatMessageSent,
    Event,
    MemoRecorded,
    MessageScheduleCancelled,
    MessageSendUndone,
    MessageSent,
)
from ticketrelay.rules.reasons import Reason
from ticketrelay.rules.subjects import (
    CallState,
    ChatState,
    MemoState,
    MessageState,
    MessageStatus,
    SubjectState,
)
from ticketrelay.rules.values import (
    Activity,
    activity_id,
    call_activity,
    cap_lines,
    chat_activity,
    memo_activity,
    message_activity,
)


@dataclass(frozen=True, kw_only=True)
class ActivityReady:
    """An activity, with its values frozen, to deliver once `due_at` has come."""

    activity: Activity
    due_at: datetime


@dataclass(frozen=True, kw_only=True)
class CancelActivity:
    """The pending activity with this ID must never reach kintone."""

    activity_id: str


@dataclass(frozen=True, kw_only=True)
class Nothing:
    """The event changes no record; `reason` says why."""

    reason: Reason

    @property
    def en(self) -> str:
        """The reason in English."""
        return reasons.english(self.reason)

    @property
    def ja(self) -> str:
        """The reason in Japanese."""
        return reasons.japanese(self.reason)


Effect = ActivityReady | CancelActivity | Nothing
Step = tuple[SubjectState, Effect]
_S = TypeVar("_S", MessageState, MemoState, CallState, ChatState)


def step(state: SubjectState | None, event: Event) -> Step:
    """Apply one event to its subject's state (`None` for a subject not seen before)."""
    match event:
        case MessageSent():
            return _sent(_expect(state, MessageState), event)
        case MessageSendUndone():
            return _undone(_expect(state, MessageState), event)
        case MessageScheduleCancelled():
            return _schedule_cancelled(_expect(state, MessageState))
        case MemoRecorded():
            return _memo(_expect(state, MemoState), event)
        case CallEnded() | CallMemoRecorded():
            return _call(_expect(state, CallState), event)
        case ChatEditorOpened():
            return _opened(_expect(state, ChatState), event)
        case ChatMessageSent():
            return _chat_message(_expect(state, ChatState), event)
        case _:
            return _closed(_expect(state, ChatState), event)


def _expect(state: SubjectState | None, cls: type[_S]) -> _S:
    if state is None:
        return cls()
    if not isinstance(state, cls):
        raise Bug(f"a {cls.__name__} was expected for this event, got a {type(state).__name__}")
    return state


def _sent(state: MessageState, event: MessageSent) -> Step:
    data = event.data
    if data.broadcast:
        return state, Nothing(reason="broadcast")
    if state.status in ("sent", "scheduled"):
        return state, Nothing(reason="already_synced")
    due = max(event.occurred_at, data.undo_until or event.occurred_at)
    if state.undone_at is not None and event.occurred_at <= state.undone_at <= due:
        return state, Nothing(reason="undone")
    ordinal = state.activities + 1
    status: MessageStatus = "scheduled" if data.scheduled_for else "sent"
    new = MessageState(status=status, activities=ordinal, due_at=due, undone_at=state.undone_at)
    return new, ActivityReady(activity=message_activity(event, ordinal), due_at=due)


def _undone(state: MessageState, event: MessageSendUndone) -> Step:
    at = event.occurred_at
    if state.status == "new":
        return state.model_copy(update={"undone_at": at}), Nothing(reason="undo_before_send")
    if state.status == "undone":
        return state, Nothing(reason="already_undone")
    if state.status == "schedule_cancelled":
        return state, Nothing(reason="nothing_to_undo")
    if state.due_at is not None and at > state.due_at:
        return state, Nothing(reason="undo_window_passed")
    new = state.model_copy(update={"status": "undone", "undone_at": at})
    data = event.data
    return new, CancelActivity(
        activity_id=activity_id(event.account, "message", data.message_id, state.activities)
    )


def _schedule_cancelled(state: MessageState) -> Step:
    if state.status == "scheduled":
        cancelled = state.model_copy(update={"status": "schedule_cancelled"})
        return cancelled, Nothing(reason="schedule_cancelled")
    if state.status == "sent":
        return state, Nothing(reason="not_scheduled")
    return state, Nothing(reason="nothing_scheduled")


def _memo(state: MemoState, event: MemoRecorded) -> Step:
    if state.recorded:
        return state, Nothing(reason="memo_already_recorded")
    activity = memo_activity(event)
    return MemoState(recorded=True), ActivityReady(activity=activity, due_at=event.occurred_at)


def _call(state: CallState, event: CallEnded | CallMemoRecorded) -> Step:
    if isinstance(event, CallEnded):
        if state.ended is not None:
            return state, Nothing(reason="call_already_ended")
        new = CallState(ended=event, memo=state.memo)
    else:
        if state.memo is not None:
            return state, Nothing(reason="call_memo_already_recorded")
        new = CallState(ended=state.ended, memo=event)
    if new.ended is None:
        return new, Nothing(reason="waiting_for_call_end")
    if new.memo is None:
        return new, Nothing(reason="waiting_for_memo")
    activity = call_activity(new.ended, new.memo)
    return new, ActivityReady(activity=activity, due_at=event.occurred_at)


def _opened(state: ChatState, event: ChatEditorOpened) -> Step:
    if state.closed:
        return state, Nothing(reason="session_closed")
    if state.opened is not None:
        return state, Nothing(reason="already_opened")
    return state.model_copy(update={"opened": event}), Nothing(reason="waiting_for_close")


def _chat_message(state: ChatState, event: ChatMessageSent) -> Step:
    if state.closed:
        return state, Nothing(reason="session_closed")
    text = event.data.text
    body = cap_lines(f"{state.body}\n{text}" if state.messages else text)
    new = state.model_copy(
        update={"messages": state.messages + 1, "body": body, "sender": event.operator}
    )
    return new, Nothing(reason="waiting_for_close")


def _closed(state: ChatState, event: ChatEditorClosed) -> Step:
    if state.closed:
        return state, Nothing(reason="already_closed")
    new = state.model_copy(update={"closed": True})
    if state.opened is None:
        return new, Nothing(reason="never_opened")
    if not state.messages:
        return new, Nothing(reason="no_message_sent")
    activity = chat_activity(state.opened, state.body, state.sender, event)
    return new, ActivityReady(activity=activity, due_at=event.occurred_at)
