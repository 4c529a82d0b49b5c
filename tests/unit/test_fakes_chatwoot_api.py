"""The fake of Chatwoot's API answers as Chatwoot does, to its token alone."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

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
    private_note,
)
from ticketrelay.fakes.chatwoot_api import ChatwootApi
from ticketrelay.rules import chatwoot_api
from ticketrelay.rules.chatwoot import ChatwootSettings, translate

pytestmark = pytest.mark.anyio
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ACCOUNT = Account(id=3, name="デモサポート株式会社")
TANAKA = Agent(id=7, name="田中 健太", email="tanaka@demo-support.example")
SATO = Agent(id=8, name="佐藤 花子", email="sato@demo-support.example")
BOT = Bot(id=2, name="サポートボット")
OGAWA = Contact(id=51, name="小川 愛", email="ogawa@example.jp", phone_number="+819012345678")
MAIL = Inbox(id=4, name="サポート窓口", channel=EMAIL, address="support@demo-support.example")
CHAT = Inbox(id=9, name="LINE", channel=LINE)
TOKEN = {"api_access_token": "t0ken"}
CONVERSATIONS = "/api/v1/accounts/3/conversations"


def conversation(display_id: int, inbox: Inbox = MAIL, **fields: Any) -> Conversation:
    """A conversation of 小川 愛's, made at T0."""
    return Conversation(
        account=ACCOUNT,
        inbox=inbox,
        display_id=display_id,
        contact=OGAWA,
        contact_inbox_id=88,
        assignee=fields.pop("assignee", TANAKA),
        created_at=T0,
        subject=fields.pop("subject", "ご登録住所の変更について"),
        **fields,
    )


@pytest.fixture
def fake() -> ChatwootApi:
    """A fake whose user, 田中 健太, is in account 3 alone."""
    return ChatwootApi(token="t0ken", user=TANAKA, accounts=[ACCOUNT])


