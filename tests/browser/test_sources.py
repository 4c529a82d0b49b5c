"""The sources page in a real browser: a token shown once, webhook sources with a URL to copy,
a guide and a secret pasted afterwards, their deliveries, refusals at the field, and never a
secret on the page."""

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Shots
from tests.browser.helpers import log_in
from tests.browser.server import Served
from ticketrelay.fakes import zendesk

pytestmark = pytest.mark.browser
CHATWOOT_SECRET = "cw-browser-secret-0123456789"
ZENDESK_SECRET = "zd-browser-secret-9876543210"


@pytest.fixture
def no_script(browser: Browser) -> Iterator[Page]:
    """A tab with JavaScript switched off."""
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    try:
        yield context.new_page()
    finally:
        context.close()


def _new_source(page: Page, served: Served, kind: str, name: str, **fields: str) -> None:
    page.goto(served.url + "/sources")
    page.select_option("select[name=kind]", kind)
    page.fill("input[name=name]", name)
    page.fill("input[name=account]", "acme")
    for field, value in fields.items():
        page.fill(f"input[name={field}]", value)
    page.locator("#source-form button[type=submit]").click()


def _copied(page: Page, served: Served, button: str) -> str:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.url)
    page.click(button)
    expect(page.locator(button)).to_have_text("コピーしました")
    copied: str = page.evaluate("navigator.clipboard.readText()")
    return copied


def test_create_a_source_see_its_token_once_and_revoke_it(
    page: Page, served: Served, shots: Shots
) -> None:
    """The token works until it is revoked, and the page shows it only right after creation."""
    log_in(page, served)
    page.click("text=送信元")
    page.fill("input[name=name]", "Re:lation 本番")
    page.fill("input[name=account]", "acme")
    page.get_by_role("button", name="作成してトークンを発行").click()
    token = page.locator("#new-token").inner_text()
    assert token.startswith("trs_")
    assert served.relay.authenticate(token) is not None
    expect(page.locator("#sources")).to_contain_text("Re:lation 本番")
    expect(page.locator("#sources")).to_contain_text("イベント API(トークン)")
    shots.take(page, "token")

    page.goto(served.url + "/sources")
    assert token not in page.content()
    page.locator("#sources").get_by_role("button", name="無効にする").click()
    expect(page.locator(".flash")).to_have_text("送信元のトークンを無効にしました。")
    expect(page.locator("#sources")).to_contain_text("無効(")
    assert served.relay.authenticate(token) is None
    shots.take(page, "revoked")


def test_a_source_needs_a_name_and_an_account(page: Page, served: Served) -> None:
    """An empty account is refused at its field, and nothing is created."""
    log_in(page, served)
    page.goto(served.url + "/sources")
    page.fill("input[name=name]", "desk")
    page.fill("input[name=account]", " ")
    page.locator("#source-form button[type=submit]").click()
    expect(page.locator("#account-error")).to_have_text(
        "アカウントを入力してください(128文字まで)。"
    )
    expect(page.locator("input[name=account]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=name]")).to_have_value("desk")
    assert served.relay.list_sources() == []


def test_a_chatwoot_source_gives_its_url_to_copy_a_guide_then_takes_its_secret(
    page: Page, served: Served, shots: Shots
) -> None:
    """Choose Chatwoot, copy the URL shown, read where to put it, then paste the secret."""
    log_in(page, served)
    page.goto(served.url + "/sources")
    page.select_option("select[name=kind]", "chatwoot")
    expect(page.locator("fieldset[data-kind=chatwoot]")).to_be_visible()
    expect(page.locator("fieldset[data-kind=zendesk]")).to_be_hidden()
    expect(page.locator("input[name=chat_idle_minutes]")).to_have_value("10")
    expect(page.locator("#source-form button[type=submit]")).to_have_text(
        "作成して Webhook URL を表示"
    )
    shots.take(page, "form")
    _new_source(page, served, "chatwoot", "Chatwoot 本番", base_url="https://chat.acme.example")
    [source] = served.relay.list_sources()
    url = page.locator("#webhook-url").inner_text()
    assert url == f"{served.url}/api/v1/hooks/chatwoot/{source.id}"
    assert _copied(page, served, "[data-copy=webhook-url]") == url
    expect(page.locator("#secret-unset")).to_be_visible()
    guide = page.locator("#guide")
    expect(guide).to_contain_text("設定 › 連携 › Webhook")
    expect(guide).to_contain_text("「メッセージが作成されました」(Message created)")
    expect(guide).to_contain_text("「会話のステータスが変更されました」")
    expect(guide).to_contain_text("シークレット(Secret)が表示されます")
    shots.take(page, "chatwoot")

    page.get_by_role("button", name="シークレットを保存").click()
    expect(page.locator("#webhook_secret-error")).to_contain_text(
        "Chatwoot の Webhook のシークレットを貼り付けてください"
    )
    expect(page.locator("#secret-input")).to_have_attribute("aria-invalid", "true")
    page.fill("#secret-input", CHATWOOT_SECRET)
    page.get_by_role("button", name="シークレットを保存").click()
    expect(page.locator(".flash")).to_contain_text("シークレットを保存しました。")
    expect(page.locator("#secret-state")).to_have_text("保存済み(表示しません)")
    expect(page.locator("#secret-unset")).to_have_count(0)
    assert CHATWOOT_SECRET not in page.content()
    page.goto(served.url + "/sources")
    assert _copied(page, served, f"[data-copy=hook-url-{source.id}]") == url
    shots.take(page, "list")
    assert CHATWOOT_SECRET not in page.content()


