"""The events of one sent mail or SMS, response memo or call memo of a Re:lation ticket.

Each reads one message of `GET /api/v2/{message_box_id}/tickets/{ticket_id}` (ticket_api.md)
with the `Ticket` it belongs to, and raises `Malformed` for a value of the wrong shape. The
official docs show a message's `message_id`, `sent_at`, `title`, `body` (HTML), `method_cd`,
`action_cd` and `comments`; the recipients (`to`, `cc`, `bcc`), a memo's contact (`record`)
and its kind (`icon_cd`) are read where an answer carries them, as the unofficial client
solahsoyalp/relation_client does [V3], and are otherwise left empty (or `other`).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import getaddresses
from typing import Any

from ticketrelay.rules.channels import CallKind, MemoKind, MessageChannel
from ticketrelay.rules.html_text import html_to_text, looks_like_html
from ticketrelay.rules.relation_answers import Operator, operator
from ticketrelay.rules.translation import Malformed, Payload

Event = dict[str, Any]

# relation_client's constants.py (ICON_*), the values of `icon_cd` when a memo is made [V3].
MEMO_KINDS: dict[str, MemoKind] = {
    "received_phone": "incoming_call",
    "called_phone": "outgoing_call",
    "meeting": "meeting",
    "sales": "sales",
    "postal": "postal",
    "note": "other",
}


@dataclass(frozen=True, kw_only=True)
class Ticket:
    """What every event of one ticket shares, and who may be its operator."""

    account: str
    message_box: int
    ticket_id: int
    url: str
    assignee: str
    users: Mapping[str, Operator]

    def ref(self, message_id: int) -> str:
        """The ID of a message's subject: stable, whichever read of the ticket it comes from."""
        return f"relation:{self.message_box}:message:{message_id}"

    def event(
        self, event_id: str, kind: str, at: datetime, who: Operator, data: dict[str, Any]
    ) -> Event:
        """An event of this ticket, as `parse_event` takes it."""
        return {
            "id": event_id,
            "type": kind,
            "account": self.account,
            "inbox": str(self.message_box),
            "occurred_at": at.isoformat(),
            "operator": who,
            "data": data,
        }


def sent(ticket: Ticket, p: Payload, channel: MessageChannel) -> Event:
    """`message.sent` of a mail or SMS that Re:lation sent."""
    ref = ticket.ref(p.ident("message_id"))
    data: dict[str, Any] = {
        "message_id": ref,
        "ticket_id": str(ticket.ticket_id),
        "channel": channel,
        "subject": p.text("title") if channel == "mail" else "",
        "body": body(p),
        "url": ticket.url,
    }
    if channel == "mail":
        data |= {key: _addresses(p, key) for key in ("to", "cc", "bcc")}
    else:
        data["phones"] = [n.strip() for e in _entries(p, "to") for n in e.split(",") if n.strip()]
    return ticket.event(ref, "message.sent", p.time("sent_at"), _operator(ticket, p), data)


def memo(ticket: Ticket, p: Payload) -> Event:
    """`memo.recorded` of a response memo."""
    ref = ticket.ref(p.ident("message_id"))
    responded = p.time("operated_at" if p.value("operated_at") not in (None, "") else "sent_at")
    emails, phones = p.texts("record.customer_emails"), p.texts("record.customer_tels")
    data: dict[str, Any] = {
        "memo_id": ref,
        "ticket_id": str(ticket.ticket_id),
        "kind": MEMO_KINDS.get(p.text("icon_cd"), "other"),
        "subject": p.text("title"),
        "body": body(p),
        "url": ticket.url,
        "responded_at": responded.isoformat(),
        "duration_minutes": p.value("duration"),
        "contact": {"email": emails[0] if emails else "", "phone": phones[0] if phones else ""},
    }
    return ticket.event(ref, "memo.recorded", p.time("sent_at"), _operator(ticket, p), data)


def call(ticket: Ticket, p: Payload, kind: CallKind) -> list[Event]:
    """`call.ended` and `call.memo_recorded` of a call memo, whose kind Re:lation leaves out."""
    ref = ticket.ref(p.ident("message_id"))
    started, who = p.time("sent_at"), _operator(ticket, p)
    ended = {
        "call_id": ref,
        "ticket_id": str(ticket.ticket_id),
        "kind": kind,
        "started_at": started.isoformat(),
        "url": ticket.url,
    }
    recorded = {"call_id": ref, "subject": p.text("title"), "body": body(p)}
    return [
        ticket.event(f"{ref}:ended", "call.ended", started, who, ended),
        ticket.event(f"{ref}:memo", "call.memo_recorded", started, who, recorded),
    ]


def body(p: Payload) -> str:
    """The message's text: its HTML `body` as a person reads it."""
    text = p.text("body")
    return html_to_text(text) if looks_like_html(text) else text


def _operator(ticket: Ticket, p: Payload) -> Operator:
    """The first that the users list knows of: the memo's `operator`, who asked for the
    message's approval, the ticket's assignee."""
    for mention in (p.text("operator"), _requester(p), ticket.assignee):
        found = operator(ticket.users, mention)
        if found is not None:
            return found
    return {}


def _requester(p: Payload) -> str:
    """The commenter of the message's last approval request, if it has one."""
    comments = p.value("comments")
    if comments is None:
        return ""
    if not isinstance(comments, list) or not all(isinstance(c, dict) for c in comments):
        raise Malformed("$.comments", "must be a list of objects")
    asked = [c.get("commenter") for c in comments if c.get("comment_type") == "request"]
    return next((who for who in reversed(asked) if isinstance(who, str)), "")


def _entries(p: Payload, key: str) -> list[str]:
    """A recipient field: Re:lation's comma-separated text, or a list of such texts."""
    value = p.value(key)
    return [value] if isinstance(value, str) else p.texts(key)


def _addresses(p: Payload, key: str) -> list[str]:
    return [address for _, address in getaddresses(_entries(p, key)) if address]
