"""Everything the simulator holds, and the methods that add to it while it runs, under `lock`."""

import itertools
import secrets
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, Final

from ticketrelay.fakes.relation.codes import (
    ACTION_CDS,
    BOX_COLORS,
    CHAT_DETAILS,
    CHAT_METHODS,
    COMMENT_TYPES,
    METHOD_CDS,
    STATUS_CDS,
)
from ticketrelay.fakes.relation.faults import FaultBook
from ticketrelay.fakes.relation.limits import DEFAULT_LIMIT, Busiest, RateLimiter
from ticketrelay.fakes.relation.records import (
    Comment,
    Conversation,
    Message,
    MessageBox,
    Ticket,
    User,
)

Clock = Callable[[], datetime]
DEMO_TOKEN: Final = "relation-sim-demo-token"  # noqa: S105 (a simulator's public demo token)
TICKET_FIELDS: Final = frozenset(
    {"title", "status_cd", "assignee", "color_cd", "label_ids", "case_category_ids"}
    | {"pending_reason_id"}
)


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


class Missing(LookupError):
    """No message box, ticket or message has that id; the message says which."""


def _check(value: str, allowed: Iterable[str], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {list(allowed)}, not {value!r}")
    return value


class RelationState:
    """Message boxes, users, tickets, tokens, the rate limiter and the faults of one tenant."""

    def __init__(
        self,
        *,
        clock: Clock = utc_now,
        token: str | None = DEMO_TOKEN,
        rate_limit: int = DEFAULT_LIMIT,
    ) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.limiter = RateLimiter(rate_limit)
        self.faults = FaultBook()
        self.tokens: dict[str, str] = {}
        self.issued: dict[str, str] = {}
        self._names = itertools.count(1)
        self.reset()
        if token is not None:
            self.issue_token(token, name="demo")

    def reset(self) -> None:
        """Forget every box, user, ticket, fault and count; tokens stay valid."""
        with self.lock:
            self.boxes: dict[int, MessageBox] = {}
            self.users: list[User] = []
            self.tickets: dict[int, Ticket] = {}
            self.messages: dict[int, tuple[Ticket, Message]] = {}
            self._ids = {kind: itertools.count(1) for kind in ("box", "ticket", "message", "talk")}
            self.faults.remove()
            self.limiter.clear()

    def issue_token(self, value: str | None = None, *, name: str | None = None) -> str:
        """A new valid API token (random unless given); `name` labels it in the counters."""
        token = value or secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = self.issued[token] = name or f"token-{next(self._names)}"
        return token

    def revoke_token(self, token: str) -> bool:
        """Make a token answer 401 from now on; whether it was valid."""
        with self.lock:
            return self.tokens.pop(token, None) is not None

    def busiest(self, token: str | None = None) -> Busiest | None:
        """The busiest minute of a token (revoked ones too), or of all tokens together."""
        with self.lock:
            name = None if token is None else self.issued.get(token, token)
            return self.limiter.busiest(name)

    def add_message_box(
        self, name: str, *, color: str = "blue", customer_group_id: int | None = None
    ) -> MessageBox:
        """A new message box (受信箱)."""
        _check(color, BOX_COLORS, "color")
        with self.lock:
            box_id = next(self._ids["box"])
            box = MessageBox(
                message_box_id=box_id,
                name=name,
                color=color,
                customer_group_id=customer_group_id or box_id,
                last_updated_at=self.clock(),
            )
            self.boxes[box_id] = box
            return box

    def add_user(
        self, mention_name: str, last_name: str, first_name: str, email: str, **extra: Any
    ) -> User:
        """A new user; `extra` sets user_api.md's other fields (status_cd, department_name, …)."""
        user = User(
            mention_name=mention_name,
            last_name=last_name,
            first_name=first_name,
            email=email,
            **extra,
        )
        with self.lock:
            self.users.append(user)
        return user

    def add_ticket(
        self, message_box_id: int, title: str, *, at: datetime | None = None, **fields: Any
    ) -> Ticket:
        """A new ticket, created `at` (default now); `fields` as `update_ticket` takes them."""
        with self.lock:
            box = self.find_box(message_box_id)
            moment = at or self.clock()
            ticket = Ticket(
                ticket_id=next(self._ids["ticket"]),
                message_box_id=message_box_id,
                title=title,
                status_cd="open",
                assignee=None,
                created_at=moment,
                last_updated_at=moment,
            )
            self.tickets[ticket.ticket_id] = ticket
            self._change(ticket, fields)
            box.last_updated_at = max(box.last_updated_at, moment)
            return ticket

    def update_ticket(self, ticket_id: int, *, at: datetime | None = None, **fields: Any) -> Ticket:
        """Change a ticket's fields (those of `TICKET_FIELDS`), as of `at`."""
        with self.lock:
            ticket = self.find_ticket(ticket_id)
            self._change(ticket, fields)
            self._touch(ticket, at or self.clock())
            return ticket

    def add_message(
        self,
        ticket_id: int,
        *,
        method_cd: str,
        action_cd: str,
        title: str,
        body: str,
        at: datetime | None = None,
        sent_at: datetime | None = None,
        chat_details: dict[str, str] | None = None,
    ) -> Message:
        """A new message (body: HTML) added `at`; `sent_at` differs for scheduled mail."""
        _check(method_cd, METHOD_CDS, "method_cd")
        _check(action_cd, ACTION_CDS, "action_cd")
        with self.lock:
            ticket = self.find_ticket(ticket_id)
            moment = at or self.clock()
            details = CHAT_DETAILS.get(method_cd, {}) if chat_details is None else chat_details
            message = Message(
                message_id=next(self._ids["message"]),
                sent_at=sent_at or moment,
                title=title,
                body=body,
                method_cd=method_cd,
                action_cd=action_cd,
                chat_details=dict(details) if method_cd in CHAT_METHODS else {},
            )
            ticket.messages.append(message)
            self.messages[message.message_id] = (ticket, message)
            self._touch(ticket, moment)
            return message

    def add_comment(
        self,
        message_id: int,
        comment: str,
        *,
        commenter: str,
        comment_type: str = "comment",
        at: datetime | None = None,
    ) -> Comment:
        """A comment on a message, by the mention name `commenter`."""
        _check(comment_type, COMMENT_TYPES, "comment_type")
        with self.lock:
            ticket, message = self.find_message(message_id)
            moment = at or self.clock()
            made = Comment(
                commenter=commenter, comment_type=comment_type, comment=comment, commented_at=moment
            )
            message.comments.append(made)
            self._touch(ticket, moment)
            return made

    def add_conversation(
        self, message_id: int, note: str, *, at: datetime | None = None, **fields: Any
    ) -> Conversation:
        """An utterance in a chat message; `fields`: action_cd, speaker_name, sent_by, …."""
        with self.lock:
            ticket, message = self.find_message(message_id)
            if message.method_cd not in CHAT_METHODS:
                raise ValueError(f"message {message_id} is {message.method_cd}, not a chat")
            moment = at or self.clock()
            values = {"action_cd": "received", "speaker_name": "", "sent_by": None} | fields
            _check(values["action_cd"], ("received", "sent"), "a conversation's action_cd")
            talk = Conversation(
                conversation_id=next(self._ids["talk"]), note=note, sent_at=moment, **values
            )
            message.conversations.append(talk)
            self._touch(ticket, moment)
            return talk

    def find_box(self, message_box_id: int) -> MessageBox:
        """A message box, or Missing."""
        box = self.boxes.get(message_box_id)
        if box is None:
            raise Missing(f"message box {message_box_id} does not exist")
        return box

    def find_ticket(self, ticket_id: int, message_box_id: int | None = None) -> Ticket:
        """A ticket (of that message box, if given), or Missing."""
        ticket = self.tickets.get(ticket_id)
        if ticket is None or message_box_id not in (None, ticket.message_box_id):
            raise Missing(f"ticket {ticket_id} does not exist")
        return ticket

    def find_message(self, message_id: int) -> tuple[Ticket, Message]:
        """A message and its ticket, or Missing."""
        found = self.messages.get(message_id)
        if found is None:
            raise Missing(f"message {message_id} does not exist")
        return found

    def _change(self, ticket: Ticket, fields: dict[str, Any]) -> None:
        unknown = set(fields) - TICKET_FIELDS
        if unknown:
            raise ValueError(f"unknown ticket fields {sorted(unknown)}")
        _check(fields.get("status_cd", ticket.status_cd), STATUS_CDS, "status_cd")
        for name, value in fields.items():
            listed = name in ("label_ids", "case_category_ids")
            setattr(ticket, name, [int(i) for i in value] if listed else value)

    def _touch(self, ticket: Ticket, moment: datetime) -> None:
        ticket.last_updated_at = max(ticket.last_updated_at, moment)
        box = self.boxes[ticket.message_box_id]
        box.last_updated_at = max(box.last_updated_at, moment)
