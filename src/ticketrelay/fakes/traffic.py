"""Deterministic streams of realistic Chatwoot and Zendesk webhook deliveries.

`chatwoot_traffic` and `zendesk_traffic` give, for a seed, the deliveries of N conversations
(tickets) in the order the helpdesk sends them: conversations interleave, message (comment)
IDs and times rise, chats end with a resolve, and the stream holds what must not sync too
(customers' messages, bots, resolves of mail, messaging replies). Each `Delivery` says its
kind (`stream.SYNCING` kinds are stored as events at once, `stream.CHATTING` ones form chat
sessions, `stream.NOT_SYNCING` ones are kept as not synced), its body and its delivery ID.

The stream lies within `SPAN` before `until`, so that sent right away every time in it is
past (ticketrelay delivers an activity at its time, never before), and each chat's messages
are minutes apart at most, below a Chatwoot source's `chat_idle_minutes` (default 10).
"""

import random
import uuid
from datetime import datetime, timedelta
from typing import Literal

from ticketrelay.fakes import chatwoot, chatwoot_talks, zendesk, zendesk_talks
from ticketrelay.fakes.cases import cases
from ticketrelay.fakes.stream import Delivery, Stream

Helpdesk = Literal["chatwoot", "zendesk"]
HELPDESKS: tuple[Helpdesk, ...] = ("chatwoot", "zendesk")
SPAN = timedelta(minutes=9)
# Chatwoot's FRONTEND_URL in development.
DEFAULT_BASE_URL = "http://localhost:3000"


def chatwoot_traffic(
    *, seed: int, conversations: int, until: datetime, base_url: str = DEFAULT_BASE_URL
) -> list[Delivery]:
    """The account webhooks of `conversations` Chatwoot conversations, ending by `until`."""
    rng, stream = _stream(seed, conversations, until)
    chatwoot_talks.plan(stream, cases(rng, conversations), base_url=base_url)
    return stream.deliveries(
        first_id=rng.randint(80_000, 90_000),
        encode=chatwoot.encode,
        # [I] A random UUID per delivery, as a per-request ID usually is.
        delivery_id=lambda _: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    )


def zendesk_traffic(*, seed: int, tickets: int, until: datetime) -> list[Delivery]:
    """The `ticket.comment_added` event webhooks of `tickets` Zendesk tickets, ending by `until`."""
    rng, stream = _stream(seed, tickets, until)
    zendesk_talks.plan(stream, cases(rng, tickets))
    first_invocation = rng.randint(100_000_000, 900_000_000)
    return stream.deliveries(
        first_id=rng.randint(9_000_000_000, 9_900_000_000),
        encode=zendesk.encode,
        delivery_id=lambda index: str(first_invocation + index),
    )


def traffic(
    helpdesk: Helpdesk,
    *,
    seed: int,
    conversations: int,
    until: datetime,
    base_url: str = DEFAULT_BASE_URL,
) -> list[Delivery]:
    """The traffic of one helpdesk: Chatwoot conversations or Zendesk tickets."""
    if helpdesk == "chatwoot":
        return chatwoot_traffic(
            seed=seed, conversations=conversations, until=until, base_url=base_url
        )
    return zendesk_traffic(seed=seed, tickets=conversations, until=until)


def _stream(seed: int, count: int, until: datetime) -> tuple[random.Random, Stream]:
    if until.utcoffset() is None:
        raise ValueError(f"until must carry a UTC offset, got {until.isoformat()}")
    if count < 1:
        raise ValueError(f"there must be at least one conversation, not {count}")
    rng = random.Random(seed)  # noqa: S311 - fake traffic, not a secret
    return rng, Stream(rng, until - SPAN)
