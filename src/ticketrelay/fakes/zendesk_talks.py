"""The tickets of the fake Zendesk traffic, each planned on a `Stream` as it unfolds.

Every ticket starts with the requester's first comment (its description). A mail ticket (by
e-mail or the web form) gets the agent's public reply, now and then a private comment and
the requester's thanks; an SMS ticket (Zendesk Text) the agent's text; a messaging ticket
one or two replies in the conversation, which never sync: a messaging reply is no mail.
"""

import hashlib
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ticketrelay.demo.people import AGENTS
from ticketrelay.fakes import zendesk
from ticketrelay.fakes.cases import THANKS, Case, full_name
from ticketrelay.fakes.stream import INCOMING, MAIL, MEMO, MESSAGING, SMS, Stream
from ticketrelay.fakes.zendesk import Ticket, User

ACCOUNT_ID = 24680135
GROUP_ID = 360005551234
BRAND_ID = 360001234567
# Zendesk user IDs are 13-digit numbers; agents keep theirs, requesters come after.
AGENT_IDS = 8447388090000
REQUESTER_IDS = 8447388100000
VIAS: tuple[tuple[str, int], ...] = (
    ("email", 45),
    ("web", 20),
    ("sms", 15),
    ("native_messaging", 20),
)
SECONDS_PER_TICKET = 10.0
MAX_WINDOW = 180.0


class _Talk:
    """One ticket being planned: the stream, the ticket, its agent and case."""

    def __init__(self, stream: Stream, ticket: Ticket, case: Case) -> None:
        self.stream, self.rng = stream, stream.rng
        self.ticket, self.case = ticket, case

    def comment(self, offset: float, kind: str, author: User, body: str, public: bool) -> None:
        """Plan a comment on this ticket, numbered and timed by the stream."""
        ticket = self.ticket

        def build(ident: int, at: datetime) -> dict[str, Any]:
            event_id = _event_id(ident)
            return zendesk.comment_added(
                ticket, author, comment_id=ident, event_id=event_id, at=at, body=body, public=public
            )

        self.stream.add(offset, kind, build)

    def agent(self, offset: float, kind: str, body: str, *, public: bool = True) -> None:
        """Plan the agent's comment."""
        self.comment(offset, kind, self.ticket.assignee, body, public)

    def requester(self, offset: float, body: str) -> None:
        """Plan the requester's comment."""
        self.comment(offset, INCOMING, self.ticket.requester, body, True)


def plan(stream: Stream, cases: list[Case]) -> None:
    """Plan one ticket per case, created at random times in a window."""
    rng = stream.rng
    window = min(MAX_WINDOW, SECONDS_PER_TICKET * len(cases))
    starts = sorted(rng.uniform(0, window) for _ in cases)
    ticket_id = rng.randint(3000, 9000)
    vias, weights = zip(*VIAS, strict=True)
    for number, (start, case) in enumerate(zip(starts, cases, strict=True)):
        ticket_id += 1 + rng.randrange(3)
        via = rng.choices(vias, weights)[0]
        ticket = _ticket(stream, ticket_id, REQUESTER_IDS + number, case, via, start)
        talk = _Talk(stream, ticket, case)
        talk.requester(start, case.question)
        _SCENES[via](talk, start + rng.uniform(30, 120))


def _mail(talk: _Talk, t: float) -> None:
    rng = talk.rng
    if rng.random() < 0.2:
        talk.agent(t, MEMO, talk.case.memo(rng), public=False)
        t += rng.uniform(5, 30)
    talk.agent(t, MAIL, talk.case.mail())
    if rng.random() < 0.2:
        t += rng.uniform(5, 30)
        talk.agent(t, MEMO, talk.case.memo(rng), public=False)
    if rng.random() < 0.3:
        talk.requester(t + rng.uniform(30, 90), rng.choice(THANKS))


def _sms(talk: _Talk, t: float) -> None:
    talk.agent(t, SMS, talk.case.sms())


def _messaging(talk: _Talk, t: float) -> None:
    rng = talk.rng
    for bubble in talk.case.bubbles()[: rng.randint(1, 2)]:
        talk.agent(t, MESSAGING, bubble)
        t += rng.uniform(5, 30)
    if rng.random() < 0.5:
        talk.requester(t, rng.choice(THANKS))


_SCENES: dict[str, Callable[[_Talk, float], None]] = {
    "email": _mail,
    "web": _mail,
    "sms": _sms,
    "native_messaging": _messaging,
}


def _ticket(
    stream: Stream, ticket_id: int, requester_id: int, case: Case, via: str, start: float
) -> Ticket:
    requester = User(id=requester_id, name=full_name(case.customer), staff=False)
    agent = User(
        id=AGENT_IDS + AGENTS.index(case.agent) + 1, name=full_name(case.agent), staff=True
    )
    # [I] Zendesk titles a messaging ticket after the person it is with.
    subject = case.subject if via != "native_messaging" else f"Conversation with {requester.name}"
    return Ticket(
        account_id=ACCOUNT_ID,
        id=ticket_id,
        subject=subject,
        description=case.question,
        requester=requester,
        assignee=agent,
        via=via,
        created_at=stream.at(start),
        group_id=GROUP_ID,
        brand_id=BRAND_ID,
        tags=(case.topic.inbox,),
    )


def _event_id(comment_id: int) -> str:
    digest = hashlib.sha256(f"zendesk-event:{comment_id}".encode()).hexdigest()
    return str(uuid.UUID(hex=digest[:32], version=4))
