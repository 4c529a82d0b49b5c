"""Zendesk Talk's calls, polled over real HTTP from the shipped fake, as call records in kintone."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import uvicorn

from tests.integration.relay.helpers import Clock, connect, drain
from ticketrelay.crypto import Cipher
from ticketrelay.demo.app import DEMO_MAPPING
from ticketrelay.fakes.zendesk_talk import ZendeskTalk
from ticketrelay.kintone.sim import Simulator
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.serving import bind, in_thread
from ticketrelay.store import Store, events, polls

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
EMAIL, TOKEN = "admin@acme.example", "t0ken-for-tests"
CALLER = "+819012345678"


@dataclass(frozen=True)
class Talk:
    """The fake Zendesk on loopback: the fake itself and its base URL."""

    fake: ZendeskTalk
    url: str


@pytest.fixture
def clock() -> Clock:
    """One clock for the relay and the fake Zendesk, moved by hand."""
    return Clock(NOW)


@pytest.fixture
def talk(clock: Clock) -> Iterator[Talk]:
    """The fake Zendesk served by uvicorn in a thread, with pages of five calls."""
    fake = ZendeskTalk(email=EMAIL, token=TOKEN, clock=clock, page_size=5)
    config = uvicorn.Config(fake.app, log_config=None, access_log=False, lifespan="off")
    with in_thread(config, bind("127.0.0.1", 0)) as port:
        yield Talk(fake, f"http://127.0.0.1:{port}")


@pytest.fixture
def relay(store: Store, talk: Talk, clock: Clock) -> Relay:
    """A relay that may reach the simulator and the fake Zendesk, on the shared clock."""
    host = talk.url.removeprefix("http://")
    cipher = Cipher(Secret("test key"))
    return Relay(store, cipher, allowed_hosts=("localhost",), source_hosts=(host,), clock=clock)


def talk_source(relay: Relay, talk: Talk, token: str = TOKEN) -> Source:
    """A Zendesk source polled with an agent's API token, made at NOW."""
    settings = {"subdomain": "acme", "api_email": EMAIL, "api_base_url": talk.url}
    return relay.hooks.create_source(
        "acme", "zd", "zendesk", settings, Secret("signing"), poll_secret=Secret(token)
    )


async def poll(relay: Relay) -> int:
    """One round of due polls with the product's pollers; how many events were stored."""
    async with relay.worker() as worker:
        return await worker.poll_due()


def state(relay: Relay, source: Source) -> polls.Poll:
    """The source's poll as stored."""
    with relay.store.read() as conn:
        found = polls.get(conn, source.id)
    assert found is not None
    return found


def stored_events(relay: Relay) -> list[str]:
    """The IDs of the stored events, in order."""
    with relay.store.read() as conn:
        query = sa.select(events.events.c.event_id).order_by(events.events.c.id)
        return list(conn.execute(query).scalars())


def record_values(kintone: Simulator, app: int) -> list[dict[str, str]]:
    """The mapped values of the app's records, oldest first."""
    records = sorted(kintone.records(app), key=lambda r: int(r["$id"]["value"]))
    return [{code: r[code]["value"] for code in DEMO_MAPPING.values()} for r in records]


