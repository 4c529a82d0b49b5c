"""Chatwoot's API, read to fill in the webhooks that Chatwoot never sent (sources.md).

Chatwoot posts each webhook once, so a message whose webhook was lost is only in its API.
`message_created` rebuilds, from a conversation of `GET .../conversations` and a message of
`GET .../conversations/{display_id}/messages`, the payload that `rules.chatwoot.translate`
reads, so that a filled message makes its webhook's events, IDs included; the sender's
e-mail, which the API leaves out, comes from the account's agents. The readers of each
answer raise `UnexpectedAnswer` for a shape that Chatwoot does not give.

`plan` decides from the cursor what a poll reads. Every message created after the last
poll's end less `OVERLAP_SECONDS`, up to `SETTLE_SECONDS` ago, is filled, and so is what a
poll that ran out of requests left `pending`; a conversation is read only if it was active
in one of these spans, and not if it was read in full and has not been active since. A
conversation's `last_activity_at` is at or after each of its messages, so the list,
most recently active first, is read down to the plan's floor at most.

A chat message filled late is applied to its session like any other, but
`rules.chat_sessions` ignores a message whose ID is not above the last one applied: a chat
message missed in the middle of a session stays missed, and only one missed after the last
message a session saw is filled. Mails, SMS and private notes are filled fully.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeGuard

from ticketrelay.errors import InvalidInput
from ticketrelay.rules.translation import Malformed, Payload

# Chatwoot's clock may run behind ours, and a message may commit after a poll has passed it.
OVERLAP_SECONDS = 120
# A message's own webhook gets this long to come first (Chatwoot sends it at once).
SETTLE_SECONDS = 60
# MessageFinder#messages_latest and #messages_before (app/finders/message_finder.rb).
MESSAGES_PER_PAGE = 20
_USER_SENT = 1  # Message.message_types[:outgoing]

Record = dict[str, Any]


class UnexpectedAnswer(InvalidInput):
    """Chatwoot's API answered with a shape that Chatwoot does not give."""


@dataclass(frozen=True, kw_only=True)
class Span:
    """Message times in Unix seconds, after `start` and up to `end`."""

    start: int
    end: int

    def holds(self, at: int) -> bool:
        """Whether a message created at `at` falls in this span."""
        return self.start < at <= self.end


@dataclass(frozen=True, kw_only=True)
class Plan:
    """What one poll fills: the recent span, one that an earlier poll left unread, and the
    page of conversations where that poll stopped."""

    recent: Span
    pending: Span | None = None
    resume: int = 1
    seen: dict[int, int] = field(default_factory=dict)

    @property
    def floor(self) -> int:
        """A conversation last active at or before this time has nothing left to fill."""
        return self.recent.start if self.pending is None else self.pending.start

    def spans(self, active_at: int) -> tuple[Span, ...]:
        """The spans a conversation last active at `active_at` may hold unread messages in."""
        # Active lately: unread in both, whatever its place when the last poll stopped.
        if active_at > self.recent.start:
            return (self.recent,) if self.pending is None else (self.pending, self.recent)
        if self.pending is not None and self.pending.holds(active_at):
            return (self.pending,)
        return ()

    def skipped(self, active_at: int) -> bool:
        """Whether the poll that left `pending` read the conversation in full already."""
        return self.pending is not None and self.pending.end < active_at <= self.recent.start

    def unchanged(self, display_id: int, active_at: int) -> bool:
        """Whether the conversation was read in full and has not been active since."""
        return self.seen.get(display_id) == active_at

    def above_pending(self, active_at: int) -> bool:
        """Whether a conversation last active at `active_at` comes before all pending ones."""
        return self.pending is None or active_at > self.pending.end

    def cursor(
        self, account_id: int, stopped: tuple[int, int] | None, read: Mapping[int, int]
    ) -> dict[str, Any]:
        """The cursor to keep: all read, or all but what is last active at or below the time
        it `stopped` at, from that page of conversations on; and those `read` in full (by
        display ID, when last active) that the next poll's overlap would read again."""
        end = self.recent.end
        seen = {
            str(k): at
            for k, at in {**self.seen, **read}.items()
            if end - OVERLAP_SECONDS < at <= end
        }
        kept: dict[str, Any] = {"account_id": account_id, "read_until": end}
        kept |= {"seen": seen} if seen else {}
        return kept if stopped is None else {**kept, "pending": [self.floor, *stopped]}


def plan(cursor: Mapping[str, Any], now: datetime) -> Plan:
    """What a poll at `now` fills after the one that kept `cursor`."""
    until = int(now.timestamp()) - SETTLE_SECONDS
    read_until = cursor.get("read_until", until)
    recent = Span(start=read_until - OVERLAP_SECONDS, end=max(until, read_until))
    seen = {int(k): at for k, at in cursor.get("seen", {}).items()}
    pending = cursor.get("pending")
    if pending is None:
        return Plan(recent=recent, seen=seen)
    start, end, page = pending
    if end >= recent.start:
        return Plan(recent=Span(start=min(start, recent.start), end=recent.end), seen=seen)
    return Plan(recent=recent, pending=Span(start=start, end=end), resume=page, seen=seen)


def unread(messages: Iterable[Record], spans: Sequence[Span]) -> list[Record]:
    """The messages created in one of the spans, oldest ID first, each once."""
    chosen = {m["id"]: m for m in messages if any(s.holds(m["created_at"]) for s in spans)}
    return [chosen[key] for key in sorted(chosen)]