def test_a_zendesk_source_shows_what_its_webhook_delivered(
    page: Page, served: Served, shots: Shots
) -> None:
    """A comment signed with the pasted secret and posted to the URL shown reads as synced."""
    log_in(page, served)
    _new_source(page, served, "zendesk", "Zendesk", signing_secret=ZENDESK_SECRET, subdomain="acme")
    expect(page.locator("#guide")).to_contain_text("zen:event-type:ticket.comment_added")
    expect(page.locator("#guide")).to_contain_text("Reveal secret")
    url = page.locator("#webhook-url").inner_text()
    assert _copied(page, served, "[data-copy=webhook-url]") == url
    answer = _post_comment(url, staff=True)
    assert answer.status_code == 200, answer.text
    _post_comment(url, staff=False)
    page.reload()
    rows = page.locator("#delivery-list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("同期対象外")
    expect(rows.nth(0)).to_contain_text("お客様からのメッセージです")
    expect(rows.nth(1)).to_contain_text("同期済み")
    shots.take(page, "deliveries")
    assert ZENDESK_SECRET not in page.content()


def _post_comment(url: str, *, staff: bool) -> httpx.Response:
    now = datetime.now(UTC)
    agent = zendesk.User(id=8, name="佐藤 花子", staff=True)
    author = agent if staff else zendesk.User(id=7, name="山田 太郎", staff=False)
    ticket = zendesk.Ticket(
        account_id=1,
        id=42,
        subject="返品について",
        description="届いた商品が違います",
        requester=zendesk.User(id=7, name="山田 太郎", staff=False),
        assignee=agent,
        via="email",
        created_at=now,
        group_id=1,
        brand_id=1,
    )
    comment_id = 2 if staff else 1
    payload = zendesk.comment_added(
        ticket, author, comment_id=comment_id, event_id=f"e{comment_id}", at=now, body="はい"
    )
    body = zendesk.encode(payload)
    headers = zendesk.sign(ZENDESK_SECRET, body, f"i{comment_id}", now)
    return httpx.post(url, content=body, headers=headers)


def test_a_refused_form_keeps_the_base_url_but_not_the_secret(
    page: Page, served: Served, shots: Shots
) -> None:
    """The refusal sits by its field; the Chatwoot fields stay shown with what was typed."""
    log_in(page, served)
    _new_source(
        page,
        served,
        "chatwoot",
        "Chatwoot",
        base_url="chat.acme.example",
        webhook_secret=CHATWOOT_SECRET,
    )
    expect(page.locator("#base_url-error")).to_contain_text("http:// または https://")
    expect(page.locator("input[name=base_url]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=base_url]")).to_have_value("chat.acme.example")
    expect(page.locator("input[name=webhook_secret]")).to_have_value("")
    expect(page.locator(".alert-error")).to_contain_text("もう一度貼り付けてください")
    expect(page.locator("select[name=kind]")).to_have_value("chatwoot")
    expect(page.locator("fieldset[data-kind=zendesk]")).to_be_hidden()
    shots.take(page, "refused")
    assert served.relay.list_sources() == []
    assert CHATWOOT_SECRET not in page.content()


def test_without_a_clipboard_the_url_is_selected(page: Page, served: Served) -> None:
    """Where the clipboard cannot be used, the copy button selects the URL and says so."""
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    log_in(page, served)
    _new_source(page, served, "zendesk", "Zendesk", signing_secret=ZENDESK_SECRET, subdomain="acme")
    page.click("[data-copy=webhook-url]")
    expect(page.locator("[data-copy=webhook-url]")).to_contain_text("選択しました")
    selected = page.evaluate("window.getSelection().toString()")
    assert selected == page.locator("#webhook-url").inner_text()


def test_the_form_works_without_javascript(no_script: Page, served: Served) -> None:
    """Every kind's fields are shown; the chosen kind's are used."""
    log_in(no_script, served)
    no_script.goto(served.url + "/sources")
    expect(no_script.locator("fieldset[data-kind=chatwoot]")).to_be_visible()
    expect(no_script.locator("fieldset[data-kind=zendesk]")).to_be_visible()
    _new_source(
        no_script, served, "zendesk", "Zendesk", signing_secret=ZENDESK_SECRET, subdomain="acme"
    )
    [source] = served.relay.list_sources()
    assert source.kind == "zendesk"
    expect(no_script.locator("#webhook-url")).to_have_text(
        f"{served.url}/api/v1/hooks/zendesk/{source.id}"
    )


def test_the_guide_reads_in_english(page: Page, served: Served) -> None:
    """In English mode the form's refusals and the guide are English."""
    log_in(page, served)
    page.click("text=English")
    page.goto(served.url + "/sources")
    page.select_option("select[name=kind]", "zendesk")
    page.fill("input[name=name]", "Zendesk")
    page.fill("input[name=account]", "acme")
    page.fill("input[name=signing_secret]", ZENDESK_SECRET)
    page.fill("input[name=subdomain]", "acme.zendesk.com")
    page.locator("#source-form button[type=submit]").click()
    expect(page.locator("#subdomain-error")).to_contain_text("Enter the subdomain alone")
    page.fill("input[name=signing_secret]", ZENDESK_SECRET)
    page.fill("input[name=subdomain]", "acme")
    page.locator("#source-form button[type=submit]").click()
    expect(page.locator("#guide h2")).to_have_text("Setting up Zendesk")
    expect(page.locator("#guide")).to_contain_text("connect it to Zendesk events")
    expect(page.locator(".flash")).to_contain_text("The source was created.")
