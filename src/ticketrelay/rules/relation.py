"""Re:lation's tickets as the events of SPEC section 8 (SPEC section 12, sources.md).

Re:lation has no webhooks: a poller reads each ticket that changed (`GET /api/v2/
{message_box_id}/tickets/{ticket_id}`, ticket_api.md), the conversations of its chats
(`chat_reads`), and `ticket_events` turns its messages into events. A mail or SMS whose
`action_cd` is `sent` gives `message.sent` (`rules.relation_messages`), a response memo
(`method_cd` `record`) `memo.recorded`, a call memo (`call`) `call.ended` and
`call.memo_recorded`, and a chat (LINE, ChatPlus, R-Messe, Yahoo!) one editor session per
turn of the agent's bubbles (`rules.relation_chats`). IDs derive from the message box and
Re:lation's message and bubble IDs, so reading a ticket again never doubles a record.

Everything else gives the reason it is not synced: a received mail, a draft, approval
states, a send in progress (read again shortly: an undone send never shows as sent), a
scheduled send (synced once Re:lation has sent it, since a poller cannot see when schedule
was pressed), a send error, tweets and Twitter DMs (none of the twelve channels). What the
API does not say is approximated or left empty, never guessed silently:
`rules.relation_limits` says so value by value, for the settings page. `ticket_events`
never raises.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from ticketrelay.rules.channels import MESSAGE_CHANNELS, CallKind, ChatChannel, MessageChannel
from ticketrelay.rules.relation_answers import Operator
from ticketrelay.rules.relation_chats import Chat, chat_events
from ticketrelay.rules.relation_messages import Event, Ticket, call, memo, sent
from ticketrelay.rules.translation import (
    Malformed,
    NotSynced,
    NotSyncedCode,
    Payload,
    checked,
    shown,
)

STATUSES = ("open", "ongoing", "closed", "unwanted", "trash", "spam")
_SENDING_AGAIN = timedelta(minutes=1)
_CHATS: dict[str, ChatChannel] = {
    "line": "line",
    "chatplus": "chatplus",
    "r_messe": "r_messe",
    "yahoo": "yahoo",
}
_UNSENT = {
    "draft": "it is a draft",
    "requested": "it waits for approval",
    "approved": "it is approved and not sent yet",
    "rejected": "its approval was refused",
    "sending": "Re:lation is sending it; it is read again shortly",
    "scheduled": "its send is scheduled; it syncs once Re:lation has sent it",
    "send_error": "Re:lation could not send it",
}


@dataclass(frozen=True, kw_only=True)
class RelationSettings:
    """A Re:lation source's account and address, and the kind given to calls, whose kind
    Re:lation's API does not say (None: call memos are not synced)."""

    account: str
    base_url: str
    call_kind: CallKind | None = None


@dataclass(frozen=True, kw_only=True)
class Skipped:
    """A message that gives no event (`message_id` None: the whole ticket), and why."""

    message_id: int | None
    reason: NotSynced


