"""The daily request budget on the pages: requests today, a warning from 80%, the pause."""

import httpx
import pytest
from fastapi import FastAPI

from tests.integration.pages.conftest import ADMIN_TOKEN
from ticketrelay.config import Settings
from ticketrelay.delivery import limits
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import limits as shared
from ticketrelay.web.pages import install
from ticketrelay.web.pages.brake import LoginThrottle

pytestmark = pytest.mark.anyio
BUDGET = 10
WARNING = (
    "本日の kintone API リクエストが上限の80%に達しました(8 / 10回)。"
    "上限に達すると、0:00 UTC(日本時間 9:00)まで同期が止まります。"
    "アクティビティは失われず、送信待ちのまま残ります。"
)
WARNING_EN = (
    "80% of today&#39;s kintone API request budget is used (8 of 10). "
    "When it runs out, syncing stops until 00:00 UTC (09:00 JST); "
    "activities are not lost but wait in the queue."
)
SPENT = (
    "本日の kintone API リクエストの上限(10回)に達したため、同期を一時停止しています。"
    "0:00 UTC(日本時間 9:00)に自動で再開します。送信待ちのアクティビティは失われません。"
)


@pytest.fixture
def app(relay: Relay) -> FastAPI:
    """The pages with a budget of ten requests a day."""
    app = FastAPI()
    settings = Settings(
        database_url="sqlite://", admin_token=Secret(ADMIN_TOKEN), daily_request_budget=BUDGET
    )
    install(app, relay, settings, throttle=LoginThrottle(delay_seconds=0))
    return app


async def _integration(relay: Relay, name: str = "sales") -> int:
    spec = IntegrationSpec(
        name=name,
        account="acme",
        base_url="http://localhost:9",
        app=1,
        api_token=Secret("token"),
        mapping={"subject": "subject"},
    )
    integration, _ = await relay.create_integration(spec)
    return integration.id


def _spend(relay: Relay, integration_id: int, requests: int) -> None:
    """Count requests against today's budget, as the worker does."""
    with relay.store.write() as conn:
        for _ in range(requests):
            shared.spend(conn, integration_id, relay.clock().date(), BUDGET)


async def _pages(admin: httpx.AsyncClient, integration_id: int) -> tuple[str, str]:
    listed = await admin.get("/")
    edited = await admin.get(f"/integrations/{integration_id}")
    return listed.text, edited.text


async def test_requests_today_are_shown_out_of_the_budget(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """The list and the editor show the requests used today against the budget."""
    integration_id = await _integration(relay)
    _spend(relay, integration_id, 3)
    listed, edited = await _pages(admin, integration_id)
    assert 'data-stat="requests">3 / 10回</td>' in listed
    assert "<strong>3 / 10回</strong>" in edited


async def test_below_80_percent_there_is_no_warning(admin: httpx.AsyncClient, relay: Relay) -> None:
    """Seven of ten requests: the figures, and no warning anywhere."""
    integration_id = await _integration(relay)
    _spend(relay, integration_id, 7)
    for page in await _pages(admin, integration_id):
        assert "リクエストが上限の" not in page
        assert 'role="alert"' not in page


async def test_at_80_percent_both_pages_warn(admin: httpx.AsyncClient, relay: Relay) -> None:
    """Eight of ten: the list and the editor say what happens when the budget runs out."""
    integration_id = await _integration(relay)
    quiet = await _integration(relay, "quiet")
    _spend(relay, integration_id, 8)
    listed, edited = await _pages(admin, integration_id)
    assert f"「sales」: </a>{WARNING}</li>" in listed
    assert "「quiet」" not in listed
    assert f'data-budget="warning">\n  <strong>{WARNING}</strong>' in edited
    assert "リクエストが上限の" not in (await admin.get(f"/integrations/{quiet}")).text


async def test_the_warning_is_in_english_too(admin: httpx.AsyncClient, relay: Relay) -> None:
    """With English chosen, the same warning in English."""
    integration_id = await _integration(relay)
    _spend(relay, integration_id, 8)
    await admin.get("/lang/en")
    for page in await _pages(admin, integration_id):
        assert WARNING_EN in page


async def test_a_spent_budget_says_delivery_is_paused_until_midnight_utc(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """Once the worker finds the budget spent, both pages say it is paused and resumes alone."""
    integration_id = await _integration(relay)
    _spend(relay, integration_id, BUDGET)
    paused = await limits.spend(relay.store, integration_id, BUDGET, relay.clock())
    assert paused is not None
    listed, edited = await _pages(admin, integration_id)
    assert f"「sales」: </a>{SPENT}</li>" in listed
    assert f'data-budget="spent">\n  <strong>{SPENT}</strong>' in edited
    assert "設定を直して保存すると" not in edited
