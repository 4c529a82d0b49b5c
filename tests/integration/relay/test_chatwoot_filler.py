"""SPEC section 12: what Chatwoot's webhooks never brought is filled from its API, over HTTP."""

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

from ticketrelay.config import Settings
from ticketrelay.crypto import Cipher
from ticketrelay.fakes.chatwoot import (
    EMAIL,
    LINE,
    Account,
    Agent,
    Bot,
    Contact,
    Conversation,
    Inbox,
    agent_mail,
    agent_message,
    encode,
    sign,
)
from ticketrelay.fakes.chatwoot_api import ChatwootApi
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.serving import bind, in_thread
from ticketrelay.store import Store, events, polls
from ticketrelay.web.app import create_app

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
AT = NOW - timedelta(minutes=2)  # within what the first poll fills
SECRET, TOKEN, ADMIN = "cw-secret", "t0ken", {"Authorization": "Bearer admin-token"}
ACCOUNT = Account(id=3, name="デモサポート株式会社")
TANAKA = Agent(id=7, name="田中 健太", email="tanaka@demo-support.example")
BOT = Bot(id=2, name="サポートボット")
OGAWA = Contact(id=51, name="小川 愛", email="ogawa@example.jp", phone_number="+819012345678")
MAIL = Inbox(id=4, name="サポート窓口", channel=EMAIL, address="support@demo-support.example")
CHAT = Inbox(id=9, name="LINE", channel=LINE)
RECIPIENTS = {"to_emails": ["ogawa@example.jp"], "cc_emails": [], "bcc_emails": []}


def conversation(display_id: int, inbox: Inbox = MAIL) -> Conversation:
    """A conversation of 小川 愛's with 田中 健太."""
    subject = "ご登録住所の変更について" if inbox is MAIL else ""
    return Conversation(
        account=ACCOUNT,
        inbox=inbox,
        display_id=display_id,
        contact=OGAWA,
        contact_inbox_id=88,
        assignee=TANAKA,
        created_at=NOW - timedelta(hours=1),
        subject=subject,
    )


@pytest.fixture
def fake() -> ChatwootApi:
    """Chatwoot's API of account 3, whose administrator is 田中 健太."""
    return ChatwootApi(token=TOKEN, user=TANAKA, accounts=[ACCOUNT])


@pytest.fixture
def chatwoot(fake: ChatwootApi) -> Iterator[str]:
    """The fake served on a loopback port; its base URL."""
    config = uvicorn.Config(fake.app, log_config=None, access_log=False, lifespan="off")
    with in_thread(config, bind("127.0.0.1", 0)) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def relay(store: Store, chatwoot: str) -> Relay:
    """A relay at NOW whose sources may reach the fake (TICKETRELAY_SOURCE_HOSTS)."""
    host = urlsplit(chatwoot).netloc
    return Relay(store, Cipher(Secret("test key")), source_hosts=(host,), clock=lambda: NOW)


