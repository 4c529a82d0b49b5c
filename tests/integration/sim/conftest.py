"""Fixtures: one simulator over real loopback HTTP for the session, apps and tokens per test."""

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from ticketrelay.kintone.sim import SimSettings, Simulator, run_simulator

ADMIN = {"X-Cybozu-Authorization": base64.b64encode(b"admin:admin").decode()}
START = datetime(2026, 11, 25, 15, 30, 45, tzinfo=UTC)


def options(*names: str) -> dict[str, dict[str, str]]:
    """Options in kintone's shape."""
    return {name: {"label": name, "index": str(i)} for i, name in enumerate(names)}


FIELDS: dict[str, dict[str, Any]] = {
    "title": {"type": "SINGLE_LINE_TEXT", "required": True, "minLength": "2", "maxLength": "10"},
    "key": {"type": "SINGLE_LINE_TEXT", "unique": True},
    "memo": {"type": "MULTI_LINE_TEXT", "defaultValue": "none"},
    "html": {"type": "RICH_TEXT"},
    "amount": {"type": "NUMBER", "minValue": "0", "maxValue": "1000"},
    "serial": {"type": "NUMBER", "unique": True},
    "day": {"type": "DATE", "defaultValue": "2026-01-02"},
    "today": {"type": "DATE", "defaultNowValue": True},
    "at": {"type": "TIME"},
    "stamp": {"type": "DATETIME", "defaultNowValue": True},
    "url": {"type": "LINK", "protocol": "WEB", "maxLength": "30"},
    "kind": {"type": "RADIO_BUTTON", "options": options("a", "b"), "defaultValue": "b"},
    "level": {"type": "DROP_DOWN", "options": options("low", "high")},
    "tags": {"type": "CHECK_BOX", "options": options("x", "y"), "defaultValue": ["x"]},
}


class FakeClock:
    """A clock that tests move by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Kintone:
    """An httpx client on the simulator, with kintone's paths spelled short."""

    http: httpx.Client
    sim: Simulator

    def call(
        self,
        method: str,
        api: str,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        guest: int | None = None,
    ) -> httpx.Response:
        """Send one request to `/k/v1/{api}` (or the guest path) as admin unless told."""
        prefix = f"/k/guest/{guest}/v1" if guest is not None else "/k/v1"
        return self.http.request(
            method,
            f"{prefix}/{api}",
            json=body,
            params=params,
            headers=ADMIN if headers is None else headers,
        )

    def sim_admin(self) -> dict[str, str]:
        """The admin's password header."""
        return dict(ADMIN)

    def token_headers(self, *tokens: str) -> dict[str, str]:
        """The API-token header."""
        return {"X-Cybozu-API-Token": ",".join(tokens)}


@pytest.fixture(scope="session")
def clock() -> FakeClock:
    """The session simulator's clock."""
    return FakeClock()


@pytest.fixture(scope="session")
def sim(clock: FakeClock) -> Iterator[Simulator]:
    """The simulator with default settings, serving in a background thread."""
    with run_simulator(SimSettings(), clock=clock) as running:
        yield running


@pytest.fixture(scope="session")
def http(sim: Simulator) -> Iterator[httpx.Client]:
    """An HTTP client on the simulator."""
    with httpx.Client(base_url=sim.url, timeout=30) as client:
        yield client


@pytest.fixture
def kintone(http: httpx.Client, sim: Simulator) -> Iterator[Kintone]:
    """Short calls to the simulator; faults are switched off after each test."""
    yield Kintone(http, sim)
    sim.clear_faults()


@pytest.fixture
def app(sim: Simulator) -> int:
    """A fresh deployed app with one field of every writable type."""
    return sim.create_app("rules", FIELDS)


@pytest.fixture
def token(sim: Simulator, app: int) -> str:
    """A token of `app` with view, add, edit and delete."""
    return sim.issue_token(app)


def error_of(response: httpx.Response) -> tuple[int, str, dict[str, list[str]]]:
    """Status, code and errors (by key, the messages) of a kintone error answer."""
    body = response.json()
    errors = {key: entry["messages"] for key, entry in body.get("errors", {}).items()}
    return response.status_code, body["code"], errors
