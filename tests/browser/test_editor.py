"""The integration editor in a real browser: connect an app, map it, see problems, test."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots
from tests.browser.helpers import integration_id_of, log_in, new_app
from tests.browser.server import Served
from ticketrelay.kintone.sim import Simulator

pytestmark = pytest.mark.browser

MAPPING = {
    "channel_name": "channel",
    "subject": "subject",
    "body": "body",
    "url": "url",
    "operator_email": "operator_email",
    "operator_name": "operator_name",
    "recipient_emails": "recipient_emails",
    "recipient_phones": "recipient_phones",
    "start_time": "start_at",
    "end_time": "end_at",
}


def choose(page: Page, value_key: str, field_code: str) -> None:
    """Pick a field for a value and wait for htmx to redraw the mapping with the check."""
    with page.expect_response(re.compile(r"/integrations/mapping$")):
        page.select_option(f"#map_{value_key}", field_code)
    expect(page.locator(".htmx-request")).to_have_count(0)
    expect(page.locator(f"#map_{value_key}")).to_have_value(field_code)


def test_log_in_create_an_integration_map_it_and_send_a_test_record(
    page: Page, served: Served, sim: Simulator, shots: Shots
) -> None:
    """The whole setup an administrator does, from the login to a record in kintone."""
    app, token = new_app(sim)
    page.goto(served.url + "/")
    expect(page).to_have_url(re.compile(r"/login$"))
    shots.take(page, "login")
    log_in(page, served)
    shots.take(page, "empty-list")

    page.click("text=連携を作成")
    page.fill("input[name=name]", "対応履歴アプリ")
    page.fill("input[name=account]", "acme")
    page.fill("input[name=base_url]", sim.url)
    page.fill("input[name=app]", str(app))
    page.fill("input[name=api_token]", token)
    page.click("text=接続を確認")
    expect(page.locator("#connection-result")).to_contain_text("接続できました")

    start_options = page.locator("#map_start_time option").all_inner_texts()
    assert any("開始日時" in o for o in start_options)
    assert not any("チャネル" in o for o in start_options), "a drop-down cannot take a time"
    channel_options = page.locator("#map_channel_name option").all_inner_texts()
    assert not any("日時" in o for o in channel_options), "a date-time cannot take a name"

    for key, code in MAPPING.items():
        choose(page, key, code)
    problems = page.locator("#mapping-problems")
    expect(problems).to_contain_text("フィールド「activity_id」は必須項目で初期値もありません")
    expect(page.locator("#row-activity_id")).to_contain_text("値の重複を禁止する")
    expect(page.locator("#row-subject")).to_contain_text("最大文字数を超えるとき")
    expect(page.locator("#row-channel_name")).to_contain_text("選択肢にない値のとき")
    shots.take(page, "mapping-problems")

    page.click("#save")
    expect(page).to_have_url(re.compile(r"/integrations/\d+\?saved=1$"))
    expect(page.locator(".flash")).to_contain_text("エラーがあります")
    expect(page.locator("#mapping-problems")).to_contain_text("activity_id")

    choose(page, "activity_id", "activity_id")
    page.click("#save")
    expect(page.locator(".flash")).to_have_text("保存しました。")
    expect(page.locator("#row-activity_id")).to_contain_text("レコードは1件だけ作成されます")
    expect(page.locator(".ok-line")).to_be_visible()
    shots.take(page, "saved")

    page.click("text=テストレコードを送信 >> nth=-1")
    outcome = page.locator("#test-outcome")
    expect(outcome).to_contain_text("テストレコードを登録しました")
    record_id = re.search(r"レコード ID: (\d+)", outcome.inner_text())
    assert record_id is not None
    (record,) = sim.records(app)
    assert record["$id"]["value"] == record_id.group(1)
    assert record["subject"]["value"] == "【テスト】ticketrelay からのテストレコード"
    assert record["activity_id"]["value"].startswith("test-")
    shots.take(page, "test-record")

    integration = served.relay.integration(integration_id_of(page))
    assert integration.mapping == {**MAPPING, "activity_id": "activity_id"}
    page.click("text=連携一覧 >> nth=0")
    expect(page.locator("#integrations")).to_contain_text("対応履歴アプリ")
    expect(page.locator("#integrations")).to_contain_text("有効")


def test_the_api_token_is_never_shown_and_kept_when_left_empty(
    page: Page, served: Served, sim: Simulator
) -> None:
    """Saving with an empty token field keeps the stored token, which the page never shows."""
    app, token = new_app(sim)
    log_in(page, served)
    page.goto(served.url + "/integrations/new")
    page.fill("input[name=name]", "対応履歴アプリ")
    page.fill("input[name=account]", "acme")
    page.fill("input[name=base_url]", sim.url)
    page.fill("input[name=app]", str(app))
    page.fill("input[name=api_token]", token)
    page.click("#save")
    expect(page).to_have_url(re.compile(r"saved=1$"))
    assert token not in page.content()
    expect(page.locator("input[name=api_token]")).to_have_value("")
    page.click("text=接続を確認")
    expect(page.locator("#connection-result")).to_contain_text("接続できました")
    page.fill("input[name=name]", "名前を変えました")
    page.click("#save")
    expect(page.locator("h1")).to_contain_text("名前を変えました")
    stored = served.relay.integration(integration_id_of(page))
    assert served.relay.cipher.decrypt(stored.api_token_encrypted).reveal() == token


def test_a_wrong_token_shows_kintones_refusal(page: Page, served: Served, sim: Simulator) -> None:
    """Check connection with a token kintone does not know says what to check."""
    app, _ = new_app(sim)
    log_in(page, served)
    page.goto(served.url + "/integrations/new")
    page.fill("input[name=base_url]", sim.url)
    page.fill("input[name=app]", str(app))
    page.fill("input[name=api_token]", "NotAToken0123456789")
    page.click("text=接続を確認")
    result = page.locator("#connection-result")
    expect(result).to_contain_text("アプリのフィールドを取得できませんでした")
    page.fill("input[name=base_url]", "https://example.com")
    page.click("text=接続を確認")
    expect(page.locator("#mapping-section")).to_contain_text("cybozu.com の形式で入力")


def test_a_token_kintone_cannot_take_is_named_at_its_field(page: Page, served: Served) -> None:
    """Saving with a token that is not letters and digits says so beside the token field."""
    log_in(page, served)
    page.goto(served.url + "/integrations/new")
    page.fill("input[name=name]", "対応履歴")
    page.fill("input[name=account]", "acme")
    page.fill("input[name=base_url]", "https://example.cybozu.com")
    page.fill("input[name=app]", "1")
    page.fill("input[name=api_token]", "トークン")
    page.click("#save")
    error = page.locator("#api-token-error")
    expect(error).to_contain_text("トークンをもう一度コピーして貼り付けてください")
    expect(page.locator("input[name=api_token]")).to_have_attribute("aria-invalid", "true")
    assert served.relay.list_integrations() == []
