"""Zendesk Talk's calls as the call events of SPEC section 8 (SPEC section 12, sources.md).

`call_events` reads one call of Talk's incremental calls export (developer.zendesk.com,
"Incremental Exports"), with the users and tickets the poller read for the export's page,
and gives `call.ended` and, where the call has a ticket, `call.memo_recorded`. The call's
memo is its ticket as Talk wrote it: Talk makes a ticket for a call and writes the call's
voice comment into it (caller, time, agent, length, and any transcript; support.zendesk.com,
"About tickets created from calls"), so the memo's subject is the ticket's subject and its
body the ticket's first comment, the `description`, when Talk made the ticket
(`via.channel` is `voice`); a call placed from an older ticket leaves the body empty, since
that description is someone else's. A call with no ticket has no memo, so no record (SPEC
section 2). What the export does not say is left empty: the operator of a call no agent
took, the counterpart's number of a call whose ticket Talk did not make, the end of a call
without a duration. A call not yet finished gives nothing; the export gives it again once
Zendesk updates it. Event IDs come from the call's ID, so reading a call twice doubles
nothing. `start_time` and `read_page` are the export's cursor.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ticketrelay.rules.channels import CallKind
from ticketrelay.rules.events import EventError, parse_event
from ticketrelay.rules.translation import Malformed, Payload, shown

# [I] Zendesk's time-based exports return at most 1,000 items a page; a smaller Talk page
# only means that the rest comes with the next poll.
PAGE_SIZE = 1000
# [I] Zendesk's exports leave out the most recent minute, and refuse a start_time within it.
START_LAG_SECONDS = 60
# support.zendesk.com, "What do the statuses of Zendesk Talk mean?": on hold, the caller had
# been connected to an agent; `pending_voicemail` turns `completed` once the voicemail is done.
_CONNECTED = frozenset({"completed", "abandoned_on_hold"})
_NOT_CONNECTED = frozenset(
    {"abandoned_in_queue", "abandoned_in_ivr", "abandoned_in_voicemail", "not_answered", "failed"}
)
_UNFINISHED = frozenset({"", "pending_voicemail"})


@dataclass(frozen=True, kw_only=True)
class TalkSettings:
    """What reading calls needs of a Zendesk source: its account and Zendesk subdomain."""

    account: str
    subdomain: str


@dataclass(frozen=True, kw_only=True)
class CallEvents:
    """The events of one call, or why it gives none (yet)."""

    events: tuple[dict[str, Any], ...] = ()
    skipped: str = ""


@dataclass(frozen=True, kw_only=True)
class Page:
    """One page of the export: its calls, where the next read starts, and whether more waits."""

    calls: tuple[Mapping[str, Any], ...]
    next_start: int
    more: bool


class _NotYet(Exception):
    """The call gives no event now; the message says why."""


def call_events(
    call: object,
    users: Mapping[int, Mapping[str, Any]],
    tickets: Mapping[int, Mapping[str, Any]],
    settings: TalkSettings,
) -> CallEvents:
    """The events of one call of the export, with the users and tickets read; never raises."""
    try:
        events = _events(Payload(call), users, tickets, settings)
    except Malformed as exc:
        return CallEvents(skipped=f"a call of the export is malformed: {exc}")
    except _NotYet as exc:
        return CallEvents(skipped=str(exc))
    try:
        for event in events:
            parse_event(event)
    except EventError as exc:
        return CallEvents(skipped=f"call {events[0]['data']['call_id']} is invalid: {exc}")
    return CallEvents(events=tuple(events))


def _events(
    p: Payload,
    users: Mapping[int, Mapping[str, Any]],
    tickets: Mapping[int, Mapping[str, Any]],
    settings: TalkSettings,
) -> list[dict[str, Any]]:
    call_id = f"zendesk:call:{p.ident('id')}"
    kind = _kind(p, call_id)
    started = p.time("created_at")
    ended = None if p.value("duration") is None else _end(p, started)
    ticket_id = None if p.value("ticket_id") is None else p.ident("ticket_id")
    ticket = Payload(tickets.get(ticket_id) if ticket_id is not None else None)
    head = {"account": settings.account, "occurred_at": (ended or started).isoformat()}
    ended_event = {
        **head,
        "id": f"{call_id}:ended",
        "type": "call.ended",
        "operator": _operator(p, users),
        "data": {
            "call_id": call_id,
            "ticket_id": "" if ticket_id is None else str(ticket_id),
            "kind": kind,
            "counterpart_phone": _counterpart(ticket, kind),
            "started_at": started.isoformat(),
            "ended_at": None if ended is None else ended.isoformat(),
            "url": _url(settings, ticket_id),
        },
    }
    if ticket.value("id") is None:
        return [ended_event]
    body = ticket.text("description") if _by_talk(ticket) else ""
    memo = {"call_id": call_id, "subject": ticket.text("subject"), "body": body}
    return [
        ended_event,
        {**head, "id": f"{call_id}:memo", "type": "call.memo_recorded", "data": memo},
    ]


def _kind(p: Payload, call_id: str) -> CallKind:
    status, direction = p.text("completion_status"), p.text("direction")
    if status in _UNFINISHED:
        raise _NotYet(f"call {call_id} has not finished yet ({status or 'no status'})")
    if status not in _CONNECTED | _NOT_CONNECTED:
        raise _NotYet(f"call {call_id} has an unknown completion_status '{shown(status)}'")
    if direction not in ("inbound", "outbound"):
        raise _NotYet(f"call {call_id} has an unknown direction '{shown(direction)}'")
    if direction == "outbound":
        return "outbound_answered" if status in _CONNECTED else "outbound_unanswered"
    # A voicemail ends `completed` too, yet nobody answered it.
    if status in _CONNECTED and not p.flag("voicemail"):
        return "inbound_answered"
    if p.flag("outside_business_hours"):
        return "inbound_missed_after_hours"
    return "inbound_missed_business_hours"


def _end(p: Payload, started: datetime) -> datetime:
    value = _whole(p.value("duration"))
    if value is not None and 0 <= value < 10**7:
        try:
            return started + timedelta(seconds=value)
        except OverflowError:
            pass
    raise Malformed("$.duration", "must be a number of seconds that ends before year 10000")


def _operator(p: Payload, users: Mapping[int, Mapping[str, Any]]) -> dict[str, str]:
    if p.value("agent_id") is None:
        return {}
    agent = Payload(users.get(p.ident("agent_id")))
    # Zendesk keeps one `name`: it goes whole into the family name, never split.
    return {"email": agent.text("email"), "family_name": agent.text("name")}


def _by_talk(ticket: Payload) -> bool:
    return ticket.text("via.channel") == "voice"


def _counterpart(ticket: Payload, kind: CallKind) -> str:
    """The customer's number, from the `via` of a ticket that Talk made for the call."""
    if not _by_talk(ticket):
        return ""
    # [I] A voice ticket's `via.source` holds `from` and `to`, each with a `phone`.
    side = "to" if kind.startswith("outbound") else "from"
    return ticket.text(f"via.source.{side}.phone")


