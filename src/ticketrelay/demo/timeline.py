"""The collector of the demo stream: conversations emit events at offsets, then all are ordered.

Offsets are seconds after the stream's start, kept to the millisecond so that the events of
one subject never share a time. An event can also be handed in again later with the same
`id`, as a helpdesk does when it retries a request whose answer it did not see.
"""

import copy
import math
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ticketrelay.demo.app import DEMO_ACCOUNT
from ticketrelay.demo.people import AGENTS, Agent, Customer, as_of, customers
from ticketrelay.demo.topics import TOPICS, Topic, facts

WINDOW_SECONDS = 70.0
URL_BASE = f"https://helpdesk.example.com/{DEMO_ACCOUNT}"
TEAMS: dict[str, tuple[Agent, ...]] = {
    "support": AGENTS[:5],
    "sales": AGENTS[5:7],
    "billing": (AGENTS[7], AGENTS[4]),
}


def rfc3339(moment: datetime) -> str:
    """The time as RFC 3339 with its offset, to the second or the millisecond as needed."""
    if moment.microsecond == 0:
        return moment.isoformat(timespec="seconds")
    if moment.microsecond % 1000 == 0:
        return moment.isoformat(timespec="milliseconds")
    return moment.isoformat(timespec="microseconds")


@dataclass(frozen=True, kw_only=True)
class Talk:
    """One customer's conversation about one topic, handled by one agent on one ticket."""

    topic: Topic
    facts: dict[str, str]
    customer: Customer
    agent: Agent
    ticket: str

    @property
    def inbox(self) -> str:
        """The inbox the conversation is in."""
        return self.topic.inbox

    def url(self, kind: str, subject_id: str) -> str:
        """The helpdesk's address of one message, memo, call or chat of this ticket."""
        return f"{URL_BASE}/tickets/{self.ticket}/{kind}/{subject_id}"


class Timeline:
    """The events of many interleaved conversations, collected and then ordered."""

    def __init__(self, rng: random.Random, start: datetime) -> None:
        self.rng = rng
        self.start = start
        self._items: list[tuple[float, int, dict[str, Any]]] = []
        self._counters: dict[str, int] = {}
        self._customers = customers(rng, 160)

    def begin(self) -> float:
        """The offset at which the next conversation starts; the first starts at 0."""
        if not self._items:
            return 0.0
        return round(self.rng.uniform(0.0, WINDOW_SECONDS), 3)

    def new_id(self, prefix: str) -> str:
        """The next ID of a subject: `msg-00001`, `memo-00001`, ..."""
        return f"{prefix}-{self._next(prefix):05d}"

    def _next(self, counter: str) -> int:
        self._counters[counter] = self._counters.get(counter, 0) + 1
        return self._counters[counter]

    def customer(self) -> Customer:
        """Any customer."""
        return self.rng.choice(self._customers)

    def talk(self, *, inboxes: tuple[str, ...] = ()) -> Talk:
        """A new conversation, in one of `inboxes` (any when none are named)."""
        topics = [topic for topic in TOPICS if not inboxes or topic.inbox in inboxes]
        topic = self.rng.choice(topics)
        return Talk(
            topic=topic,
            facts=facts(self.rng),
            customer=self.customer(),
            agent=self.rng.choice(TEAMS[topic.inbox]),
            ticket=str(24000 + self._next("ticket")),
        )

    def time(self, seconds: float, *, whole: bool = False) -> str:
        """The time `seconds` after the start; `whole` drops the fraction of a second."""
        millis = math.floor(seconds) * 1000 if whole else round(seconds * 1000)
        return rfc3339(self.start + timedelta(milliseconds=millis))

    def emit(
        self, seconds: float, kind: str, talk: Talk, data: dict[str, Any], *, by: Agent
    ) -> dict[str, Any]:
        """Record the event `kind` of `talk`, done by `by` at `seconds`, and return it."""
        seconds = round(seconds, 3)
        event: dict[str, Any] = {
            "id": str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
            "type": kind,
            "account": DEMO_ACCOUNT,
            "inbox": talk.inbox,
            "occurred_at": self.time(seconds),
            "operator": as_of(by, seconds).operator(),
            "data": data,
        }
        self._items.append((seconds, len(self._items), event))
        return event

    def redeliver(self, count: int) -> None:
        """Hand `count` events in again, unchanged, a few seconds after they first came."""
        for seconds, _, event in self.rng.sample(self._items, count):
            later = round(seconds + self.rng.uniform(1.0, 5.0), 3)
            self._items.append((later, len(self._items), copy.deepcopy(event)))

    def events(self) -> list[dict[str, Any]]:
        """Every event in the order the helpdesk hands them in."""
        return [event for _, _, event in sorted(self._items, key=lambda item: item[:2])]
