"""The login brake over real HTTP: whose address `ticketrelay serve` keys it on, how many
attempts it lets through at once, and the way in that stays open while it is on."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI

from tests.e2e.cli import environment, free_port, started
from tests.e2e.server import ADMIN_TOKEN, settings_of, wait_for
from tests.integration.pages.conftest import csrf_of
from ticketrelay.relay import Relay
from ticketrelay.serving import bind, in_thread, quiet_config
from ticketrelay.store import Store
from ticketrelay.web.pages import install
from ticketrelay.web.pages.brake import LoginThrottle
from ticketrelay.web.pages.sessions import COOKIE, LOGIN_CSRF_COOKIE


@contextmanager
def _serve(store: Store, folder: Path, trusted: str | None = None) -> Iterator[httpx.Client]:
    """`ticketrelay serve` as a process (no worker); a client of its login form."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = environment(store)
    if trusted is not None:
        env["TICKETRELAY_TRUSTED_PROXIES"] = trusted
    with started("serve", "--port", str(port), "--no-worker", env=env, cwd=folder) as process:
        wait_for(lambda: _healthy(url) or process.poll() is not None, "the service")
        assert process.poll() is None, (folder / "stderr.log").read_text()
        with httpx.Client(base_url=url, timeout=30) as http:
            yield http


@contextmanager
def _pages(relay: Relay) -> Iterator[httpx.Client]:
    """The settings page alone under uvicorn in a thread, failures answered without a pause."""
    app = FastAPI()
    install(app, relay, settings_of(relay.store), throttle=LoginThrottle(delay_seconds=0))
    with (
        in_thread(quiet_config(app), bind("127.0.0.1", 0)) as port,
        httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http,
    ):
        yield http


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def _log_in(http: httpx.Client, password: str, forwarded_for: str | None = None) -> int:
    """One login attempt, claiming to be `forwarded_for` if given; the answer's status."""
    token = csrf_of(http.get("/login").text)
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    data = {"password": password, "csrf_token": token, "next": "/"}
    return http.post("/login", data=data, headers=headers).status_code


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(store: Store, tmp_path: Path) -> None:
    """30 wrong passwords, each claiming another client: 5 are checked, then 429."""
    with _serve(store, tmp_path) as http:
        answers = [_log_in(http, "guess", f"203.0.113.{n}") for n in range(30)]
    assert answers == [401] * 5 + [429] * 25


def test_x_forwarded_for_counts_from_a_trusted_proxy(store: Store, tmp_path: Path) -> None:
    """Behind a trusted proxy each client has its own brake: one guesser brakes only itself."""
    with _serve(store, tmp_path, trusted="127.0.0.1") as http:
        guesser = [_log_in(http, "guess", "203.0.113.7") for _ in range(6)]
        others = [_log_in(http, "guess", f"198.51.100.{n}") for n in range(3)]
        proxy_itself = _log_in(http, "guess")
    assert guesser == [401] * 5 + [429]
    assert others == [401] * 3
    assert proxy_itself == 401


def test_concurrent_attempts_check_at_most_five(relay: Relay) -> None:
    """60 wrong passwords at once from one address: 5 are checked (401), 55 refused (429)."""
    with _pages(relay) as http:
        http.get("/login")
        cookies = {LOGIN_CSRF_COOKIE: http.cookies[LOGIN_CSRF_COOKIE]}
        data = {"password": "guess", "csrf_token": cookies[LOGIN_CSRF_COOKIE], "next": "/"}

        def attempt(_: int) -> int:
            with httpx.Client(base_url=http.base_url, cookies=cookies, timeout=60) as client:
                return client.post("/login", data=data).status_code

        with ThreadPoolExecutor(max_workers=60) as pool:
            answers = sorted(pool.map(attempt, range(60)))
    assert answers == [401] * 5 + [429] * 55


def test_the_admin_token_gets_in_while_braked(relay: Relay) -> None:
    """A braked address (a proxy that names no client, say) still logs in with the admin token."""
    with _pages(relay) as http:
        assert [_log_in(http, "guess") for _ in range(6)] == [401] * 5 + [429]
        assert _log_in(http, ADMIN_TOKEN) == 303
        assert COOKIE in http.cookies
        assert http.get("/").status_code == 200