@pytest.fixture
async def client(fake: ChatwootApi) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the fake's app."""
    transport = httpx.ASGITransport(app=fake.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://chatwoot.test") as found:
        yield found


async def get(client: httpx.AsyncClient, path: str, **params: str) -> Any:
    """The JSON of a GET with the token, which must be answered 200."""
    answer = await client.get(path, params=params, headers=TOKEN)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_a_conversation_is_listed_as_chatwoot_lists_it(
    fake: ChatwootApi, client: httpx.AsyncClient
) -> None:
    """`data.payload` holds the conversation partial; its activity is its newest message."""
    talk = conversation(1201)
    fake.add_message(talk, message_id=90002, at=T0 + timedelta(minutes=5), content="x")
    found = await get(client, CONVERSATIONS)
    assert found["data"]["meta"]["all_count"] == 1
    [listed] = found["data"]["payload"]
    assert listed["id"] == 1201
    assert listed["account_id"] == 3
    assert listed["inbox_id"] == 4
    assert listed["meta"]["channel"] == "Channel::Email"
    assert listed["meta"]["sender"]["email"] == "ogawa@example.jp"
    assert listed["meta"]["assignee"]["email"] == "tanaka@demo-support.example"
    assert listed["additional_attributes"]["mail_subject"] == "ご登録住所の変更について"
    assert listed["last_activity_at"] == listed["timestamp"] == int(T0.timestamp()) + 300
    assert chatwoot_api.conversation_page(found) == found["data"]["payload"]


async def test_conversations_come_25_a_page_most_recently_active_first(
    fake: ChatwootApi, client: httpx.AsyncClient
) -> None:
    """Open ones by default, every status with `status=all`; a page past the end is empty."""
    for number in range(30):
        talk = conversation(1000 + number)
        fake.add_message(talk, message_id=number + 1, at=T0 + timedelta(seconds=number), content="")
    fake.add_conversation(conversation(1000), status="resolved")
    first = (await get(client, CONVERSATIONS, status="all"))["data"]["payload"]
    assert [c["id"] for c in first[:2]] == [1029, 1028]
    assert len(first) == 25
    second = (await get(client, CONVERSATIONS, status="all", page="2"))["data"]["payload"]
    assert [c["id"] for c in second] == [1004, 1003, 1002, 1001, 1000]
    assert (await get(client, CONVERSATIONS, status="all", page="3"))["data"]["payload"] == []
    assert len((await get(client, CONVERSATIONS, page="2"))["data"]["payload"]) == 4
    resolved = (await get(client, CONVERSATIONS, status="resolved"))["data"]["payload"]
    assert [(c["id"], c["status"]) for c in resolved] == [(1000, "resolved")]


async def test_messages_come_20_at_a_time_oldest_first_back_to_before(
    fake: ChatwootApi, client: httpx.AsyncClient
) -> None:
    """The newest 20, then the 20 before an ID; an unknown conversation is 404."""
    talk = conversation(1201)
    for number in range(25):
        fake.add_message(
            talk, message_id=100 + number, at=T0 + timedelta(seconds=number), content=""
        )
    path = f"{CONVERSATIONS}/1201/messages"
    newest = (await get(client, path))["payload"]
    assert [m["id"] for m in newest] == list(range(105, 125))
    older = (await get(client, path, before="105"))["payload"]
    assert [m["id"] for m in older] == list(range(100, 105))
    assert chatwoot_api.message_page(await get(client, path)) == newest
    gone = await client.get(f"{CONVERSATIONS}/999/messages", headers=TOKEN)
    assert gone.status_code == 404


async def test_each_sender_is_rendered_as_chatwoot_renders_it(
    fake: ChatwootApi, client: httpx.AsyncClient
) -> None:
    """A user without an e-mail, a bot, the contact, or none; the type as its number."""
    talk = conversation(1410, CHAT)
    fake.add_message(talk, message_id=1, at=T0, content="a", kind="incoming")
    fake.add_message(talk, message_id=2, at=T0, content="b", sender=TANAKA)
    fake.add_message(talk, message_id=3, at=T0, content="c", sender=BOT)
    fake.add_message(talk, message_id=4, at=T0, content="d", kind="activity")
    first, user, bot, activity = (await get(client, f"{CONVERSATIONS}/1410/messages"))["payload"]
    assert (first["message_type"], first["sender"]["type"]) == (0, "contact")
    assert first["sender"]["email"] == "ogawa@example.jp"
    assert user["sender"]["type"] == "user"
    assert "email" not in user["sender"]
    assert (bot["message_type"], bot["sender"]["type"]) == (1, "agent_bot")
    assert (activity["message_type"], "sender" in activity) == (2, False)
    assert user["created_at"] == int(T0.timestamp())


async def test_the_profile_and_the_agents_give_accounts_and_e_mails(
    fake: ChatwootApi, client: httpx.AsyncClient
) -> None:
    """The user's accounts; the account's agents with their e-mails, senders included."""
    fake.add_message(conversation(1201), message_id=1, at=T0, content="", sender=SATO)
    assert chatwoot_api.profile_accounts(await get(client, "/api/v1/profile")) == [3]
    emails = chatwoot_api.agent_emails(await get(client, "/api/v1/accounts/3/agents"))
    assert emails == {7: "tanaka@demo-support.example", 8: "sato@demo-support.example"}


@pytest.mark.parametrize(
    ("path", "headers", "error"),
    [
        ("/api/v1/profile", {}, "Invalid Access Token"),
        (CONVERSATIONS, {"api_access_token": "wrong"}, "Invalid Access Token"),
        ("/api/v1/accounts/4/agents", TOKEN, "You are not authorized to access this account"),
    ],
)
async def test_only_the_token_is_answered_and_only_for_the_users_accounts(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], error: str
) -> None:
    """401 with Chatwoot's `{"error": ...}` otherwise."""
    answer = await client.get(path, headers=headers)
    assert (answer.status_code, answer.json()) == (401, {"error": error})


async def test_failures_answer_the_next_requests_and_every_request_counts(
    fake: ChatwootApi, client: httpx.AsyncClient
) -> None:
    """One status a request, in order, then the real answers again."""
    fake.fail(503, 429)
    statuses = [(await client.get("/api/v1/profile", headers=TOKEN)).status_code for _ in range(3)]
    assert statuses == [503, 429, 200]
    assert fake.requests == 3


@pytest.mark.parametrize("kind", ["mail", "note"])
async def test_what_the_fake_serves_translates_as_the_webhook_of_the_same_message(
    fake: ChatwootApi, client: httpx.AsyncClient, kind: str
) -> None:
    """The webhook fake and the API fake describe the same message the same way."""
    talk = conversation(1201)
    build = agent_mail if kind == "mail" else private_note
    webhook = build(talk, TANAKA, message_id=90002, at=T0, content="ご案内します。")
    recipients = {"to_emails": ["ogawa@example.jp"], "cc_emails": [], "bcc_emails": []}
    fake.add_message(
        talk,
        message_id=90002,
        at=T0,
        content="ご案内します。",
        sender=TANAKA,
        private=kind == "note",
        attributes=recipients if kind == "mail" else None,
    )
    [listed] = chatwoot_api.conversation_page(await get(client, CONVERSATIONS))
    [message] = chatwoot_api.message_page(await get(client, f"{CONVERSATIONS}/1201/messages"))
    emails = chatwoot_api.agent_emails(await get(client, "/api/v1/accounts/3/agents"))
    settings = ChatwootSettings(account="demo", base_url="https://chatwoot.example.com")
    filled = translate(chatwoot_api.message_created(listed, message, emails), settings)
    assert filled.events
    assert filled == translate(webhook, settings)
