"""What the pages must never do: run a helpdesk's script, take a form without its token,
or show anything without a login."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Shots
from tests.browser.helpers import connect, drain, log_in, mail, post_events, source_token
from tests.browser.server import Served
from ticketrelay.kintone.sim import Simulator

pytestmark = pytest.mark.browser
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"


def test_helpdesk_and_kintone_text_is_shown_as_text_everywhere(
    page: Page, served: Served, sim: Simulator, shots: Shots
) -> None:
    """A subject, a name, a URL and a source name full of HTML run nowhere."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    target = connect(served, sim, name=SCRIPT)
    served.relay.create_source("acme", IMAGE)
    event = mail(1, subject=SCRIPT, url=SCRIPT, body=IMAGE)
    event["operator"] = {"email": "x@example.jp", "family_name": IMAGE, "given_name": SCRIPT}
    post_events(served, source_token(served.relay), [event])
    drain(served.relay)
    log_in(page, served)

    expect(page.locator("#integrations")).to_contain_text(SCRIPT)
    base = f"{served.url}/integrations/{target.integration_id}"
    page.goto(base)
    expect(page.locator("h1")).to_contain_text(SCRIPT)
    page.goto(base + "/errors")
    row = page.locator("#error-log tbody tr").first
    expect(row).to_contain_text(f"{IMAGE} {SCRIPT}")
    expect(row).to_contain_text(f"「{SCRIPT}」")
    shots.take(page, "log")
    row.locator("text=詳細").click()
    expect(page.locator("#activity-values")).to_contain_text(SCRIPT)
    expect(page.locator("#activity-values")).to_contain_text(IMAGE)
    shots.take(page, "detail")
    page.goto(served.url + "/sources")
    expect(page.locator("#sources")).to_contain_text(IMAGE)
    assert dialogs == []
    assert page.locator("main script, main img").count() == 0


def test_a_form_without_its_csrf_token_is_refused(page: Page, served: Served) -> None:
    """A form stripped of its hidden token, or posted from elsewhere, changes nothing."""
    log_in(page, served)
    page.goto(served.url + "/sources")
    page.fill("input[name=name]", "desk")
    page.fill("input[name=account]", "acme")
    page.locator("form[action='/sources'] input[name=csrf_token]").evaluate("e => e.remove()")
    page.click("text=作成してトークンを発行")
    expect(page.locator("h1")).to_have_text("フォームを送信できませんでした")
    forged = page.request.post(served.url + "/sources", form={"name": "x", "account": "acme"})
    assert forged.status == 403
    assert served.relay.list_sources() == []


def test_every_page_needs_a_login(browser: Browser, served: Served, sim: Simulator) -> None:
    """A visitor without a session sees the login page, then the page asked for."""
    target = connect(served, sim)
    context = browser.new_context()
    try:
        page = context.new_page()
        for path in ("/", "/sources", f"/integrations/{target.integration_id}/errors"):
            page.goto(served.url + path)
            expect(page).to_have_url(re.compile(r"/login"))
            expect(page.locator("h1")).to_have_text("ログイン")
        page.fill("input[name=password]", "wrong password")
        page.click("button[type=submit]")
        expect(page.locator(".alert-error")).to_have_text("パスワードが違います。")
        log_in(page, served)
        page.goto(served.url + f"/integrations/{target.integration_id}/errors")
        expect(page.locator("h1")).to_have_text("エラーログ")
        page.click("text=ログアウト")
        expect(page.locator(".flash")).to_have_text("ログアウトしました。")
        page.goto(served.url + "/sources")
        expect(page).to_have_url(re.compile(r"/login\?next=%2Fsources$"))
    finally:
        context.close()
