"""The sources page in a real browser: a token shown once, and revoked."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots
from tests.browser.helpers import log_in
from tests.browser.server import Served

pytestmark = pytest.mark.browser


def test_create_a_source_see_its_token_once_and_revoke_it(
    page: Page, served: Served, shots: Shots
) -> None:
    """The token works until it is revoked, and the page shows it only right after creation."""
    log_in(page, served)
    page.click("text=送信元")
    page.fill("input[name=name]", "Re:lation 本番")
    page.fill("input[name=account]", "acme")
    page.click("text=作成してトークンを発行")
    token = page.locator("#new-token").inner_text()
    assert token.startswith("trs_")
    assert served.relay.authenticate(token) is not None
    expect(page.locator("#sources")).to_contain_text("Re:lation 本番")
    shots.take(page, "token")

    page.goto(served.url + "/sources")
    assert token not in page.content()
    page.locator("#sources").get_by_role("button", name="無効にする").click()
    expect(page.locator(".flash")).to_have_text("送信元のトークンを無効にしました。")
    expect(page.locator("#sources")).to_contain_text("無効(")
    assert served.relay.authenticate(token) is None
    shots.take(page, "revoked")


def test_a_source_needs_a_name_and_an_account(page: Page, served: Served) -> None:
    """An empty account is refused with a reason, and nothing is created."""
    log_in(page, served)
    page.goto(served.url + "/sources")
    page.fill("input[name=name]", "desk")
    page.fill("input[name=account]", " ")
    page.click("text=作成してトークンを発行")
    expect(page.locator(".alert-error")).to_have_text("名前とアカウントを入力してください。")
    assert served.relay.list_sources() == []
