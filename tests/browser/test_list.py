"""The integrations list's status column: active, paused with kintone's reason, off."""

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots
from tests.browser.helpers import connect, drain, log_in, mail, post_events, source_token
from tests.browser.server import Served
from ticketrelay.kintone.sim import Simulator

pytestmark = pytest.mark.browser


def test_paused_and_off_integrations_say_so(
    page: Page, served: Served, sim: Simulator, shots: Shots
) -> None:
    """A revoked kintone token pauses delivery with a reason; a switched-off one is off."""
    paused = connect(served, sim, name="トークン失効")
    connect(served, sim, name="停止中", enabled=False)
    connect(served, sim, name="通常")
    revoked = httpx.delete(f"{sim.url}/_sim/apps/{paused.app}/api-tokens/{paused.token}")
    assert revoked.status_code == 200
    post_events(served, source_token(served.relay), [mail(1)])
    drain(served.relay)
    assert served.relay.integration(paused.integration_id).status == "paused"

    log_in(page, served)
    rows = page.locator("#integrations tbody tr")
    expect(rows.nth(0).locator(".status-cell")).to_contain_text("一時停止")
    expect(rows.nth(0).locator(".status-cell .reason")).not_to_be_empty()
    expect(rows.nth(0).locator("[data-stat=pending]")).to_have_text("1")
    expect(rows.nth(1).locator(".status-cell")).to_have_text("無効")
    expect(rows.nth(2).locator(".status-cell")).to_have_text("有効")
    expect(rows.nth(2).locator("[data-stat=today]")).to_have_text("1")
    shots.take(page, "statuses")

    rows.nth(0).locator("text=編集").click()
    expect(page.locator(".alert-warning")).to_contain_text("同期を一時停止しています")
    shots.take(page, "paused-editor")
