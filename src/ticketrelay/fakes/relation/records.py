"""What the simulator holds, and each thing in the JSON shape of Re:lation's API docs."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ticketrelay.fakes.relation.codes import AUTO_SEND_METHODS


def iso(moment: datetime) -> str:
    """A time as the docs' examples write it: UTC, whole seconds, `Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(kw_only=True)
class MessageBox:
    """A message box (受信箱); message_box_api.md."""

    message_box_id: int
    name: str
    color: str
    customer_group_id: int
    last_updated_at: datetime

    def to_json(self) -> dict[str, Any]:
        """`GET /api/v2/message_boxes`'s item."""
        return {
            "name": self.name,
            "color": self.color,
            "message_box_id": self.message_box_id,
            "last_updated_at": iso(self.last_updated_at),
            "customer_group_id": self.customer_group_id,
        }


@dataclass(frozen=True, kw_only=True)
class User:
    """A Re:lation user; user_api.md."""

    mention_name: str
    last_name: str
    first_name: str
    email: str
    status_cd: str = "available"
    department_name: str | None = None
    employee_no: str | None = None
    is_tenant_admin: bool = False
    is_otp_required: bool = False
    last_page_loaded_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """`GET /api/v2/users`'s item."""
        loaded = self.last_page_loaded_at
        return {
            "mention_name": self.mention_name,
            "status_cd": self.status_cd,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "department_name": self.department_name,
            "employee_no": self.employee_no,
            "email": self.email,
            "is_tenant_admin": self.is_tenant_admin,
            "is_otp_required": self.is_otp_required,
            "last_page_loaded_at": iso(loaded) if loaded else None,
        }


@dataclass(frozen=True, kw_only=True)
class Comment:
    """A comment on a message; ticket_api.md's `messages[].comments[]`."""

    commenter: str
    comment_type: str
    comment: str
    commented_at: datetime

    def to_json(self) -> dict[str, Any]:
        """The comment inside its message."""
        return {
            "commenter": self.commenter,
            "comment_type": self.comment_type,
            "comment": self.comment,
            "commented_at": iso(self.commented_at),
        }


@dataclass(frozen=True, kw_only=True)
class Conversation:
    """One utterance of a chat; chat_api.md's `conversations[]`."""

    conversation_id: int
    action_cd: str
    speaker_name: str
    sent_by: str | None
    sent_at: datetime
    note: str
    conversation_type: str = "text"
    file_name: str | None = None
    auto_send: bool = False

    def to_json(self, method_cd: str) -> dict[str, Any]:
        """The utterance as the chat endpoint of `method_cd` answers it."""
        shape: dict[str, Any] = {
            f"{method_cd}_conversation_id": self.conversation_id,
            "action_cd": self.action_cd,
            "speaker_name": self.speaker_name,
            "sent_by": self.sent_by,
        }
        if method_cd in AUTO_SEND_METHODS:
            shape["auto_send"] = self.auto_send
        return shape | {
            "sent_at": iso(self.sent_at),
            "conversation_type": self.conversation_type,
            "note": self.note,
            "file_name": self.file_name,
        }


@dataclass(kw_only=True)
class Message:
    """A message of a ticket: a mail, an SMS, a memo, a call memo or a chat."""

    message_id: int
    sent_at: datetime
    title: str
    body: str
    method_cd: str
    action_cd: str
    comments: list[Comment] = field(default_factory=list)
    chat_details: dict[str, str] = field(default_factory=dict)
    conversations: list[Conversation] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The message inside `GET /api/v2/{mb}/tickets/{id}`."""
        return {
            "message_id": self.message_id,
            "sent_at": iso(self.sent_at),
            "title": self.title,
            "body": self.body,
            "method_cd": self.method_cd,
            "action_cd": self.action_cd,
            "comments": [c.to_json() for c in self.comments],
        }

    def chat_json(self) -> dict[str, Any]:
        """`GET /api/v2/{mb}/tickets/{t}/messages/{m}/{method_cd}`."""
        talk = [c.to_json(self.method_cd) for c in self.conversations]
        return {**self.chat_details, "conversations": talk}


@dataclass(kw_only=True)
class Ticket:
    """A ticket of one message box, with its messages."""

    ticket_id: int
    message_box_id: int
    title: str
    status_cd: str
    assignee: str | None
    created_at: datetime
    last_updated_at: datetime
    color_cd: str | None = None
    case_category_ids: list[int] = field(default_factory=list)
    label_ids: list[int] = field(default_factory=list)
    pending_reason_id: int | None = None
    messages: list[Message] = field(default_factory=list)

    def _head(self) -> dict[str, Any]:
        return {
            "ticket_id": self.ticket_id,
            "assignee": self.assignee,
            "status_cd": self.status_cd,
            "created_at": iso(self.created_at),
            "last_updated_at": iso(self.last_updated_at),
            "title": self.title,
            "color_cd": self.color_cd,
        }

    def summary_json(self) -> dict[str, Any]:
        """The ticket as `POST /api/v2/{mb}/tickets/search` lists it."""
        return self._head() | {
            "case_category_ids": list(self.case_category_ids),
            "label_ids": list(self.label_ids),
            "pending_reason_id": self.pending_reason_id,
        }

    def detail_json(self) -> dict[str, Any]:
        """`GET /api/v2/{mb}/tickets/{id}`: the ticket with its messages, oldest first."""
        return self._head() | {"messages": [m.to_json() for m in self.messages]}
