"""The service over real loopback HTTP: uvicorn in a thread, and a client that speaks to it."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from ticketrelay.config import Settings
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.serving import bind, in_thread
from ticketrelay.store import Store

ADMIN_TOKEN = "admin-token-for-tests"
SECRET_KEY = "e2e test key"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
WAIT_SECONDS = 30.0


def settings_of(store: Store) -> Settings:
    """Settings as the environment of these tests would give them."""
    return Settings(
        database_url=store.engine.url.render_as_string(hide_password=False),
        admin_token=Secret(ADMIN_TOKEN),
        secret_key=Secret(SECRET_KEY),
        kintone_hosts=("localhost",),
    )


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """Serve an app on a free loopback port in a thread for the block; its base URL."""
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="on")
    with in_thread(config, bind("127.0.0.1", 0)) as port:
        yield f"http://127.0.0.1:{port}"


def wait_for(condition: Callable[[], Any], what: str) -> Any:
    """Poll until `condition` gives something true, and return it; fail after a long while."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not (result := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)
    return result


@dataclass(frozen=True)
class Service:
    """A running service: its URL, its relay and a client."""

    url: str
    relay: Relay
    http: httpx.Client

    def source(self, account: str = "acme") -> dict[str, str]:
        """The Authorization header of a new source of an account."""
        created = self.http.post(
            "/api/v1/sources", json={"account": account, "name": "desk"}, headers=ADMIN
        )
        assert created.status_code == 201, created.text
        return {"Authorization": f"Bearer {created.json()['token']}"}

    def send(self, headers: dict[str, str], body: object) -> httpx.Response:
        """POST events."""
        return self.http.post("/api/v1/events", json=body, headers=headers)

    def admin(self, method: str, path: str, **options: Any) -> httpx.Response:
        """Call the management API with the admin token."""
        headers = {**ADMIN, **options.pop("headers", {})}
        return self.http.request(method, f"/api/v1{path}", headers=headers, **options)
