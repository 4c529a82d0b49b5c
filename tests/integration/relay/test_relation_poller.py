"""Re:lation polled over real HTTP from the shipped simulator, into records in kintone."""

import os
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.bodies import ACCOUNT
from tests.integration.relay.helpers import Clock, connect, drain
from ticketrelay.crypto import Cipher
from ticketrelay.fakes.relation import RelationSimulator, run_relation_sim
from ticketrelay.fakes.relation.seed import html, seed
from ticketrelay.fakes.relation.state import RelationState
from ticketrelay.kintone.sim import Simulator
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import Store, events, polls

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
BACKFILL = int(os.environ.get("TICKETRELAY_RELATION_BACKFILL", "5000"))


@pytest.fixture
def clock() -> Clock:
    """One clock for the relay and the simulator, moved by hand."""
    return Clock(NOW)


@pytest.fixture
def relation(clock: Clock) -> Iterator[RelationSimulator]:
    """The Re:lation simulator on loopback, on the shared clock."""
    with run_relation_sim(RelationState(clock=clock)) as sim:
        yield sim


@pytest.fixture
def relay(store: Store, relation: RelationSimulator, clock: Clock) -> Relay:
    """A relay that may reach the kintone simulator and the Re:lation one, on the clock."""
    host = relation.url.removeprefix("http://")
    cipher = Cipher(Secret("test key"))
    return Relay(store, cipher, allowed_hosts=("localhost",), source_hosts=(host,), clock=clock)


def relation_source(
    relay: Relay, sim: RelationSimulator, boxes: list[int], *, since: datetime, rate: int = 20
) -> Source:
    """A Re:lation source reading these boxes from `since`, with the simulator's token."""
    settings = {
        "base_url": sim.url,
        "message_boxes": boxes,
        "poll_seconds": 60,
        "requests_per_minute": rate,
        "since": since.isoformat(),
    }
    return relay.hooks.create_source(
        ACCOUNT, "re", "relation", settings, None, poll_secret=Secret(sim.token)
    )


async def poll(relay: Relay, clock: Clock) -> int:
    """One round of due polls, then the clock a poll interval on."""
    async with relay.worker() as worker:
        stored = await worker.poll_due()
    clock.advance(seconds=60)
    return stored


def event_ids(relay: Relay, source: Source | None = None) -> list[str]:
    """The stored events' IDs, of one source or of all."""
    c = events.events.c
    query = sa.select(c.event_id)
    if source is not None:
        query = query.where(c.source_id == source.id)
    with relay.store.read() as conn:
        return list(conn.execute(query).scalars())


async def test_sent_mail_sms_memo_and_chat_land_as_records(
    relay: Relay, relation: RelationSimulator, kintone: Simulator, clock: Clock
) -> None:
    """Each kind Re:lation's API tells lands with its channel name, subject, body and URL."""
    state = relation.state
    box = state.add_message_box("サポート").message_box_id
    state.add_user("tanaka", "田中", "健太", "tanaka@example.jp")
    source = relation_source(relay, relation, [box], since=NOW - timedelta(hours=1))
    ticket = state.add_ticket(box, "配送について", assignee="tanaka").ticket_id
    body = html(["小川様", "", "発送いたしました。"])
    state.add_message(
        ticket, method_cd="mail", action_cd="sent", title="Re: 配送について", body=body
    )
    state.add_message(ticket, method_cd="sms", action_cd="sent", title="", body=html(["SMS"]))
    state.add_message(ticket, method_cd="mail", action_cd="received", title="Q", body=body)
    state.add_message(ticket, method_cd="record", action_cd="sent", title="メモ", body=body)
    earlier = NOW - timedelta(minutes=30)
    line = state.add_message(
        ticket, method_cd="line", action_cd="end_conversation", title="LINE", body="", at=earlier
    ).message_id
    state.add_conversation(line, "住所を教えてください", at=earlier, speaker_name="小川")
    for text in ("承知しました。", "変更しました。"):
        state.add_conversation(line, text, at=earlier, action_cd="sent", sent_by="tanaka")
    target = await connect(relay, kintone)
    await poll(relay, clock)
    await drain(relay)
    records = kintone.records(target.app)
    found = {r["channel"]["value"]: r for r in records}
    assert sorted(found) == ["LINE", "SMS", "メール", "応対メモ・その他"]
    chat = found["LINE"]
    assert (chat["body"]["value"], chat["operator_email"]["value"]) == (
        "承知しました。\n変更しました。",
        "tanaka@example.jp",
    )
    assert found["応対メモ・その他"]["subject"]["value"] == "メモ"
    mail = found["メール"]
    assert (mail["subject"]["value"], mail["body"]["value"]) == (
        "Re: 配送について",
        "小川様\n\n発送いたしました。",
    )
    assert mail["operator_email"]["value"] == "tanaka@example.jp"
    assert mail["url"]["value"].startswith(f"{relation.url}/tickets/#/{box}/tickets/")
    assert source.kind == "relation"


