"""Fixtures of the settings page's HTTP tests: the pages on a real database, a clock, a client."""

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from ticketrelay.config import Settings
from ticketrelay.crypto import Cipher
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import Store
from ticketrelay.web.pages import install
from ticketrelay.web.pages.brake import LoginThrottle

ADMIN_TOKEN = "the-admin-token"
START = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


class Clock:
    """A clock that tests move by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward."""
        self.now += delta


@pytest.fixture
def clock() -> Clock:
    """The relay's clock, at 10:00 in Tokyo on 2026-11-25."""
    return Clock()


@pytest.fixture
def relay(store: Store, clock: Clock) -> Relay:
    """A relay on the test database that may point at the simulator on localhost."""
    return Relay(store, Cipher(Secret("test key")), allowed_hosts=("localhost",), clock=clock)


@pytest.fixture
def app(relay: Relay) -> FastAPI:
    """The pages alone on an app, with failed logins braked without waiting."""
    app = FastAPI()
    settings = Settings(database_url="sqlite://", admin_token=Secret(ADMIN_TOKEN))
    install(app, relay, settings, throttle=LoginThrottle(delay_seconds=0))
    return app


def browser(app: FastAPI, base_url: str = "http://pages.test") -> httpx.AsyncClient:
    """A client that keeps cookies like a browser, talking to the app in-process."""
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url=base_url, follow_redirects=False)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A browser without a session, over plain http."""
    async with browser(app) as found:
        yield found


@pytest.fixture
async def admin(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The client, logged in."""
    assert await log_in(client, ADMIN_TOKEN) == 303
    return client


async def log_in(client: httpx.AsyncClient, password: str) -> int:
    """Fill in the login form; return the answer's status."""
    form = await client.get("/login")
    answer = await client.post(
        "/login", data={"password": password, "csrf_token": csrf_of(form.text), "next": "/"}
    )
    return answer.status_code


async def csrf(client: httpx.AsyncClient, path: str = "/sources") -> str:
    """The session's CSRF token, read from a page's form."""
    return csrf_of((await client.get(path)).text)


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None, "the page has no CSRF field"
    return found.group(1)