def before(page: Sequence[Record], floor: int) -> int | None:
    """The message ID to read older messages before, if this page may not reach `floor`."""
    if len(page) < MESSAGES_PER_PAGE or min(m["created_at"] for m in page) <= floor:
        return None
    return int(min(m["id"] for m in page))


def active_at(conversation: Mapping[str, Any]) -> int:
    """When a conversation was last active, in Unix seconds."""
    # Older Chatwoot gives `timestamp` alone; both are `last_activity_at.to_i`.
    found = conversation.get("last_activity_at")
    return found if _whole(found) else int(conversation["timestamp"])


def sent_by_user(message: Mapping[str, Any]) -> bool:
    """Whether a message is an outgoing one that a user (an agent) sent."""
    sender = message.get("sender")
    return message.get("message_type") == _USER_SENT and _of_user(sender)


def conversation_page(answer: object) -> list[Record]:
    """The conversations of one page of `GET .../conversations`, most recently active first."""
    # app/views/api/v1/accounts/conversations/index.json.jbuilder.
    found = _records(answer, "data.payload")
    if not all(_whole(c.get("last_activity_at")) or _whole(c.get("timestamp")) for c in found):
        raise UnexpectedAnswer(_shape("$.data.payload", "conversations with last_activity_at"))
    return found


def listed_all(answer: object, listed: int) -> bool:
    """Whether `listed` conversations are all there are (`data.meta.all_count`, if given)."""
    total = Payload(answer).value("data.meta.all_count")
    return _whole(total) and listed >= total


def message_page(answer: object) -> list[Record]:
    """The messages of one page of `GET .../conversations/{display_id}/messages`."""
    # app/views/api/v1/accounts/conversations/messages/index.json.jbuilder.
    found = _records(answer, "payload")
    if not all(_whole(m.get("created_at")) for m in found):
        raise UnexpectedAnswer(_shape("$.payload", "messages with created_at"))
    return found


def profile_accounts(answer: object) -> list[int]:
    """The IDs of the accounts that the token's user belongs to (`GET /api/v1/profile`)."""
    # app/views/api/v1/models/_user.json.jbuilder.
    return [a["id"] for a in _records(answer, "accounts")]


def agent_emails(answer: object) -> dict[int, str]:
    """Each agent's e-mail by user ID (`GET .../agents`)."""
    # app/views/api/v1/accounts/agents/index.json.jbuilder renders a bare array.
    agents = _objects(answer, "$")
    return {a["id"]: a["email"] for a in agents if isinstance(a.get("email"), str)}


def message_created(
    conversation: Mapping[str, Any], message: Mapping[str, Any], emails: Mapping[int, str]
) -> Record:
    """The `message_created` webhook payload of a message, as `rules.chatwoot` reads it."""
    # Message#webhook_data (app/models/message.rb), from the API's message partial
    # (app/views/api/v1/models/_message.json.jbuilder) and conversation partial
    # (app/views/api/v1/conversations/partials/_conversation.json.jbuilder).
    meta = conversation.get("meta")
    return {
        "event": "message_created",
        "id": message.get("id"),
        "account": {"id": conversation.get("account_id")},
        "content": message.get("content"),
        "content_type": message.get("content_type"),
        "content_attributes": message.get("content_attributes") or {},
        "created_at": message.get("created_at"),
        "message_type": message.get("message_type"),
        "private": message.get("private"),
        "sender": _sender(message.get("sender"), emails),
        "inbox": {"id": conversation.get("inbox_id")},
        "conversation": {
            "id": conversation.get("id"),
            "inbox_id": conversation.get("inbox_id"),
            "channel": _field(meta, "channel"),
            "additional_attributes": conversation.get("additional_attributes"),
            "meta": {"sender": _field(meta, "sender")},
            "status": conversation.get("status"),
        },
    }


def _sender(sender: object, emails: Mapping[int, str]) -> object:
    """User#webhook_data where the API gives User#push_event_data, which has no e-mail."""
    if not _of_user(sender):
        return sender
    user = sender.get("id")
    email = emails.get(user, "") if _whole(user) else ""
    return {"id": user, "name": sender.get("name"), "email": email, "type": "user"}


def _of_user(sender: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(sender, dict) and sender.get("type") == "user"


def _field(value: object, key: str) -> object:
    return value.get(key) if isinstance(value, dict) else None


def _records(answer: object, path: str) -> list[Record]:
    """The list of objects at `path`, each with a whole-number `id`."""
    try:
        found = Payload(answer).value(path)
    except Malformed as exc:
        raise UnexpectedAnswer(_shape(f"$.{path}", "a list of objects")) from exc
    return _objects(found, f"$.{path}")


def _objects(found: object, path: str) -> list[Record]:
    if not isinstance(found, list):
        raise UnexpectedAnswer(_shape(path, "a list of objects"))
    if not all(isinstance(r, dict) and _whole(r.get("id")) for r in found):
        raise UnexpectedAnswer(_shape(path, "objects with an id"))
    return found


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _shape(path: str, wanted: str) -> str:
    return (
        f"Chatwoot's API answered without {wanted} at {path}: is the source's base_url "
        "Chatwoot's own URL? The poll is tried again later."
    )