async def test_polling_again_and_a_restart_double_nothing(
    relay: Relay, relation: RelationSimulator, clock: Clock, store: Store
) -> None:
    """Seeded tickets read at 10 requests a poll, a new relay between polls: each event once,
    and the same events as a source that read everything at one go."""
    box = relation.state.add_message_box("サポート").message_box_id
    seed(relation.state, 60, random.Random(3))
    slow = relation_source(relay, relation, [box], since=NOW - timedelta(days=2), rate=10)
    await poll(relay, clock)
    first = set(event_ids(relay, slow))
    again = Relay(
        store,
        relay.cipher,
        allowed_hosts=("localhost",),
        source_hosts=relay.source_hosts,
        clock=clock,
    )
    for _ in range(40):
        await poll(again, clock)
    ids = event_ids(again, slow)
    assert len(ids) == len(set(ids))
    assert first < set(ids)
    fast = relation_source(again, relation, [box], since=NOW - timedelta(days=2), rate=60)
    for _ in range(5):
        await poll(again, clock)
    assert set(event_ids(again, fast)) == set(ids)
    assert {p.failures for p in again.hooks.polls().values()} == {0}


@pytest.mark.heavy
async def test_a_backfill_keeps_to_its_budget_a_minute(
    relay: Relay, relation: RelationSimulator, clock: Clock
) -> None:
    """TICKETRELAY_RELATION_BACKFILL tickets (5,000; a tenth on PostgreSQL) read from an early
    `since` at 30 requests a minute: the simulator never counted more in any minute."""
    box = relation.state.add_message_box("サポート").message_box_id
    # A tenth on PostgreSQL, which would double the time.
    size = BACKFILL if relay.store.engine.dialect.name == "sqlite" else BACKFILL // 10
    seed(relation.state, size, random.Random(5))
    relation_source(relay, relation, [box], since=NOW - timedelta(days=60), rate=30)
    polls_needed = 0
    while True:
        polls_needed += 1
        await poll(relay, clock)
        with relay.store.read() as conn:
            (found,) = polls.every(conn).values()
        if not found.cursor["boxes"][str(box)].get("pass") and polls_needed > 1:
            break
        assert polls_needed < size, "the backfill never ended"
    assert relation.busiest_minute() <= 30
    assert relation.busiest_minute() >= 25
    print(f"\nrelation backfill: {size} tickets in {polls_needed} polls (minutes)")


async def test_a_revoked_token_pauses_and_a_new_one_resumes(
    relay: Relay, relation: RelationSimulator, clock: Clock
) -> None:
    """401: paused with what to do; a new token by PATCH: read on from where it stopped."""
    state = relation.state
    box = state.add_message_box("サポート").message_box_id
    source = relation_source(relay, relation, [box], since=NOW - timedelta(hours=1))
    state.revoke_token(relation.token)
    await poll(relay, clock)
    paused = relay.hooks.polls()[source.id]
    assert paused.paused_code == "credential_refused"
    assert paused.paused_reason is not None
    assert paused.paused_reason.startswith("Re:lation refused the API token (401)")
    ticket = state.add_ticket(box, "請求書について").ticket_id
    state.add_message(ticket, method_cd="mail", action_cd="sent", title="Re", body=html(["本文"]))
    await poll(relay, clock)
    assert event_ids(relay) == []
    relay.hooks.update_source(source.id, poll_secret=Secret(state.issue_token("new")))
    await poll(relay, clock)
    assert len(event_ids(relay)) == 1


async def test_call_memos_sync_once_their_kind_is_set(
    relay: Relay, relation: RelationSimulator, kintone: Simulator, clock: Clock
) -> None:
    """The API does not say a call's kind: no record until the source's call_kind says it."""
    state = relation.state
    box = state.add_message_box("サポート").message_box_id
    source = relation_source(relay, relation, [box], since=NOW - timedelta(hours=1))
    ticket = state.add_ticket(box, "お電話の件").ticket_id
    state.add_message(
        ticket, method_cd="call", action_cd="sent", title="通話", body=html(["折返し"])
    )
    target = await connect(relay, kintone)
    await poll(relay, clock)
    await drain(relay)
    assert kintone.records(target.app) == []
    relay.hooks.update_source(source.id, settings={"call_kind": "inbound_answered"})
    with relay.store.write() as conn:
        conn.execute(sa.update(polls.source_polls).values(cursor="{}"))
    await poll(relay, clock)
    await drain(relay)
    (record,) = kintone.records(target.app)
    assert record["channel"]["value"] == "通話メモ・受電(接続)"


async def test_a_message_box_that_is_gone_leaves_the_others_read(
    relay: Relay, relation: RelationSimulator, clock: Clock
) -> None:
    """A box Re:lation answers 404 for is skipped; the source's other box is still read."""
    state = relation.state
    box = state.add_message_box("サポート").message_box_id
    relation_source(relay, relation, [box + 100, box], since=NOW - timedelta(hours=1))
    ticket = state.add_ticket(box, "請求書について").ticket_id
    state.add_message(ticket, method_cd="mail", action_cd="sent", title="Re", body=html(["本文"]))
    await poll(relay, clock)
    assert len(event_ids(relay)) == 1
    assert {p.failures for p in relay.hooks.polls().values()} == {0}
