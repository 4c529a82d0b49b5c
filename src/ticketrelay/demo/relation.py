"""The demo's Re:lation source: the shipped simulator, seeded with tickets, read through its API.

The demo seeds the simulator (`ticketrelay.fakes.relation`) with `TICKETS` tickets of every
kind and makes a `relation` source that reads their message boxes from just before the first
of them: a small backfill, which the source's first poll reads within its budget. Re:lation's
API does not say a call's kind, so the source gives every call memo `CALL_KIND`. The fakes
import the demo's people and texts, so `demo/__init__` never imports this module.
"""

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from ticketrelay.demo.app import DEMO_ACCOUNT
from ticketrelay.demo.stream import BUNDLE_SEED
from ticketrelay.errors import Bug
from ticketrelay.fakes.relation import RelationSimulator, seed
from ticketrelay.relay import Relay
from ticketrelay.rules.channels import CALL_NAMES, CallKind
from ticketrelay.store import polls

KEY: Final = "relation"
TITLE: Final = "Re:lation (API)"
# Every kind of ticket at least once, the newest chat long idle, and few enough that one poll
# of `POLL_SECONDS` reads them all: a request a ticket and a chat, a search a box, the users.
TICKETS: Final = 12
POLL_SECONDS: Final = 30
REQUESTS_PER_MINUTE: Final = 60
CALL_KIND: Final[CallKind] = "inbound_answered"
CALL_NAME: Final = CALL_NAMES[CALL_KIND]


@dataclass(frozen=True, kw_only=True)
class Seeded:
    """The tickets seeded for the demo: how many, their message boxes, and a time before them."""

    tickets: int
    boxes: tuple[int, ...]
    since: datetime


@dataclass(frozen=True, kw_only=True)
class RelationRead:
    """The demo's Re:lation source, the tickets it read, and the requests its polls took."""

    source_id: int
    seeded: Seeded
    requests: int


def host(sim: RelationSimulator) -> str:
    """The simulator's `host:port`, which TICKETRELAY_SOURCE_HOSTS must list."""
    return sim.url.removeprefix("http://")


def seed_tickets(sim: RelationSimulator) -> Seeded:
    """Seed the simulator with the demo's tickets, the last of them updated just before now."""
    made = seed(sim.state, TICKETS, random.Random(BUNDLE_SEED))  # noqa: S311 (not a secret)
    first = min(ticket.created_at for ticket in made)
    return Seeded(
        tickets=len(made),
        boxes=tuple(sorted({ticket.message_box_id for ticket in made})),
        since=first - timedelta(minutes=1),
    )


def source_body(sim: RelationSimulator, seeded: Seeded) -> dict[str, Any]:
    """The body of `POST /api/v1/sources` that makes the demo's Re:lation source."""
    settings = {
        "base_url": sim.url,
        "api_token": sim.token,
        "message_boxes": list(seeded.boxes),
        "poll_seconds": POLL_SECONDS,
        "requests_per_minute": REQUESTS_PER_MINUTE,
        "since": seeded.since.isoformat(),
        "call_kind": CALL_KIND,
    }
    name = "Re:lation API (デモ)"
    return {"account": DEMO_ACCOUNT, "name": name, "kind": "relation", "relation": settings}


def wait_for_poll(
    relay: Relay,
    sim: RelationSimulator,
    source_id: int,
    seeded: Seeded,
    progress: Callable[[int, int], None],
    *,
    seconds: float = 60,
) -> RelationRead:
    """Wait until the source's poll has read every box, reporting boxes read out of all."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with relay.store.read() as conn:
            poll = polls.get(conn, source_id)
        if poll is None or poll.paused_code or poll.failures:
            why = "it is not polled" if poll is None else poll.paused_reason or poll.last_error
            raise Bug(f"The demo's Re:lation source {source_id} could not be read: {why}")
        done = boxes_read(poll.cursor, seeded.boxes)
        progress(done, len(seeded.boxes))
        if poll.polled_at is not None and done == len(seeded.boxes):
            return RelationRead(source_id=source_id, seeded=seeded, requests=requests(sim))
        time.sleep(0.1)
    raise TimeoutError(f"the Re:lation source was still reading after {seconds:.0f} s")


def boxes_read(cursor: Mapping[str, Any], boxes: tuple[int, ...]) -> int:
    """How many of the boxes a poll has read to the end, with no search pass left to finish."""
    kept = cursor.get("boxes", {})
    return sum(1 for box in boxes if str(box) in kept and not kept[str(box)].get("pass"))


def requests(sim: RelationSimulator) -> int:
    """How many requests the simulator has counted of its token, in every minute."""
    with sim.state.lock:
        name = sim.state.issued[sim.token]
        return sum(sim.state.limiter.per_minute(name).values())
