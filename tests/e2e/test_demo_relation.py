"""The demo reads its seeded Re:lation simulator through a Re:lation source into records."""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import anyio
import httpx
import pytest

from ticketrelay.demo import DEMO_ACCOUNT
from ticketrelay.demo import report as demo_report
from ticketrelay.demo.relation import (
    CALL_KIND,
    CALL_NAME,
    POLL_SECONDS,
    REQUESTS_PER_MINUTE,
    TICKETS,
    TITLE,
)
from ticketrelay.demo.run import Demo, Replay, replay, running, wait_for_delivery
from ticketrelay.demo.sources import SourceRow
from ticketrelay.fakes.relation import RelationSimulator
from ticketrelay.rules.relation import RelationSettings, chat_reads, ticket_events
from ticketrelay.rules.relation_answers import read_users
from ticketrelay.rules.relation_messages import Event

# The key each kind of event names its activity by: one record per distinct key.
ACTIVITY_KEYS = ("message_id", "memo_id", "call_id", "session_id")
# The seeded tickets cycle through nine kinds, one message each that the source reads: all
# but the two scheduled mails, which Re:lation has not sent yet, make one record each.
RELATION_RECORDS = 10


@dataclass(frozen=True)
class Ran:
    """A demo that has read everything and delivered every activity."""

    live: Demo
    done: Replay


@pytest.fixture(scope="module")
def ran() -> Iterator[Ran]:
    with running() as live:
        done = anyio.run(replay, live, lambda *_: None)
        wait_for_delivery(live.relay, lambda *_: None)
        yield Ran(live, done)


def relation_records(ran: Ran) -> list[dict[str, Any]]:
    """The records in the demo app that link to a ticket of the Re:lation simulator."""
    prefix = f"{ran.live.relation.url}/tickets/#/"
    records = ran.live.sim.records(ran.done.app)
    return [r for r in records if str(r["url"]["value"]).startswith(prefix)]


def seeded_events(sim: RelationSimulator) -> list[Event]:
    """Every seeded ticket read over HTTP with a token of its own and translated as the
    source's settings say: the events the source's poll should have made."""
    with sim.state.lock:
        tickets = [(t.message_box_id, t.ticket_id) for t in sim.state.tickets.values()]
    headers = sim.headers(sim.state.issue_token(name="test"))
    settings = RelationSettings(account=DEMO_ACCOUNT, base_url=sim.url, call_kind=CALL_KIND)
    found: list[Event] = []
    with httpx.Client(base_url=f"{sim.url}/api/v2/", headers=headers, timeout=30) as http:
        users = read_users(http.get("users", params={"per_page": 100}).json())
        for box, ticket_id in tickets:
            ticket = http.get(f"{box}/tickets/{ticket_id}").json()
            chats = {
                read.message_id: http.get(read.path).json() for read in chat_reads(ticket, box)
            }
            translated = ticket_events(
                ticket,
                message_box=box,
                settings=settings,
                users=users,
                chats=chats,
                now=datetime.now(UTC),
            )
            found.extend(translated.events)
    return found


def activities(events: list[Event]) -> set[str]:
    """The distinct activities the events make: a sent mail or SMS, a memo, a call, a chat turn."""
    return {next(e["data"][k] for k in ACTIVITY_KEYS if k in e["data"]) for e in events}


def test_the_relation_source_lands_one_record_per_activity_of_the_seeded_tickets(
    ran: Ran,
) -> None:
    """As many records link to the simulator as the seeded tickets translate to activities."""
    expected = activities(seeded_events(ran.live.relation))
    records = relation_records(ran)
    assert len(records) == len(expected) == RELATION_RECORDS
    assert Counter(r["channel"]["value"] for r in records)[CALL_NAME] >= 1


def test_the_sources_table_has_a_relation_row(ran: Ran) -> None:
    """Tickets read, the events the source stored (all synced), and its records."""
    summary = demo_report.summarize(ran.live, ran.done)
    (row,) = [r for r in summary.by_source if r.name == TITLE]
    events = seeded_events(ran.live.relation)
    assert row == SourceRow(
        name=TITLE,
        sent=TICKETS,
        synced=len(events),
        not_synced=0,
        records=len(relation_records(ran)),
    )


def test_one_poll_read_the_backfill_within_its_budget(ran: Ran) -> None:
    """The source was polled once, with no failure, in no more than a poll's requests."""
    read = ran.done.relation
    assert read.seeded.tickets == TICKETS
    assert 0 < read.requests <= REQUESTS_PER_MINUTE * POLL_SECONDS // 60
    headers = {"Authorization": f"Bearer {ran.live.admin_token}"}
    listed = httpx.get(f"{ran.live.url}/api/v1/sources", headers=headers, timeout=30).json()
    (found,) = [s for s in listed["sources"] if s["id"] == read.source_id]
    assert (found["kind"], found["settings"]["call_kind"]) == ("relation", CALL_KIND)
    assert (found["poll"]["failures"], found["poll"]["paused_code"]) == (0, None)
