"""The shipped fake of Zendesk Talk's API: Zendesk's shapes, Basic auth, pages and the limit."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from ticketrelay.fakes.zendesk_talk import EXPORT, ZendeskTalk
from ticketrelay.rules.zendesk_talk import TalkSettings, call_events, read_page

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
START = int((NOW - timedelta(hours=1)).timestamp())
AUTH = httpx.BasicAuth("admin@acme.example/token", "t0ken")


class Clock:
    """A clock that the tests move by hand."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    """Time at NOW until a test moves it."""
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> ZendeskTalk:
    """A fake account with one agent, pages of two calls."""
    talk = ZendeskTalk(email="admin@acme.example", token="t0ken", clock=clock, page_size=2)
    talk.add_agent("佐藤 花子", "sato@acme.example")
    return talk


@pytest.fixture
async def http(fake: ZendeskTalk) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the fake, authenticated as its admin."""
    transport = httpx.ASGITransport(app=fake.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://zd", auth=AUTH) as client:
        yield client


async def export(http: httpx.AsyncClient, start: int = START) -> httpx.Response:
    """One request of the incremental calls export."""
    return await http.get(EXPORT, params={"start_time": str(start)})


async def test_the_export_gives_the_calls_in_zendesks_shape(
    fake: ZendeskTalk, http: httpx.AsyncClient
) -> None:
    """`calls`, `count`, `end_time`, `end_of_stream` and a `next_page` from `end_time`."""
    made = fake.add_call(agent=8447388090001, phone="+819012345678")
    body = (await export(http)).json()
    assert body["calls"] == [made]
    assert (body["count"], body["end_of_stream"]) == (1, True)
    assert body["end_time"] == int(NOW.timestamp())
    assert body["next_page"] == f"http://zd{EXPORT}?start_time={int(NOW.timestamp())}"
    assert made["created_at"] == "2026-12-01T08:57:00Z"
    assert made["updated_at"] == "2026-12-01T09:00:00Z"


async def test_the_export_pages_in_whole_seconds(
    fake: ZendeskTalk, http: httpx.AsyncClient, clock: Clock
) -> None:
    """Two a page, but never splitting a second; the next page starts at the end time."""
    ids = []
    for seconds in (0, 1, 1, 2):
        clock.now = NOW + timedelta(seconds=seconds)
        ids.append(fake.add_call(agent=None, phone="+819000000000")["id"])
    first = (await export(http)).json()
    assert [c["id"] for c in first["calls"]] == ids[:3]
    assert first["end_of_stream"] is False
    second = (await export(http, first["end_time"])).json()
    assert [c["id"] for c in second["calls"]] == ids[1:]
    assert second["end_of_stream"] is True


async def test_an_updated_call_comes_again(
    fake: ZendeskTalk, http: httpx.AsyncClient, clock: Clock
) -> None:
    """Changing a call moves its `updated_at`, so the export gives it after the old end."""
    made = fake.add_call(agent=None, phone="+819000000000", completion_status="pending_voicemail")
    end = (await export(http)).json()["end_time"]
    clock.now += timedelta(minutes=2)
    fake.update_call(made["id"], completion_status="completed", voicemail=True)
    (again,) = (await export(http, end + 1)).json()["calls"]
    assert (again["completion_status"], again["voicemail"]) == ("completed", True)


async def test_every_path_wants_the_api_token(fake: ZendeskTalk) -> None:
    """A wrong token, or none, is 401 with Zendesk's error."""
    transport = httpx.ASGITransport(app=fake.app)
    wrong = httpx.BasicAuth("admin@acme.example/token", "wrong")
    async with httpx.AsyncClient(transport=transport, base_url="http://zd") as client:
        for path in (f"{EXPORT}?start_time=0", "/api/v2/users/show_many?ids=1", "/api/v2/users/1"):
            for auth in (wrong, None):
                answer = await client.get(path, auth=auth or httpx.USE_CLIENT_DEFAULT)
                assert answer.status_code == 401
                assert answer.json() == {"error": "Couldn't authenticate you"}
    assert fake.export_times == []


async def test_ten_export_requests_a_minute_then_429_with_retry_after(
    fake: ZendeskTalk, http: httpx.AsyncClient, clock: Clock
) -> None:
    """The eleventh within a minute is refused, saying when to come back; it is not counted."""
    for second in range(10):
        clock.now = NOW + timedelta(seconds=second)
        assert (await export(http)).status_code == 200
    refused = await export(http)
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "51"
    assert (fake.throttled, fake.busiest_minute()) == (1, 10)
    clock.now = NOW + timedelta(minutes=1)
    assert (await export(http)).status_code == 200


async def test_requests_of_another_client_count_against_the_limit(
    fake: ZendeskTalk, http: httpx.AsyncClient
) -> None:
    """`spend` uses the account's budget as another client of it would."""
    fake.spend(10)
    assert (await export(http)).status_code == 429


async def test_a_failure_asked_for_answers_the_next_request(
    fake: ZendeskTalk, http: httpx.AsyncClient
) -> None:
    """`fail_next` answers once with that status, then all is well again."""
    fake.fail_next(503)
    assert (await export(http)).status_code == 503
    assert (await export(http)).status_code == 200


async def test_the_export_wants_a_start_time(http: httpx.AsyncClient) -> None:
    """No start time: 400."""
    assert (await http.get(EXPORT)).status_code == 400


async def test_users_and_tickets_one_or_many(fake: ZendeskTalk, http: httpx.AsyncClient) -> None:
    """`show_many` gives those that exist; one by ID, or 404."""
    made = fake.add_call(agent=8447388090001, phone="+819012345678")
    users = (await http.get("/api/v2/users/show_many", params={"ids": "8447388090001,7"})).json()
    assert [u["email"] for u in users["users"]] == ["sato@acme.example"]
    ticket = (await http.get(f"/api/v2/tickets/{made['ticket_id']}")).json()["ticket"]
    assert ticket["via"]["source"]["from"]["phone"] == "+819012345678"
    assert (await http.get("/api/v2/tickets/1")).status_code == 404
    assert (await http.get("/api/v2/groups/show_many?ids=1")).status_code == 404


async def test_its_calls_read_as_ticketrelays_call_events(
    fake: ZendeskTalk, http: httpx.AsyncClient
) -> None:
    """What the fake serves is what the rules read: an outbound call and its voice ticket."""
    made = fake.add_call(agent=8447388090001, phone="+819012345678", direction="outbound")
    (call,) = read_page((await export(http)).json(), START).calls
    settings = TalkSettings(account="acme", subdomain="acme")
    ended, memo = call_events(call, fake.users, fake.tickets, settings).events
    assert ended["data"]["kind"] == "outbound_answered"
    assert ended["data"]["counterpart_phone"] == "+819012345678"
    assert ended["operator"] == {"email": "sato@acme.example", "family_name": "佐藤 花子"}
    assert memo["data"]["subject"] == "Outbound call to: +819012345678"
    assert made["ticket_id"] == int(ended["data"]["ticket_id"])
