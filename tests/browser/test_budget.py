"""The daily request budget in the browser: the figures, and the warning from 80%."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots
from tests.browser.helpers import connect, log_in
from tests.browser.server import Served
from ticketrelay.kintone.sim import Simulator
from ticketrelay.store import limits

pytestmark = pytest.mark.browser


def test_the_list_and_the_editor_warn_from_80_percent(
    page: Page, served: Served, sim: Simulator, shots: Shots
) -> None:
    """8,000 of 10,000 requests: a warning above the list, the row's figures, the editor's."""
    busy = connect(served, sim, name="問い合わせが多い連携")
    connect(served, sim, name="通常")
    with served.relay.store.write() as conn:
        for _ in range(8_000):
            limits.spend(conn, busy.integration_id, served.relay.clock().date(), 10_000)

    log_in(page, served)
    warning = page.locator("#budget-alerts")
    expect(warning).to_contain_text("「問い合わせが多い連携」")
    expect(warning).to_contain_text("上限の80%に達しました(8,000 / 10,000回)")
    expect(warning).not_to_contain_text("通常")
    rows = page.locator("#integrations tbody tr")
    expect(rows.nth(0).locator("[data-stat=requests]")).to_contain_text("8,000 / 10,000回")
    expect(rows.nth(1).locator("[data-stat=requests]")).to_have_text("0 / 10,000回")
    shots.take(page, "list")

    warning.locator("a").click()
    expect(page.locator("#budget-alert")).to_contain_text(
        "0:00 UTC(日本時間 9:00)まで同期が止まります"
    )
    expect(page.locator("#budget")).to_contain_text("上限の80%")
    shots.take(page, "editor")
