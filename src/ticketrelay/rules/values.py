"""The ten values of an activity plus its activity ID (SPEC section 3), frozen at trigger time.

An `Activity` also carries what an integration filters on: the account, the channel key
(SPEC section 9: the channel keys of events plus `memo` and `call`) and the inbox. Times are
aware datetimes in UTC.
"""

import hashlib
import json
import re
from collections.abc import Collection, Iterable
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ticketrelay.rules.channels import (
    CALL_NAMES,
    CHANNEL_NAMES,
    GROUP_CHANNELS,
    MEMO_NAMES,
    VISITOR_CHANNELS,
)
from ticketrelay.rules.events import (
    CallEnded,
    CallMemoRecorded,
    ChatEditorClosed,
    ChatEditorOpened,
    Contact,
    MemoRecorded,
    MessageSent,
    Operator,
)
from ticketrelay.rules.scalars import Time

SubjectKind = Literal["message", "memo", "call", "chat"]
Value = str | datetime | None

VALUE_KEYS: tuple[str, ...] = (
    "channel_name",
    "subject",
    "body",
    "url",
    "operator_email",
    "operator_name",
    "recipient_emails",
    "recipient_phones",
    "start_time",
    "end_time",
    "activity_id",
)
TIME_KEYS: frozenset[str] = frozenset({"start_time", "end_time"})
MAX_LINES = 50
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Activity(BaseModel):
    """One synced operation: its ID, what integrations filter on, and the ten values."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    activity_id: str
    account: str
    channel: str
    inbox: str = ""
    channel_name: str
    subject: str = ""
    body: str = ""
    url: str = ""
    operator_email: str = ""
    operator_name: str = ""
    recipient_emails: str = ""
    recipient_phones: str = ""
    start_time: Time | None = None
    end_time: Time | None = None

    def value(self, key: str) -> Value:
        """The value of one of `VALUE_KEYS`."""
        if key not in VALUE_KEYS:
            raise KeyError(key)
        value: Value = getattr(self, key)
        return value

    def to_json(self) -> str:
        """This activity as JSON, for the store."""
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str | bytes) -> "Activity":
        """An activity from the JSON that `to_json` wrote."""
        return cls.model_validate_json(text)


def activity_id(account: str, kind: SubjectKind, subject_id: str, ordinal: int = 1) -> str:
    """The stable ID of the `ordinal`-th activity of a subject: at most 64 ASCII characters."""
    key = json.dumps([account, kind, subject_id])
    digest = hashlib.sha256(key.encode("ascii")).hexdigest()[:32]
    return f"{kind}-{digest}-{ordinal}"


def cap_lines(text: str) -> str:
    """Line breaks as LF; more than `MAX_LINES` lines cut to the first ones, no trailing break."""
    lines = _LINE_BREAK.split(text)
    if len(lines) - (lines[-1] == "") <= MAX_LINES:
        return "\n".join(lines)
    return "\n".join(lines[:MAX_LINES])


def join_unique(entries: Iterable[str]) -> str:
    """Entries joined with an ASCII comma: no spaces, no empties, each once where first seen."""
    unique = dict.fromkeys(entry.strip() for entry in entries)
    unique.pop("", None)
    return ",".join(unique)


def operator_name(operator: Operator) -> str:
    """Family name, one ASCII space, given name; a missing part is left out with its space."""
    return " ".join(part for part in (operator.family_name, operator.given_name) if part)


def matches(activity: Activity, channels: Collection[str], inboxes: Collection[str]) -> bool:
    """Whether an integration covering these channels and inboxes (empty: all) takes it."""
    return (not channels or activity.channel in channels) and (
        not inboxes or activity.inbox in inboxes
    )


def message_activity(event: MessageSent, ordinal: int) -> Activity:
    """The activity of a sent or scheduled mail or SMS."""
    data = event.data
    mail = data.channel == "mail"
    return Activity(
        activity_id=activity_id(event.account, "message", data.message_id, ordinal),
        account=event.account,
        channel=data.channel,
        inbox=event.inbox,
        channel_name=CHANNEL_NAMES[data.channel],
        subject=data.subject,
        body=cap_lines(data.body),
        url=data.url,
        operator_email=event.operator.email,
        operator_name=operator_name(event.operator),
        recipient_emails=join_unique((*data.to, *data.cc, *data.bcc)) if mail else "",
        recipient_phones="" if mail else join_unique(data.phones),
        start_time=data.draft_saved_at or event.occurred_at,
        end_time=event.occurred_at,
    )


def memo_activity(event: MemoRecorded) -> Activity:
    """The activity of a response memo, from its first record."""
    data = event.data
    end = None
    if data.responded_at is not None and data.duration_minutes is not None:
        end = data.responded_at + timedelta(minutes=data.duration_minutes)
    return Activity(
        activity_id=activity_id(event.account, "memo", data.memo_id),
        account=event.account,
        channel="memo",
        inbox=event.inbox,
        channel_name=MEMO_NAMES[data.kind],
        subject=data.subject,
        body=cap_lines(data.body),
        url=data.url,
        operator_email=event.operator.email,
        operator_name=operator_name(event.operator),
        recipient_emails=join_unique([data.contact.email]),
        recipient_phones=join_unique([data.contact.phone]),
        start_time=data.responded_at,
        end_time=end,
    )


def call_activity(ended: CallEnded, memo: CallMemoRecorded) -> Activity:
    """The activity of a call memo, once the call has ended and its memo is recorded."""
    data = ended.data
    return Activity(
        activity_id=activity_id(ended.account, "call", data.call_id),
        account=ended.account,
        channel="call",
        inbox=ended.inbox,
        channel_name=CALL_NAMES[data.kind],
        subject=memo.data.subject,
        body=cap_lines(memo.data.body),
        url=data.url,
        operator_email=ended.operator.email,
        operator_name=operator_name(ended.operator),
        recipient_phones=join_unique([data.counterpart_phone]),
        start_time=data.started_at,
        end_time=data.ended_at,
    )


def chat_activity(
    opened: ChatEditorOpened, body: str, sender: Operator, closed: ChatEditorClosed
) -> Activity:
    """The activity of a chat editor session; `sender` is the last agent who sent in it."""
    data = opened.data
    return Activity(
        activity_id=activity_id(opened.account, "chat", data.session_id),
        account=opened.account,
        channel=data.channel,
        inbox=opened.inbox,
        channel_name=CHANNEL_NAMES[data.channel],
        subject=data.subject,
        body=cap_lines(body),
        url=data.url,
        operator_email=sender.email,
        operator_name=operator_name(sender),
        recipient_emails=join_unique(contact.email for contact in _recipients(opened, closed)),
        recipient_phones=join_unique(contact.phone for contact in _recipients(opened, closed)),
        start_time=opened.occurred_at,
        end_time=closed.occurred_at,
    )


def _recipients(opened: ChatEditorOpened, closed: ChatEditorClosed) -> tuple[Contact, ...]:
    channel = opened.data.channel
    if channel in VISITOR_CHANNELS:
        return (closed.data.visitor,)
    if channel in GROUP_CHANNELS:
        return (*closed.data.contacts, *closed.data.group_members)
    return closed.data.contacts
