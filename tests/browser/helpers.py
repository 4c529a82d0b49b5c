"""What the browser tests do again and again: log in, connect an app, send events, deliver."""

import re
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import anyio
import httpx
from playwright.sync_api import Page, expect

from tests.browser.server import ADMIN_PASSWORD, Served, off_thread
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.sender import SenderOptions
from ticketrelay.demo import DEMO_MAPPING, demo_fields
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.rules.retry import NO_WAITING
from ticketrelay.secret import Secret

ACCOUNT = "acme"
# Failed deliveries are retried at once; a paused integration is probed only much later,
# so that draining ends.
RETRY = replace(NO_WAITING, probe_first=timedelta(hours=1), probe_longest=timedelta(hours=1))


@dataclass(frozen=True, kw_only=True)
class Connected:
    """An app in the simulator and the integration delivering to it."""

    app: int
    token: str
    integration_id: int


def log_in(page: Page, served: Served) -> None:
    """Log in through the login page and land on the integrations list."""
    page.goto(served.url + "/login")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("連携一覧")


def new_app(sim: Simulator, name: str = "対応履歴") -> tuple[int, str]:
    """A demo app in the simulator and an API token of it."""
    app = sim.create_app(name, demo_fields())
    return app, sim.issue_token(app)


def connect(served: Served, sim: Simulator, name: str = "対応履歴アプリ", **spec: Any) -> Connected:
    """An integration onto a new demo app, created through the Python API."""
    app, token = new_app(sim)
    values: dict[str, Any] = {"mapping": DEMO_MAPPING, **spec}
    integration, _ = off_thread(
        lambda: anyio.run(
            served.relay.create_integration,
            IntegrationSpec(
                name=name,
                account=ACCOUNT,
                base_url=sim.url,
                app=app,
                api_token=Secret(token),
                **values,
            ),
        )
    )
    return Connected(app=app, token=token, integration_id=integration.id)


def source_token(relay: Relay) -> str:
    """A new source's bearer token."""
    _, token = relay.create_source(ACCOUNT, "desk")
    return token.reveal()


def post_events(served: Served, token: str, events: list[dict[str, Any]]) -> None:
    """Send events through the event API, as a helpdesk does."""
    answer = httpx.post(
        served.url + "/api/v1/events",
        json={"events": events},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["accepted"] == len(events)


def drain(relay: Relay) -> int:
    """Deliver everything that is due now, retrying at once; how many were settled."""

    async def run() -> int:
        options = WorkerOptions(sender=SenderOptions(retry=RETRY), tasks=1)
        total = 0
        async with relay.worker(options) as worker:
            # A pause settles nothing, which ends one drain while other integrations may still
            # have due work: drain until a second drain in a row finds nothing either.
            for _ in range(2):
                while settled := await worker.drain():
                    total += settled
        return total

    return off_thread(lambda: anyio.run(run))


def mail(n: int, **data: Any) -> dict[str, Any]:
    """A sent mail event, number `n`."""
    return {
        "id": f"event-{n}",
        "type": "message.sent",
        "inbox": "support",
        "occurred_at": "2026-11-25T10:00:00+09:00",
        "operator": {"email": "sato@example.jp", "family_name": "佐藤", "given_name": "花子"},
        "data": {
            "message_id": f"message-{n}",
            "channel": "mail",
            "subject": f"お問い合わせ {n}",
            "body": "いつもお世話になっております。",
            "url": f"https://desk.example.jp/m/{n}",
            "draft_saved_at": "2026-11-25T09:55:00+09:00",
            "to": ["customer@example.com"],
            **data,
        },
    }


def integration_id_of(page: Page) -> int:
    """The integration ID in the URL of the editor."""
    found = re.search(r"/integrations/(\d+)", page.url)
    assert found is not None, page.url
    return int(found.group(1))
