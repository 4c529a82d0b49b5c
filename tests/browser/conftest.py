"""Fixtures of the browser tests: Debian's Chromium, the simulator, and the pages on a server."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.server import ADMIN_PASSWORD, Served, serve, service_app
from ticketrelay.config import Settings
from ticketrelay.crypto import Cipher
from ticketrelay.kintone.sim import Simulator, run_simulator
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright; the tests skip when it is not installed.

    Package-scoped: Playwright's sync API keeps an event loop running on the main thread
    while it is started, which the async tests of other packages could not run beside.
    """
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (scripts/setup-chromium installs it)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
            args=CHROMIUM_ARGS,
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser tab (its own cookies), 1280 pixels wide, that accepts every confirm()."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP", accept_downloads=True
    )
    tab = context.new_page()
    tab.on("dialog", lambda dialog: dialog.accept())
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="package")
def sim() -> Iterator[Simulator]:
    """One kintone simulator for the browser tests."""
    with run_simulator() as simulator:
        yield simulator


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """The settings page on a fresh SQLite database, served on loopback."""
    url = f"sqlite:///{tmp_path / 'ticketrelay.db'}"
    store = open_store(url)
    relay = Relay(store, Cipher(Secret("browser test key")), allowed_hosts=("localhost",))
    settings = Settings(
        database_url=url, admin_token=Secret(ADMIN_PASSWORD), kintone_hosts=("localhost",)
    )
    try:
        with serve(service_app(relay, settings)) as base:
            yield Served(base, relay)
    finally:
        relay.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> "Shots":
    """Saves screenshots under test-artifacts/screens/, named after the test."""
    return Shots(request.node.name)


class Shots:
    """Full-page screenshots of a test, numbered in the order they were taken."""

    def __init__(self, test: str) -> None:
        self.test = test
        self.count = 0

    def take(self, page: Page, name: str) -> Path:
        """Save a full-page screenshot of `page`."""
        self.count += 1
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{self.test}-{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
