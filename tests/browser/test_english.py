"""The English switch: every page in English, the check's problems too."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots
from tests.browser.helpers import connect, drain, log_in, mail, post_events, source_token
from tests.browser.server import Served
from ticketrelay.kintone.sim import Simulator

pytestmark = pytest.mark.browser


def test_every_page_reads_in_english(
    page: Page, served: Served, sim: Simulator, shots: Shots
) -> None:
    """One click switches the language; the choice stays for the following pages."""
    target = connect(served, sim, mapping={"subject": "subject", "activity_id": "activity_id"})
    post_events(served, source_token(served.relay), [mail(1, subject="長" * 101)])
    drain(served.relay)
    log_in(page, served)
    page.click("text=English")
    expect(page.locator("h1")).to_have_text("Integrations")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shots.take(page, "list")

    page.click("text=Edit")
    expect(page.locator("#mapping-section")).to_contain_text("Field start_at is required")
    expect(page.locator("#row-subject")).to_contain_text("ERROR when")
    shots.take(page, "editor")
    page.goto(f"{served.url}/integrations/{target.integration_id}/errors")
    expect(page.locator("#error-log")).to_contain_text("more than the 100 that field subject")
    shots.take(page, "log")
    page.goto(served.url + "/sources")
    expect(page.locator("h1")).to_have_text("Sources")
    page.click("text=日本語")
    expect(page.locator("h1")).to_have_text("送信元")