async def test_calls_become_call_records_in_kintone(
    relay: Relay, talk: Talk, clock: Clock, kintone: Simulator
) -> None:
    """An answered call and a missed one: their events, then records with every value."""
    target = await connect(relay, kintone)
    talk_source(relay, talk)
    sato = talk.fake.add_agent("佐藤 花子", "sato@acme.example")
    clock.advance(minutes=3)
    answered = talk.fake.add_call(agent=sato, phone=CALLER, seconds=180)
    missed = talk.fake.add_call(
        agent=None, phone="+818011112222", status="abandoned_in_voicemail", seconds=40
    )
    clock.advance(minutes=2)
    assert await poll(relay) == 4
    assert stored_events(relay) == [
        f"zendesk:call:{answered['id']}:ended",
        f"zendesk:call:{answered['id']}:memo",
        f"zendesk:call:{missed['id']}:ended",
        f"zendesk:call:{missed['id']}:memo",
    ]
    assert await drain(relay) == 2
    first, second = record_values(kintone, target.app)
    assert {k: v for k, v in first.items() if k not in ("body", "activity_id")} == {
        "channel": "通話メモ・受電(接続)",
        "subject": f"Call from: {CALLER}",
        "url": f"https://acme.zendesk.com/agent/tickets/{answered['ticket_id']}",
        "operator_email": "sato@acme.example",
        "operator_name": "佐藤 花子",
        "recipient_emails": "",
        "recipient_phones": CALLER,
        "start_at": "2026-12-01T09:00:00Z",
        "end_at": "2026-12-01T09:03:00Z",
    }
    assert first["body"].startswith(f"Call from: {CALLER}\n")
    assert (second["channel"], second["operator_email"], second["operator_name"]) == (
        "通話メモ・受電(時間内不在)",
        "",
        "",
    )


async def test_polling_again_doubles_nothing(
    relay: Relay, talk: Talk, clock: Clock, kintone: Simulator
) -> None:
    """The same call read again, also once Zendesk updated it, adds no event and no record."""
    target = await connect(relay, kintone)
    source = talk_source(relay, talk)
    sato = talk.fake.add_agent("佐藤 花子", "sato@acme.example")
    clock.advance(minutes=1)
    call = talk.fake.add_call(agent=sato, phone=CALLER, seconds=30)
    clock.advance(minutes=1)
    assert await poll(relay) == 2
    assert await drain(relay) == 1
    talk.fake.update_call(call["id"], wrap_up_time=45)
    for _ in range(3):
        clock.now = state(relay, source).next_at
        assert await poll(relay) == 0
    assert await drain(relay) == 0
    assert len(stored_events(relay)) == 2
    assert len(kintone.records(target.app)) == 1


async def test_a_wrong_token_pauses_the_poll_with_the_reason(
    relay: Relay, talk: Talk, clock: Clock
) -> None:
    """Zendesk's 401 pauses the source's poll, saying what to do."""
    source = talk_source(relay, talk, token="wrong")
    clock.advance(minutes=2)
    assert await poll(relay) == 0
    paused = state(relay, source)
    assert paused.paused_code == "credential_refused"
    assert paused.paused_reason is not None
    assert f"Zendesk refused the API token of {EMAIL}" in paused.paused_reason
    assert "Create an API token" in paused.paused_reason
    assert talk.fake.export_times == []


async def test_a_user_who_may_not_read_calls_pauses_the_poll(
    relay: Relay, talk: Talk, clock: Clock
) -> None:
    """Zendesk's 403 pauses the poll too, saying which user to set instead."""
    source = talk_source(relay, talk)
    talk.fake.fail_next(403)
    assert await poll(relay) == 0
    reason = state(relay, source).paused_reason
    assert reason is not None
    assert reason.startswith(f"Zendesk does not let {EMAIL} read ")
    assert "an admin" in reason


async def test_a_zendesk_outage_fails_the_poll_and_keeps_its_cursor(
    relay: Relay, talk: Talk, clock: Clock
) -> None:
    """A 503 is a failed poll: nothing stored, the cursor kept, tried again later."""
    source = talk_source(relay, talk)
    clock.advance(minutes=1)
    talk.fake.add_call(agent=None, phone=CALLER, seconds=20)
    talk.fake.fail_next(503)
    clock.advance(minutes=1)
    assert await poll(relay) == 0
    failed = state(relay, source)
    assert (failed.cursor, failed.failures, failed.paused_code) == ({}, 1, None)
    assert failed.last_error is not None
    assert "Zendesk answered 503" in failed.last_error
    clock.now = failed.next_at
    assert await poll(relay) == 2


