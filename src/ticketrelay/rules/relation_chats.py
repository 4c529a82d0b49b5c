"""Re:lation's chats as the editor sessions of SPEC section 8, one per turn of the agent.

A chat (LINE, ChatPlus, R-Messe, Yahoo!) is one message of its ticket, and its bubbles are
the `conversations` that its chat endpoint answers (`GET .../tickets/{ticket_id}/messages/
{message_id}/{line|chatplus|r_messe|yahoo}`, chat_api.md). Re:lation says nothing of a chat
editor, so a session is inferred: the agent's bubbles in a row (`action_cd` `sent` [I], not
`auto_send`) form one turn, which the customer's next bubble (`received`), a pause of
`IDLE_MINUTES` or the end of the chat (`end_conversation`) closes. Its session opens at the
turn's first bubble and closes at its last; other bubbles (automatic sends) are no one's
turn. A turn still open gives nothing yet and a time to read the chat again. IDs derive
from the message and the turn's first bubble, so a turn read twice gives the same events.
The operator of a bubble is its sender (`sent_by`) in the users list, else its speaker's
name alone; the recipients are the inquiry's e-mail for ChatPlus, R-Messe and Yahoo!, and
nobody for LINE, whose linked contacts the API does not list.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from ticketrelay.rules.channels import VISITOR_CHANNELS, ChatChannel
from ticketrelay.rules.relation_answers import Operator, operator
from ticketrelay.rules.relation_messages import Event, Ticket
from ticketrelay.rules.translation import Malformed, Payload

IDLE_MINUTES = 10
_IDLE = timedelta(minutes=IDLE_MINUTES)


@dataclass(frozen=True, kw_only=True)
class Chat:
    """The chat message of a ticket whose conversations are read."""

    ticket: Ticket
    message_id: int
    channel: ChatChannel
    subject: str
    ended: bool


@dataclass(frozen=True, kw_only=True)
class ChatEvents:
    """The sessions of a chat's finished turns, and when to read it again for an open one."""

    events: tuple[Event, ...] = ()
    recheck_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class _Bubble:
    bubble_id: int
    sent_at: datetime
    text: str
    sender: Operator
    turn: bool
    breaks: bool


def chat_events(answer: object, chat: Chat, now: datetime) -> ChatEvents:
    """The events of a chat's finished turns; `Malformed` where the answer is misshapen."""
    p = Payload(answer)
    bubbles = sorted(_bubbles(p, chat), key=lambda b: (b.sent_at, b.bubble_id))
    turns, current = _turns(bubbles)
    recheck_at = None
    if current and (chat.ended or now - current[-1].sent_at >= _IDLE):
        turns.append(current)
    elif current:
        recheck_at = _after_pause(current[-1].sent_at)
    email = p.text("email") if chat.channel in VISITOR_CHANNELS else ""
    events = [event for turn in turns for event in _session(chat, turn, email)]
    return ChatEvents(events=tuple(events), recheck_at=recheck_at)


def _after_pause(at: datetime) -> datetime | None:
    """When a turn whose last bubble came at `at` is over; None past year 9999."""
    try:
        return at + _IDLE
    except OverflowError:
        return None


def _turns(bubbles: list[_Bubble]) -> tuple[list[list[_Bubble]], list[_Bubble]]:
    """The finished turns, and the last turn, which may still go on."""
    turns: list[list[_Bubble]] = []
    current: list[_Bubble] = []
    for bubble in bubbles:
        paused = bool(current) and bubble.sent_at - current[-1].sent_at >= _IDLE
        if current and (bubble.breaks or (bubble.turn and paused)):
            turns.append(current)
            current = []
        if bubble.turn:
            current.append(bubble)
    return turns, current


def _session(chat: Chat, turn: list[_Bubble], email: str) -> list[Event]:
    ticket, first, last = chat.ticket, turn[0], turn[-1]
    session = f"{ticket.ref(chat.message_id)}:turn:{first.bubble_id}"
    opened = {
        "session_id": session,
        "ticket_id": str(ticket.ticket_id),
        "channel": chat.channel,
        "subject": chat.subject,
        "url": ticket.url,
    }
    closed = {
        "session_id": session,
        "contacts": [],
        "group_members": [],
        "visitor": {"email": email, "phone": ""},
    }
    return [
        ticket.event(
            f"{session}:opened", "chat.editor_opened", first.sent_at, first.sender, opened
        ),
        *(
            ticket.event(
                f"{session}:bubble:{bubble.bubble_id}",
                "chat.message_sent",
                bubble.sent_at,
                bubble.sender,
                {"session_id": session, "text": bubble.text},
            )
            for bubble in turn
        ),
        ticket.event(f"{session}:closed", "chat.editor_closed", last.sent_at, {}, closed),
    ]


def _bubbles(p: Payload, chat: Chat) -> list[_Bubble]:
    found = p.value("conversations")
    if found is None:
        return []
    if not isinstance(found, list) or not all(isinstance(b, dict) for b in found):
        raise Malformed("$.conversations", "must be a list of objects")
    bubbles = []
    for index, bubble in enumerate(found):
        try:
            bubbles.append(_bubble(Payload(bubble), chat, chat.ticket.users))
        except Malformed as exc:
            problem = str(exc).removeprefix(exc.path).strip()
            raise Malformed(f"$.conversations[{index}]{exc.path[1:]}", problem) from exc
    return bubbles


def _bubble(b: Payload, chat: Chat, users: Mapping[str, Operator]) -> _Bubble:
    action = b.text("action_cd")
    speaker = b.text("speaker_name")
    sender = operator(users, b.text("sent_by")) or ({"family_name": speaker} if speaker else {})
    return _Bubble(
        bubble_id=b.ident(f"{chat.channel}_conversation_id"),
        sent_at=b.time("sent_at"),
        text=b.text("note") or b.text("file_name"),
        sender=sender,
        turn=action == "sent" and not b.flag("auto_send", default=False),
        breaks=action == "received",
    )
