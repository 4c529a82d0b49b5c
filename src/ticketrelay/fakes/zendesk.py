"""Zendesk's event webhook `zen:event-type:ticket.comment_added`, built and signed as Zendesk does.

The payload's shape is that of developer.zendesk.com, "Ticket events" (sources.md, [V3]):
the envelope (`account_id`, `id` of the event, `subject` `zen:ticket:{id}`, `time` to the
nanosecond, `type`, `zendesk_event_version`), `detail` the ticket as it now is, and
`event.comment {id, body, is_public, author {id, is_staff, name}}`. IDs are strings of
digits, as Zendesk's event webhooks write them. `sign` gives the headers of "Verifying
webhook authenticity": the base64 HMAC-SHA256 of the timestamp followed by the raw body.
"""

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

COMMENT_ADDED = "zen:event-type:ticket.comment_added"
EVENT_VERSION = "2022-11-06"


@dataclass(frozen=True, kw_only=True)
class User:
    """A Zendesk user: staff (an agent) or an end user (a requester)."""

    id: int
    name: str
    staff: bool


@dataclass(frozen=True, kw_only=True)
class Ticket:
    """A ticket: `via` is the channel it came by (`email`, `web`, `sms`, `native_messaging`)."""

    account_id: int
    id: int
    subject: str
    description: str
    requester: User
    assignee: User
    via: str
    created_at: datetime
    group_id: int
    brand_id: int
    tags: tuple[str, ...] = ()


def comment_added(
    ticket: Ticket,
    author: User,
    *,
    comment_id: int,
    event_id: str,
    at: datetime,
    body: str,
    public: bool = True,
) -> dict[str, Any]:
    """A comment was added to the ticket at `at` by `author`, public or private."""
    return {
        "account_id": ticket.account_id,
        "detail": _detail(ticket, author, at),
        "event": {
            "comment": {
                "id": str(comment_id),
                "body": body,
                "is_public": public,
                "author": {"id": str(author.id), "is_staff": author.staff, "name": author.name},
            }
        },
        "id": event_id,
        "subject": f"zen:ticket:{ticket.id}",
        "time": _nanoseconds(at),
        "type": COMMENT_ADDED,
        "zendesk_event_version": EVENT_VERSION,
    }


def encode(payload: dict[str, Any]) -> bytes:
    """The body as posted: compact JSON in UTF-8."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(secret: str, body: bytes, delivery: str, at: datetime) -> dict[str, str]:
    """The headers of a delivery signed with the webhook's signing secret at `at`."""
    stamp = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = hmac.new(secret.encode("utf-8"), stamp.encode("ascii") + body, hashlib.sha256)
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Zendesk Webhook",
        "X-Zendesk-Webhook-Invocation-Id": delivery,
        "X-Zendesk-Webhook-Signature": base64.b64encode(digest.digest()).decode("ascii"),
        "X-Zendesk-Webhook-Signature-Timestamp": stamp,
    }


def _detail(ticket: Ticket, actor: User, at: datetime) -> dict[str, Any]:
    """The ticket's properties as "Ticket events" lists them, as of `at`."""
    return {
        "actor_id": str(actor.id),
        "assignee_id": str(ticket.assignee.id),
        "brand_id": str(ticket.brand_id),
        "created_at": _seconds(ticket.created_at),
        "custom_status": None,
        "description": ticket.description,
        "external_id": None,
        "form_id": None,
        "group_id": str(ticket.group_id),
        "id": str(ticket.id),
        "is_public": True,
        "organization_id": None,
        "priority": "NORMAL",
        "requester_id": str(ticket.requester.id),
        "status": "OPEN",
        "subject": ticket.subject,
        "submitter_id": str(ticket.requester.id),
        "tags": list(ticket.tags),
        "type": "QUESTION",
        "updated_at": _seconds(at),
        "via": {"channel": ticket.via},
    }


def _seconds(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _nanoseconds(at: datetime) -> str:
    utc = at.astimezone(UTC)
    return f"{utc.strftime('%Y-%m-%dT%H:%M:%S')}.{utc.microsecond:06d}000Z"