async def test_a_backlog_is_read_within_talks_rate_limit(
    relay: Relay, talk: Talk, clock: Clock
) -> None:
    """Forty calls, pages of five: poll after poll, never more than 10 requests a minute."""
    source = talk_source(relay, talk)
    for second in range(40):
        clock.now = NOW + timedelta(minutes=1, seconds=second)
        talk.fake.add_call(agent=None, phone=CALLER, seconds=10)
    clock.now = NOW + timedelta(minutes=2)
    rounds = 0
    while len(stored_events(relay)) < 80:
        rounds += 1
        assert rounds <= 10
        await poll(relay)
        clock.now = state(relay, source).next_at
    assert (talk.fake.throttled, state(relay, source).failures) == (0, 0)
    assert talk.fake.busiest_minute() <= 10
    assert len(talk.fake.export_times) <= 3 * rounds


async def test_a_throttled_poll_waits_as_zendesk_says_and_loses_nothing(
    relay: Relay, talk: Talk, clock: Clock
) -> None:
    """Another client spent the minute's budget: the cursor stays, the poll waits, no failure."""
    source = talk_source(relay, talk)
    clock.advance(minutes=1)
    talk.fake.add_call(agent=None, phone=CALLER, seconds=20)
    clock.advance(minutes=1)
    talk.fake.spend(10)
    assert await poll(relay) == 0
    waiting = state(relay, source)
    assert (waiting.cursor, waiting.failures, waiting.paused_code) == ({}, 0, None)
    assert waiting.next_at == clock.now + timedelta(minutes=1)
    clock.now = waiting.next_at
    assert await poll(relay) == 2


async def test_a_429_after_the_first_page_keeps_the_pages_read(
    relay: Relay, talk: Talk, clock: Clock
) -> None:
    """One request a minute: each poll keeps its one page (five new calls) and waits as told."""
    source = talk_source(relay, talk)
    talk.fake.limit = 1
    for second in range(12):
        clock.now = NOW + timedelta(minutes=1, seconds=second)
        talk.fake.add_call(agent=None, phone=CALLER, seconds=10)
    clock.now = NOW + timedelta(minutes=2)
    stored = []
    for _ in range(3):
        stored.append(await poll(relay))
        after = state(relay, source)
        assert (after.failures, after.next_at) == (0, clock.now + timedelta(minutes=1))
        clock.now = after.next_at
    assert stored == [10, 10, 4]
    assert (talk.fake.busiest_minute(), talk.fake.throttled) == (1, 2)


async def test_a_base_url_outside_the_source_hosts_pauses_the_poll(
    store: Store, talk: Talk, clock: Clock
) -> None:
    """Only Zendesk's own domains, and the hosts listed, may be polled."""
    relay = Relay(store, Cipher(Secret("test key")), clock=clock)
    source = talk_source(relay, talk)
    assert await poll(relay) == 0
    reason = state(relay, source).paused_reason
    assert reason is not None
    assert "TICKETRELAY_SOURCE_HOSTS" in reason


async def test_zendesk_out_of_reach_fails_the_poll_for_later(store: Store, clock: Clock) -> None:
    """Nothing listening: a failed poll, tried again later, never a pause."""
    sock = bind("127.0.0.1", 0)
    host = f"127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    relay = Relay(store, Cipher(Secret("test key")), source_hosts=(host,), clock=clock)
    source = talk_source(relay, Talk(ZendeskTalk(email=EMAIL, token=TOKEN), f"http://{host}"))
    assert await poll(relay) == 0
    failed = state(relay, source)
    assert (failed.failures, failed.paused_code) == (1, None)
    assert failed.last_error is not None
    assert failed.last_error.startswith("RetryLater: Zendesk did not answer GET")


async def test_a_token_without_its_e_mail_pauses_the_poll(relay: Relay) -> None:
    """Basic auth needs the e-mail of the token's user: the pause says to set it."""
    source = relay.hooks.create_source(
        "acme", "zd", "zendesk", {"subdomain": "acme"}, None, poll_secret=Secret(TOKEN)
    )
    assert await poll(relay) == 0
    reason = state(relay, source).paused_reason
    assert reason is not None
    assert "no api_email" in reason
