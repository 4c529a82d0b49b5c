"""The `data` objects of the helpdesk's events (SPEC section 8), and their common parts.

Unknown keys are ignored and `null` on an optional key counts as missing; everything else
is checked strictly (see `ticketrelay.rules.scalars`).
"""

from datetime import timedelta
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ticketrelay.rules.channels import CallKind, ChatChannel, MemoKind, MessageChannel
from ticketrelay.rules.scalars import MAX_RECIPIENTS, Body, Id, Key, Minutes, Text, Texts, Time


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _null_is_missing(cls, data: Any) -> Any:
        """Drop `null` values of optional keys so that they take their defaults."""
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {
            key: value
            for key, value in data.items()
            if value is not None or (key in fields and fields[key].is_required())
        }


class Operator(Model):
    """The helpdesk user who did the operation, as at that time."""

    email: Text = ""
    family_name: Text = ""
    given_name: Text = ""


class Contact(Model):
    """An email address and a phone number, either of which may be empty."""

    email: Text = ""
    phone: Text = ""


def _check_recipients(count: int, names: str) -> None:
    if count > MAX_RECIPIENTS:
        raise PydanticCustomError(
            "too_many_recipients",
            "has {count} recipients in {names}: at most {limit} are allowed",
            {"count": count, "names": names, "limit": MAX_RECIPIENTS},
        )


class MessageSentData(Model):
    """`message.sent`: a mail or SMS was sent, or its scheduled send was set."""

    message_id: Id
    ticket_id: Key = ""
    channel: MessageChannel
    subject: Text = ""
    body: Body = ""
    url: Text = ""
    draft_saved_at: Time | None = None
    to: Texts = ()
    cc: Texts = ()
    bcc: Texts = ()
    phones: Texts = ()
    scheduled_for: Time | None = None
    undo_until: Time | None = None
    broadcast: Annotated[bool, Field(strict=True)] = False

    @model_validator(mode="after")
    def _bounded(self) -> "MessageSentData":
        count = len(self.to) + len(self.cc) + len(self.bcc) + len(self.phones)
        _check_recipients(count, "to, cc, bcc and phones")
        return self


class MessageRef(Model):
    """`message.send_undone` and `message.schedule_cancelled`: which message."""

    message_id: Id


class MemoRecordedData(Model):
    """`memo.recorded`: a response memo was recorded."""

    memo_id: Id
    ticket_id: Key = ""
    kind: MemoKind
    subject: Text = ""
    body: Body = ""
    url: Text = ""
    responded_at: Time | None = None
    duration_minutes: Minutes | None = None
    contact: Contact = Contact()

    @model_validator(mode="after")
    def _end_in_range(self) -> "MemoRecordedData":
        if self.responded_at is not None and self.duration_minutes is not None:
            try:
                self.responded_at + timedelta(minutes=self.duration_minutes)
            except OverflowError:
                raise PydanticCustomError(
                    "time_range", "has responded_at plus duration_minutes after year 9999"
                ) from None
        return self


class CallEndedData(Model):
    """`call.ended`: a call was cut."""

    call_id: Id
    ticket_id: Key = ""
    kind: CallKind
    counterpart_phone: Text = ""
    started_at: Time | None = None
    ended_at: Time | None = None
    url: Text = ""


class CallMemoData(Model):
    """`call.memo_recorded`: the memo of a call was recorded."""

    call_id: Id
    subject: Text = ""
    body: Body = ""


class ChatOpenedData(Model):
    """`chat.editor_opened`: an agent opened the chat editor of a conversation."""

    session_id: Id
    ticket_id: Key = ""
    channel: ChatChannel
    subject: Text = ""
    url: Text = ""


class ChatMessageData(Model):
    """`chat.message_sent`: the agent sent one bubble in the editor session."""

    session_id: Id
    text: Body = ""


class ChatClosedData(Model):
    """`chat.editor_closed`: the editor was closed, with the conversation's contacts."""

    session_id: Id
    contacts: Annotated[tuple[Contact, ...], Field(max_length=MAX_RECIPIENTS)] = ()
    group_members: Annotated[tuple[Contact, ...], Field(max_length=MAX_RECIPIENTS)] = ()
    visitor: Contact = Contact()

    @model_validator(mode="after")
    def _bounded(self) -> "ChatClosedData":
        _check_recipients(
            len(self.contacts) + len(self.group_members), "contacts and group_members"
        )
        return self