@dataclass(frozen=True, kw_only=True)
class TicketEvents:
    """The events of a ticket, what gives none, and when to read it again, if ever."""

    events: tuple[Event, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    recheck_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class ChatRead:
    """A chat's conversations to read: `GET {base_url}/api/v2/{path}`."""

    message_id: int
    path: str


def ticket_events(
    ticket: object,
    *,
    message_box: int,
    settings: RelationSettings,
    users: Mapping[str, Operator],
    chats: Mapping[int, object],
    now: datetime,
) -> TicketEvents:
    """The events of one ticket, with its chats' answers by message ID; never raises."""
    try:
        about, messages = _read(ticket, message_box, settings, users)
    except Malformed as exc:
        return _skip(None, "malformed", str(exc), path=exc.path)
    parts = [_message(about, settings, index, m, chats, now) for index, m in enumerate(messages)]
    rechecks = [part.recheck_at for part in parts if part.recheck_at is not None]
    return TicketEvents(
        events=tuple(event for part in parts for event in part.events),
        skipped=tuple(skip for part in parts for skip in part.skipped),
        recheck_at=min(rechecks, default=None),
    )


def chat_reads(ticket: object, message_box: int) -> tuple[ChatRead, ...]:
    """The chat endpoints to read before `ticket_events`, one per chat message."""
    try:
        p = Payload(ticket)
        ticket_id, messages = p.ident("ticket_id"), _messages(p)
    except Malformed:
        return ()
    reads = []
    for message in messages:
        m = Payload(message)
        method, message_id = m.value("method_cd"), m.value("message_id")
        if method in _CHATS and isinstance(message_id, int) and not isinstance(message_id, bool):
            path = f"{message_box}/tickets/{ticket_id}/messages/{message_id}/{method}"
            reads.append(ChatRead(message_id=message_id, path=path))
    return tuple(reads)


def ticket_url(base_url: str, message_box: int, ticket_id: int, status: str) -> str:
    """The ticket's page in Re:lation (a form seen in users' scripts, not in Re:lation's docs)."""
    shown = status if status in STATUSES else "open"
    return f"{base_url.rstrip('/')}/tickets/#/{message_box}/tickets/{shown}/p1/{ticket_id}"


def _read(
    ticket: object, message_box: int, settings: RelationSettings, users: Mapping[str, Operator]
) -> tuple[Ticket, list[object]]:
    p = Payload(ticket)
    ticket_id = p.ident("ticket_id")
    about = Ticket(
        account=settings.account,
        message_box=message_box,
        ticket_id=ticket_id,
        url=ticket_url(settings.base_url, message_box, ticket_id, p.text("status_cd")),
        assignee=p.text("assignee"),
        users=users,
    )
    return about, _messages(p)


def _messages(p: Payload) -> list[object]:
    found = p.value("messages")
    if found is None:
        return []
    if not isinstance(found, list) or not all(isinstance(m, dict) for m in found):
        raise Malformed("$.messages", "must be a list of objects")
    return found


def _message(
    ticket: Ticket,
    settings: RelationSettings,
    index: int,
    message: object,
    chats: Mapping[int, object],
    now: datetime,
) -> TicketEvents:
    p = Payload(message)
    message_id = None
    try:
        message_id = p.ident("message_id")
        return _translate(ticket, settings, p, message_id, chats.get(message_id), now)
    except Malformed as exc:
        path = f"$.messages[{index}]{exc.path[1:]}"
        return _skip(message_id, "malformed", str(exc).replace(exc.path, path, 1), path=path)


def _translate(
    ticket: Ticket,
    settings: RelationSettings,
    p: Payload,
    message_id: int,
    chat: object,
    now: datetime,
) -> TicketEvents:
    method, action = p.text("method_cd"), p.text("action_cd")
    if method in _CHATS:
        return _chat(ticket, p, message_id, _CHATS[method], chat, now)
    if method not in (*MESSAGE_CHANNELS, "record", "call"):
        kind = "a tweet or Twitter DM" if method in ("tweet", "twitter_dm") else "unknown"
        detail = f"its channel ({shown(method)}) is {kind}: none of the twelve channels"
        return _skip(message_id, "channel_not_synced", detail, value=shown(method))
    if action == "received" and method in MESSAGE_CHANNELS:
        return _skip(message_id, "incoming", "the customer sent it; only what users send syncs")
    if action in _UNSENT:
        again = now + _SENDING_AGAIN if action == "sending" else None
        skipped = _skip(message_id, "not_a_message", _UNSENT[action], value=action)
        return TicketEvents(skipped=skipped.skipped, recheck_at=again)
    if action not in ("sent", "received"):
        detail = f"its state ({shown(action)}) is none that Re:lation documents"
        return _skip(message_id, "not_a_message", detail, value=shown(action))
    return _recorded(ticket, settings, p, message_id, method)


def _recorded(
    ticket: Ticket, settings: RelationSettings, p: Payload, message_id: int, method: str
) -> TicketEvents:
    if method == "record":
        return _checked(message_id, [memo(ticket, p)])
    if method == "call":
        if settings.call_kind is None:
            detail = (
                "Re:lation's API does not say a call's kind, which its channel name needs; "
                "call memos sync once the source's settings give calls a kind"
            )
            return _skip(message_id, "not_a_message", detail, value=method)
        return _checked(message_id, call(ticket, p, settings.call_kind))
    channel: MessageChannel = "mail" if method == "mail" else "sms"
    return _checked(message_id, [sent(ticket, p, channel)])


def _chat(
    ticket: Ticket, p: Payload, message_id: int, method: ChatChannel, answer: object, now: datetime
) -> TicketEvents:
    if answer is None:
        detail = f"its conversations were not read (GET .../messages/{message_id}/{method})"
        return _skip(message_id, "malformed", detail)
    chat = Chat(
        ticket=ticket,
        message_id=message_id,
        channel=method,
        subject=p.text("title"),
        ended=p.text("action_cd") == "end_conversation",
    )
    try:
        found = chat_events(answer, chat, now)
    except Malformed as exc:
        detail = f"its conversations are malformed: {exc}"
        return _skip(message_id, "malformed", detail, path=exc.path)
    checked_events = _checked(message_id, list(found.events))
    return TicketEvents(
        events=checked_events.events,
        skipped=checked_events.skipped,
        recheck_at=found.recheck_at,
    )


def _checked(message_id: int, events: list[Event]) -> TicketEvents:
    translation = checked(events)
    if translation.not_synced is not None:
        return TicketEvents(
            skipped=(Skipped(message_id=message_id, reason=translation.not_synced),)
        )
    return TicketEvents(events=translation.events)


def _skip(
    message_id: int | None, code: NotSyncedCode, detail: str, *, value: str = "", path: str = ""
) -> TicketEvents:
    reason = NotSynced(code=code, detail=detail, value=value, path=path)
    return TicketEvents(skipped=(Skipped(message_id=message_id, reason=reason),))
