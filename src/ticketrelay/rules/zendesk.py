"""Zendesk's event webhooks as the events of SPEC section 8 (SPEC section 12, sources.md).

`translate` reads one `zen:event-type:ticket.comment_added` payload (`detail` is the ticket,
`event.comment` the comment; developer.zendesk.com, "Ticket events") and gives a
`Translation`: a public comment by staff is a sent message (`mail`, or `sms` for a ticket
that came by SMS), a private comment by staff a response memo `other`. What the payload does
not say (the author's e-mail, the recipients, the contact) is left empty, never guessed.
Every event it gives passes `parse_event`, and it never raises.
"""

from dataclasses import dataclass
from typing import Any

from ticketrelay.rules.html_text import html_to_text
from ticketrelay.rules.translation import (
    Malformed,
    NotSyncedCode,
    Payload,
    Translation,
    checked,
    shown,
    skipped,
)

COMMENT_ADDED = "zen:event-type:ticket.comment_added"
# [I] `via.channel` names of Zendesk's messaging channels: a reply there is no mail.
_MESSAGING = frozenset(
    {"chat", "native_messaging", "messaging", "any_channel", "whatsapp", "line", "facebook"}
    | {"instagram_dm", "twitter", "wechat", "telegram", "viber"}
)


@dataclass(frozen=True, kw_only=True)
class ZendeskSettings:
    """What translation needs of a Zendesk source: its account and Zendesk subdomain."""

    account: str
    subdomain: str


def translate(payload: object, settings: ZendeskSettings) -> Translation:
    """What one Zendesk webhook payload means for ticketrelay; never raises."""
    try:
        return _translate(Payload(payload), settings)
    except Malformed as exc:
        return skipped("malformed", str(exc), path=exc.path)


def _translate(p: Payload, settings: ZendeskSettings) -> Translation:
    kind = p.value("type")
    if kind != COMMENT_ADDED:
        known = isinstance(kind, str) and kind.startswith("zen:event-type:")
        code: NotSyncedCode = "not_a_message" if known else "unknown_event"
        return skipped(code, f"{shown(kind)} is not a comment on a ticket", value=shown(kind))
    if not p.flag("event.comment.author.is_staff"):
        return skipped("incoming", "the requester or another non-staff user wrote this comment")
    if not p.flag("event.comment.is_public"):
        memo = {"memo_id": _comment_id(p), "kind": "other", "responded_at": _time(p)}
        return checked([_event(p, settings, "memo.recorded", memo)])
    via = p.text("detail.via.channel").lower()
    if via in _MESSAGING:
        detail = f"a reply in a {shown(via)} conversation is no mail; those are not synced"
        return skipped("channel_not_synced", detail, value=shown(via))
    sent = {"message_id": _comment_id(p), "channel": "sms" if via == "sms" else "mail"}
    return checked([_event(p, settings, "message.sent", sent)])


def _time(p: Payload) -> str:
    return p.time("time").isoformat()


def _comment_id(p: Payload) -> str:
    return f"zendesk:comment:{p.ident('event.comment.id')}"


def _event(
    p: Payload, settings: ZendeskSettings, kind: str, data: dict[str, Any]
) -> dict[str, Any]:
    ticket = p.ident("detail.id")
    # [I] `body` is the comment as plain text; `html_body` is read only where it is missing.
    body = p.text("event.comment.body") or html_to_text(p.text("event.comment.html_body"))
    return {
        "id": _comment_id(p),
        "type": kind,
        "account": settings.account,
        "occurred_at": _time(p),
        "operator": {"email": "", "family_name": p.text("event.comment.author.name")},
        "data": {
            **data,
            "ticket_id": str(ticket),
            "subject": p.text("detail.subject"),
            "body": body,
            "url": f"https://{settings.subdomain}.zendesk.com/agent/tickets/{ticket}",
        },
    }
