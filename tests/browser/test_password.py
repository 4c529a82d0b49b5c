"""Changing the login password in a real browser."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots
from tests.browser.helpers import log_in
from tests.browser.server import ADMIN_PASSWORD, Served

pytestmark = pytest.mark.browser
NEW_PASSWORD = "新しいパスワード-2026"


def test_change_the_password_and_log_in_with_it(page: Page, served: Served, shots: Shots) -> None:
    """After the change the admin token no longer logs in; the new password does."""
    log_in(page, served)
    page.click("text=パスワード変更")
    page.fill("input[name=current]", ADMIN_PASSWORD)
    page.fill("input[name=new]", NEW_PASSWORD)
    page.fill("input[name=confirm]", NEW_PASSWORD + "x")
    page.get_by_role("button", name="変更する").click()
    expect(page.locator(".alert-error")).to_contain_text("確認用のパスワードが一致しません")
    shots.take(page, "mismatch")
    page.fill("input[name=current]", ADMIN_PASSWORD)
    page.fill("input[name=new]", NEW_PASSWORD)
    page.fill("input[name=confirm]", NEW_PASSWORD)
    page.get_by_role("button", name="変更する").click()
    expect(page.locator(".flash")).to_have_text("パスワードを変更しました。")

    page.click("text=ログアウト")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".alert-error")).to_have_text("パスワードが違います。")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("連携一覧")