def _url(settings: TalkSettings, ticket_id: int | None) -> str:
    if ticket_id is None:
        return ""
    return f"https://{settings.subdomain}.zendesk.com/agent/tickets/{ticket_id}"


def start_time(cursor: Mapping[str, Any], since: datetime, now: datetime) -> int:
    """Where the next read starts, in Unix seconds: the cursor's, else `since`; never too recent."""
    stored = _whole(cursor.get("start_time"))
    start = int(since.timestamp()) if stored is None else stored
    return max(0, min(start, int(now.timestamp()) - START_LAG_SECONDS))


def read_page(body: object, start: int) -> Page:
    """One answer of the export read as a `Page`, or `Malformed` where it has the wrong shape."""
    p = Payload(body)
    calls = p.value("calls")
    if not isinstance(calls, list) or not all(isinstance(c, Mapping) for c in calls):
        raise Malformed("$.calls", "must be a list of objects")
    end = _whole(p.value("end_time"))
    next_start = end if end is not None and end > start else start
    finished, count = p.value("end_of_stream"), _whole(p.value("count"))
    if isinstance(finished, bool):
        more = not finished
    else:
        more = (len(calls) if count is None else count) >= PAGE_SIZE
    # A page that does not move the start on would be read again and again.
    return Page(calls=tuple(calls), next_start=next_start, more=more and next_start > start)


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
