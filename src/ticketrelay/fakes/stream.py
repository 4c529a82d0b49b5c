"""The collector of fake webhook traffic: planned deliveries, then numbered and ordered.

Conversations plan their deliveries at times; `Stream.deliveries` puts them in time order and
only then hands each its helpdesk ID (a Chatwoot message ID, a Zendesk comment ID), so IDs
rise with time across interleaved conversations, as a helpdesk's database sequence does.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

# What a delivery is, and so what the receiver makes of it.
MAIL = "mail"
SMS = "sms"
MEMO = "memo"
CHAT = "chat"
RESOLVED = "resolved"
INCOMING = "incoming"
BOT = "bot"
CLOSED = "closed"
MESSAGING = "messaging"
SYNCING = frozenset({MAIL, SMS, MEMO})
CHATTING = frozenset({CHAT, RESOLVED})
NOT_SYNCING = frozenset({INCOMING, BOT, CLOSED, MESSAGING})

Build = Callable[[int, datetime], dict[str, Any]]


class Delivery(NamedTuple):
    """One webhook delivery: what it is, its body as posted, and its unique delivery ID."""

    kind: str
    body: bytes
    delivery_id: str


@dataclass(frozen=True)
class _Planned:
    at: datetime
    order: int
    kind: str
    build: Build


class Stream:
    """Deliveries planned at offsets (in seconds) from `start`, built once all are known."""

    def __init__(self, rng: random.Random, start: datetime) -> None:
        self.rng = rng
        self.start = start
        self._planned: list[_Planned] = []

    def at(self, offset: float) -> datetime:
        """The time `offset` seconds after the start, to the millisecond."""
        return self.start + timedelta(milliseconds=round(offset * 1000))

    def add(self, offset: float, kind: str, build: Build) -> None:
        """Plan a delivery; `build(helpdesk_id, at)` makes its payload."""
        self._planned.append(_Planned(self.at(offset), len(self._planned), kind, build))

    def deliveries(
        self,
        *,
        first_id: int,
        encode: Callable[[dict[str, Any]], bytes],
        delivery_id: Callable[[int], str],
    ) -> list[Delivery]:
        """Every planned delivery in time order, with IDs from above `first_id` upwards."""
        found, ident = [], first_id
        for index, planned in enumerate(sorted(self._planned, key=lambda p: (p.at, p.order))):
            # Other inboxes' messages and activity messages take IDs in between.
            ident += 1 + self.rng.randrange(3)
            body = encode(planned.build(ident, planned.at))
            found.append(Delivery(planned.kind, body, delivery_id(index)))
        return found
