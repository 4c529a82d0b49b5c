"""Events in, counts and chart up; an ERROR in the log, its CSV, the fix and the resend."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Shots
from tests.browser.helpers import connect, drain, log_in, mail, post_events, source_token
from tests.browser.server import Served
from ticketrelay.kintone.sim import Simulator

pytestmark = pytest.mark.browser
TOO_LONG = "長" * 101


def stat(page: Page, integration_id: int, name: str) -> str:
    """One number of an integration's row in the list."""
    return page.locator(f"tr[data-integration='{integration_id}'] [data-stat={name}]").inner_text()


def chart_description(page: Page) -> str:
    """The text that the chart's SVG gives screen readers."""
    return page.locator("#chart-desc").text_content() or ""


def test_events_move_the_counts_and_the_chart(
    page: Page, served: Served, sim: Simulator, shots: Shots
) -> None:
    """Posted events are pending, then delivered today; ERRORs count; the chart grows."""
    target = connect(served, sim)
    token = source_token(served.relay)
    log_in(page, served)
    assert "合計0件" in chart_description(page)

    post_events(served, token, [mail(1), mail(2), mail(3), mail(4, subject=TOO_LONG)])
    page.reload()
    assert stat(page, target.integration_id, "pending") == "4"
    assert stat(page, target.integration_id, "today") == "0"

    assert drain(served.relay) == 4
    page.reload()
    assert stat(page, target.integration_id, "pending") == "0"
    assert stat(page, target.integration_id, "today") == "3"
    assert stat(page, target.integration_id, "errors") == "1"
    assert stat(page, target.integration_id, "alerts") == "0"
    assert stat(page, target.integration_id, "last") != "まだありません"
    assert "合計3件" in chart_description(page)
    assert page.locator(".chart-svg rect").count() == 1
    expect(page.locator(".legend")).to_have_text("メール")
    shots.take(page, "counts")

    post_events(served, token, [mail(5), mail(6, channel="sms", phones=["090-1111-2222"])])
    drain(served.relay)
    page.reload()
    assert stat(page, target.integration_id, "today") == "5"
    assert "合計5件" in chart_description(page)
    assert page.locator(".chart-svg rect").count() == 2
    expect(page.locator(".legend li")).to_have_text(["メール", "SMS"])
    shots.take(page, "chart-grew")


def test_find_an_error_export_it_fix_the_mapping_and_resend(
    page: Page, served: Served, sim: Simulator, shots: Shots, tmp_path: Path
) -> None:
    """The log shows the ERROR with its values; CSV has it; after the fix a resend lands."""
    target = connect(served, sim)
    token = source_token(served.relay)
    post_events(
        served,
        token,
        [mail(1), mail(2, subject=TOO_LONG), mail(3, subject=TOO_LONG + "!")],
    )
    drain(served.relay)
    log_in(page, served)
    page.click(f"tr[data-integration='{target.integration_id}'] >> text=エラーログ")
    rows = page.locator("#error-log tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("subject")
    expect(rows.first).to_contain_text("最大文字数100を超えています")
    shots.take(page, "log")

    page.select_option("select[name=field]", "subject")
    page.select_option("select[name=severity]", "alert")
    page.click("text=絞り込む")
    expect(page.locator(".empty-state")).to_contain_text("条件に合うログはありません")
    page.select_option("select[name=severity]", "error")
    page.click("text=絞り込む")
    expect(rows).to_have_count(2)

    rows.first.locator("text=詳細").click()
    expect(page.locator("h1")).to_contain_text("エラーログの詳細")
    values = page.locator("#activity-values")
    expect(values).to_contain_text(TOO_LONG)
    expect(values).to_contain_text("佐藤 花子")
    expect(page.locator("main")).to_contain_text("kintone には送信していません")
    activity_id = page.locator("dd.mono").first.inner_text()
    shots.take(page, "detail")
    page.click("text=エラーログに戻る")

    with page.expect_download() as download:
        page.click("#export-utf8")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:3] == ["日時", "重要度", "アクティビティID"]
    assert len(table) == 3
    found = next(row for row in table if row[2] == activity_id)
    assert found[1] == "エラー"
    assert found[6:8] == ["subject", "too_long"]
    assert "最大文字数100を超えています" in found[8]
    with page.expect_download() as download:
        page.click("#export-cp932")
    shift_jis = Path(download.value.path()).read_bytes().decode("cp932")
    assert shift_jis.startswith("日時,重要度")
    assert activity_id in shift_jis

    page.goto(f"{served.url}/integrations/{target.integration_id}")
    with page.expect_response(re.compile(r"/integrations/mapping$")):
        page.select_option("#map_subject", "")
    page.click("#save")
    expect(page.locator(".flash")).to_have_text("保存しました。")

    page.goto(f"{served.url}/integrations/{target.integration_id}/errors")
    page.locator("#error-log input[name=ids]").first.check()
    page.click("#resend-selected")
    expect(page.locator(".flash")).to_have_text("1件のアクティビティを再送キューに入れました。")
    assert drain(served.relay) == 1
    assert len(sim.records(target.app)) == 2
    page.click("#resend-all")
    expect(page.locator(".flash")).to_have_text("1件のアクティビティを再送キューに入れました。")
    assert drain(served.relay) == 1
    records = sim.records(target.app)
    assert len(records) == 3
    assert activity_id in {r["activity_id"]["value"] for r in records}
    assert all(r["subject"]["value"] in ("", "お問い合わせ 1") for r in records)
    expect(page.locator("#error-log .badge.resent")).to_have_count(2)
    shots.take(page, "resent")

    page.locator("#error-log tbody tr").first.locator("text=詳細").click()
    expect(page.locator("#delivery-state")).to_contain_text("登録済み")