@pytest.fixture
async def api(relay: Relay) -> AsyncIterator[httpx.AsyncClient]:
    """The management API and the webhook endpoint, in process."""
    settings = Settings(database_url="sqlite://", admin_token=Secret("admin-token"))
    transport = httpx.ASGITransport(app=create_app(relay, settings, run_worker=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://relay.test") as client:
        yield client


async def create_source(api: httpx.AsyncClient, base_url: str, token: str = TOKEN) -> int:
    """A Chatwoot source whose gaps are filled with this API access token; its ID."""
    settings = {"webhook_secret": SECRET, "base_url": base_url, "api_access_token": token}
    body = {"account": "demo-support", "name": "cw", "kind": "chatwoot", "chatwoot": settings}
    created = await api.post("/api/v1/sources", json=body, headers=ADMIN)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


async def deliver(api: httpx.AsyncClient, source_id: int, payload: dict[str, Any]) -> None:
    """Post a webhook as Chatwoot does, signed now."""
    body = encode(payload)
    headers = sign(SECRET, body, f"delivery-{payload['id']}", NOW)
    answer = await api.post(f"/api/v1/hooks/chatwoot/{source_id}", content=body, headers=headers)
    assert answer.status_code == 200, answer.text


async def poll(relay: Relay, at: datetime = NOW) -> int:
    """One round of due polls at `at`; how many new events they stored."""
    relay.clock = lambda: at
    async with relay.worker() as worker:
        return await worker.poll_due()


def stored(relay: Relay) -> dict[str, dict[str, Any]]:
    """The stored events by ID."""
    with relay.store.read() as conn:
        rows = conn.execute(sa.select(events.events.c.event_id, events.events.c.payload))
        return {row.event_id: row.payload for row in rows}


def state(relay: Relay, source_id: int) -> polls.Poll:
    """The source's poll as stored."""
    with relay.store.read() as conn:
        found = polls.get(conn, source_id)
    assert found is not None
    return found


def mail(fake: ChatwootApi, talk: Conversation, message_id: int, at: datetime = AT) -> None:
    """田中 健太's reply mail, in the API."""
    content = "ご登録住所の変更は、マイページから行っていただけます。"
    fake.add_message(
        talk, message_id=message_id, at=at, content=content, sender=TANAKA, attributes=RECIPIENTS
    )


async def test_a_mail_that_came_as_a_webhook_is_stored_once(
    fake: ChatwootApi, chatwoot: str, relay: Relay, api: httpx.AsyncClient
) -> None:
    """The filler finds it too and makes the same event ID, which is a duplicate."""
    source_id = await create_source(api, chatwoot)
    talk = conversation(1201)
    content = "ご登録住所の変更は、マイページから行っていただけます。"
    await deliver(
        api, source_id, agent_mail(talk, TANAKA, message_id=90002, at=AT, content=content)
    )
    mail(fake, talk, 90002)
    assert list(stored(relay)) == ["chatwoot:message:90002"]
    assert await poll(relay) == 0
    assert list(stored(relay)) == ["chatwoot:message:90002"]
    assert state(relay, source_id).cursor["seen"] == {"1201": int(AT.timestamp())}


async def test_a_mail_and_a_note_that_never_came_are_filled(
    fake: ChatwootApi, chatwoot: str, relay: Relay, api: httpx.AsyncClient
) -> None:
    """A sent mail and a response memo, with the agent's e-mail from the account's agents."""
    source_id = await create_source(api, chatwoot)
    talk = conversation(1201)
    mail(fake, talk, 90002)
    note = "電話で住所変更の手順をご案内済み。"
    fake.add_message(talk, message_id=90003, at=AT, content=note, sender=TANAKA, private=True)
    assert await poll(relay) == 2
    sent, memo = stored(relay)["chatwoot:message:90002"], stored(relay)["chatwoot:message:90003"]
    assert (sent["type"], memo["type"]) == ("message.sent", "memo.recorded")
    assert sent["operator"]["email"] == "tanaka@demo-support.example"
    assert sent["data"]["to"] == ["ogawa@example.jp"]
    assert sent["data"]["subject"] == "ご登録住所の変更について"
    assert memo["data"]["body"] == note
    assert memo["data"]["url"] == f"{chatwoot}/app/accounts/3/conversations/1201"
    assert state(relay, source_id).cursor == {
        "account_id": 3,
        "read_until": int(NOW.timestamp()) - 60,
        "seen": {"1201": int(AT.timestamp())},
    }


async def test_the_contacts_message_and_a_bots_are_not_filled(
    fake: ChatwootApi, chatwoot: str, relay: Relay, api: httpx.AsyncClient
) -> None:
    """Only what a user sent syncs, filled or not."""
    await create_source(api, chatwoot)
    talk = conversation(1410, CHAT)
    fake.add_message(talk, message_id=90021, at=AT, content="住所を変えたい", kind="incoming")
    fake.add_message(talk, message_id=90022, at=AT, content="担当者におつなぎします", sender=BOT)
    assert await poll(relay) == 0
    assert stored(relay) == {}


async def test_a_chat_message_is_filled_only_after_the_last_one_its_session_saw(
    fake: ChatwootApi, chatwoot: str, relay: Relay, api: httpx.AsyncClient
) -> None:
    """A missed chat message before the last applied one changes nothing; a later one joins."""
    source_id = await create_source(api, chatwoot)
    talk = conversation(1410, CHAT)
    for message_id, seconds in [(90030, 0), (90031, 10), (90032, 20)]:
        at = AT + timedelta(seconds=seconds)
        fake.add_message(talk, message_id=message_id, at=at, content="ご案内", sender=TANAKA)
    sent = agent_message(talk, TANAKA, message_id=90031, at=AT, content="ご案内")
    await deliver(api, source_id, sent)
    await poll(relay)
    messages = {i for i, e in stored(relay).items() if e["type"] == "chat.message_sent"}
    assert {i.rsplit(":", 1)[-1] for i in messages} == {"90031", "90032"}


async def test_a_wrong_token_pauses_the_poll_until_a_new_one_is_set(
    fake: ChatwootApi, chatwoot: str, relay: Relay, api: httpx.AsyncClient
) -> None:
    """Chatwoot's 401 pauses the poll, saying what to do; a new token fills the gap."""
    source_id = await create_source(api, chatwoot, token="wrong")
    mail(fake, conversation(1201), 90002)
    assert await poll(relay) == 0
    paused = state(relay, source_id)
    assert paused.paused_code == "credential_refused"
    assert paused.paused_reason is not None
    assert "refused the API access token (401" in paused.paused_reason
    assert "Access Token" in paused.paused_reason
    assert stored(relay) == {}
    body = {"chatwoot": {"api_access_token": TOKEN}}
    patched = await api.patch(f"/api/v1/sources/{source_id}", json=body, headers=ADMIN)
    assert patched.status_code == 200, patched.text
    assert await poll(relay) == 1
    assert list(stored(relay)) == ["chatwoot:message:90002"]


async def test_a_token_of_a_user_in_several_accounts_pauses_the_poll(
    fake: ChatwootApi, chatwoot: str, relay: Relay, api: httpx.AsyncClient
) -> None:
    """Which account's webhooks the source has cannot be told: the reason says so."""
    fake.accounts.append(Account(id=5, name="別会社"))
    source_id = await create_source(api, chatwoot)
    assert await poll(relay) == 0
    reason = state(relay, source_id).paused_reason
    assert reason is not None
    assert "belongs to 2 Chatwoot accounts (3, 5)" in reason


async def test_the_cursor_advances_and_a_later_poll_reads_nothing_again(
    fake: ChatwootApi, chatwoot: str, relay: Relay, api: httpx.AsyncClient
) -> None:
    """A conversation read in full is not read again until it is active again."""
    source_id = await create_source(api, chatwoot)
    talk = conversation(1201)
    mail(fake, talk, 90002)
    assert await poll(relay) == 1
    assert state(relay, source_id).next_at == NOW + timedelta(minutes=5)
    before = fake.requests
    assert await poll(relay, NOW + timedelta(minutes=5)) == 0
    assert fake.requests - before == 1  # one page of conversations, nothing new in them
    assert state(relay, source_id).cursor["read_until"] == int(NOW.timestamp()) + 4 * 60
    later = NOW + timedelta(minutes=7)
    fake.add_message(
        talk, message_id=90005, at=later, content="確認済み", sender=TANAKA, private=True
    )
    assert await poll(relay, NOW + timedelta(minutes=10)) == 1
    assert sorted(stored(relay)) == ["chatwoot:message:90002", "chatwoot:message:90005"]


async def test_a_busy_moment_is_filled_over_several_polls_without_a_gap(
    fake: ChatwootApi, chatwoot: str, relay: Relay, api: httpx.AsyncClient
) -> None:
    """A poll that runs out of requests keeps what is left and comes back a minute later."""
    source_id = await create_source(api, chatwoot)
    for number in range(30):
        mail(fake, conversation(2000 + number), 95000 + number, AT + timedelta(seconds=number))
    at, rounds = NOW, 0
    await poll(relay, at)
    assert "pending" in state(relay, source_id).cursor
    assert state(relay, source_id).next_at == NOW + timedelta(minutes=1)
    while "pending" in state(relay, source_id).cursor and rounds < 10:
        at, rounds = at + timedelta(minutes=1), rounds + 1
        await poll(relay, at)
    assert sorted(stored(relay)) == [f"chatwoot:message:{95000 + n}" for n in range(30)]
    assert "pending" not in state(relay, source_id).cursor


async def test_a_backlog_pages_deep_is_filled_while_conversations_move_up(
    fake: ChatwootApi, chatwoot: str, relay: Relay, api: httpx.AsyncClient
) -> None:
    """Each poll goes on from the page where the last one stopped, as others become active."""
    source_id = await create_source(api, chatwoot)
    talks = [conversation(3000 + n) for n in range(100)]
    for number, talk in enumerate(talks):
        mail(fake, talk, 96000 + number, NOW - timedelta(seconds=170 - number))
    at, replies = NOW, iter(range(99000, 100000))
    for _ in range(30):
        await poll(relay, at)
        if "pending" not in state(relay, source_id).cursor:
            break
        filled = {int(i.rsplit(":", 1)[-1]) - 96000 for i in stored(relay)}
        left = [n for n in range(100) if n not in filled]
        # Some still to fill, and some filled, get the contact's answer: both move to the top.
        for number in left[-3:] + sorted(filled)[:3]:
            later = at + timedelta(seconds=10)
            fake.add_message(
                talks[number], message_id=next(replies), at=later, content="", kind="incoming"
            )
        at += timedelta(minutes=1)
    assert sorted(stored(relay)) == [f"chatwoot:message:{96000 + n}" for n in range(100)]
    assert "pending" not in state(relay, source_id).cursor


async def test_a_failing_chatwoot_fails_the_poll_and_keeps_the_cursor(
    fake: ChatwootApi, chatwoot: str, relay: Relay, api: httpx.AsyncClient
) -> None:
    """A 503 is tried again later, the cursor unchanged; then the gap is filled."""
    source_id = await create_source(api, chatwoot)
    mail(fake, conversation(1201), 90002)
    fake.fail(503)
    assert await poll(relay) == 0
    failed = state(relay, source_id)
    assert (failed.cursor, failed.failures, failed.paused_code) == ({}, 1, None)
    assert failed.last_error is not None
    assert "answered 503 to GET /api/v1/profile" in failed.last_error
    assert await poll(relay, failed.next_at) == 1


async def test_a_base_url_not_in_the_source_hosts_pauses_with_the_reason(
    store: Store, fake: ChatwootApi, chatwoot: str
) -> None:
    """Without the fake's host in TICKETRELAY_SOURCE_HOSTS, the poll reaches nothing."""
    relay = Relay(store, Cipher(Secret("test key")), clock=lambda: NOW)
    settings = {"base_url": chatwoot, "chat_idle_minutes": 10}
    source = relay.hooks.create_source(
        "demo-support", "cw", "chatwoot", settings, Secret(SECRET), poll_secret=Secret(TOKEN)
    )
    assert await poll(relay) == 0
    paused = state(relay, source.id)
    assert paused.paused_code == "credential_refused"
    assert paused.paused_reason is not None
    assert "TICKETRELAY_SOURCE_HOSTS" in paused.paused_reason
    assert fake.requests == 0
