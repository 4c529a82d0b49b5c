"""A Re:lation source in a real browser, against the shipped simulator: check the token, tick
a message box, create; its page with the poll and the backfill's progress; a wrong token at
its field; a paused source resumed by a new token; and never the token in a page."""

from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Shots
from tests.browser.helpers import log_in
from tests.browser.server import ADMIN_PASSWORD, Served, off_thread, serve, service_app
from ticketrelay.config import Settings
from ticketrelay.crypto import Cipher
from ticketrelay.fakes.relation import RelationSimulator, run_relation_sim
from ticketrelay.fakes.relation.state import RelationState
from ticketrelay.model import Source
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import open_store

pytestmark = pytest.mark.browser


@pytest.fixture
def relation() -> Iterator[RelationSimulator]:
    """The Re:lation simulator with two message boxes."""
    state = RelationState()
    state.add_message_box("カスタマーサポート")
    state.add_message_box("営業窓口")
    with run_relation_sim(state) as sim:
        yield sim


@pytest.fixture
def served(tmp_path: Path, relation: RelationSimulator) -> Iterator[Served]:
    """The settings page on a fresh SQLite database, allowed to reach the Re:lation simulator."""
    url = f"sqlite:///{tmp_path / 'ticketrelay.db'}"
    host = relation.url.removeprefix("http://")
    relay = Relay(open_store(url), Cipher(Secret("browser test key")), source_hosts=(host,))
    settings = Settings(database_url=url, admin_token=Secret(ADMIN_PASSWORD), source_hosts=(host,))
    try:
        with serve(service_app(relay, settings)) as base:
            yield Served(base, relay)
    finally:
        relay.close()


@pytest.fixture
def no_script(browser: Browser) -> Iterator[Page]:
    """A tab with JavaScript switched off."""
    context = browser.new_context(java_script_enabled=False, locale="ja-JP")
    try:
        yield context.new_page()
    finally:
        context.close()


def _fill(page: Page, served: Served, relation: RelationSimulator, token: str) -> None:
    page.goto(served.url + "/sources")
    page.select_option("select[name=kind]", "relation")
    page.fill("input[name=name]", "Re:lation 本番")
    page.fill("input[name=account]", "acme")
    page.fill("input[name=relation_url]", relation.url)
    page.fill("input[name=relation_token]", token)


def _poll(relay: Relay) -> None:
    async def run() -> None:
        async with relay.worker() as worker:
            await worker.poll_due()

    off_thread(lambda: anyio.run(run))


def _no_token(page: Page, relation: RelationSimulator) -> None:
    assert relation.token not in page.content()


def test_check_the_token_choose_a_box_and_see_the_source_read(
    page: Page, served: Served, relation: RelationSimulator, shots: Shots
) -> None:
    """The boxes come from Re:lation; the token stays typed; the new source shows its poll."""
    log_in(page, served)
    _fill(page, served, relation, relation.token)
    expect(page.locator("#relation-guide-inline")).to_contain_text("API トークン")
    expect(page.locator("#source-form button[type=submit].primary")).to_have_text(
        "作成して読み取りを開始"
    )
    page.get_by_role("button", name="トークンを確認").click()
    expect(page.locator("#boxes-found")).to_have_text(
        "トークンを確認しました。読める受信箱は 2 件です。"
    )
    expect(page.locator("input[name=relation_token]")).to_have_value(relation.token)
    shots.take(page, "boxes")
    _no_token(page, relation)
    page.get_by_label("カスタマーサポート").check()
    page.fill("input[name=since]", "2026-01-01")
    page.select_option("select[name=call_kind]", "inbound_answered")
    page.get_by_role("button", name="作成して読み取りを開始").click()
    expect(page.locator(".flash")).to_contain_text("Re:lation からの読み取りを始めます")
    [source] = served.relay.list_sources()
    assert source.settings["message_boxes"] == [1]
    expect(page.locator("#relation-boxes")).to_have_text("1")
    expect(page.locator("#polled-at")).to_have_text("まだ読んでいません")
    expect(page.locator("#backfill")).to_have_attribute("value", "0")
    expect(page.locator("#approximations")).to_contain_text("操作ユーザ名")
    shots.take(page, "source")
    _no_token(page, relation)
    relation.state.add_ticket(1, "配送について")
    _poll(served.relay)
    page.reload()
    expect(page.locator("#polled-at")).not_to_have_text("まだ読んでいません")
    expect(page.locator("#percent")).to_have_text("100%")
    expect(page.locator("#backfill")).to_have_attribute("value", "100")
    shots.take(page, "read")
    _no_token(page, relation)


def test_a_wrong_token_is_refused_at_its_field(
    page: Page, served: Served, relation: RelationSimulator, shots: Shots
) -> None:
    """Re:lation's 401 is named at the token's input, which says it is invalid."""
    log_in(page, served)
    _fill(page, served, relation, "not-the-token")
    page.get_by_role("button", name="トークンを確認").click()
    expect(page.locator("#relation_token-error")).to_contain_text("拒否しました(401)")
    token = page.locator("input[name=relation_token]")
    expect(token).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=message_boxes]")).to_have_count(0)
    shots.take(page, "refused")
    token.fill(relation.token)
    page.get_by_role("button", name="トークンを確認").click()
    expect(page.locator("#relation_token-error")).to_have_count(0)
    expect(token).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=message_boxes]")).to_have_count(2)
    assert served.relay.list_sources() == []


def _paused_source(served: Served, relation: RelationSimulator) -> Source:
    token = relation.state.issue_token()
    settings = {
        "base_url": relation.url,
        "message_boxes": [1],
        "poll_seconds": 60,
        "requests_per_minute": 20,
        "since": served.relay.clock().isoformat(),
    }
    source = served.relay.hooks.create_source(
        "acme", "Re:lation", "relation", settings, None, poll_secret=Secret(token)
    )
    relation.state.revoke_token(token)
    _poll(served.relay)
    return source


def test_a_paused_source_shows_why_and_a_new_token_resumes_it(
    page: Page, served: Served, relation: RelationSimulator, shots: Shots
) -> None:
    """A token deleted in Re:lation pauses the source; a checked new one resumes it."""
    source = _paused_source(served, relation)
    log_in(page, served)
    page.goto(f"{served.url}/sources")
    expect(page.locator(f"tr[data-source='{source.id}']")).to_contain_text("一時停止")
    page.goto(f"{served.url}/sources/{source.id}")
    expect(page.locator("#paused")).to_contain_text("Re:lation が API トークンを拒否しました")
    expect(page.locator("#paused-reason")).to_contain_text("(401)")
    shots.take(page, "paused")
    page.fill("#relation-token", "still-wrong")
    page.get_by_role("button", name="トークンを保存").click()
    expect(page.locator("#relation_token-error")).to_contain_text("拒否しました(401)")
    page.fill("#relation-token", relation.token)
    page.get_by_role("button", name="トークンを保存").click()
    expect(page.locator(".flash")).to_contain_text("読み取りを再開します")
    expect(page.locator("#paused")).to_have_count(0)
    expect(page.locator("#next-at")).to_be_visible()
    assert served.relay.hooks.polls()[source.id].paused_code is None
    shots.take(page, "resumed")
    _no_token(page, relation)


def test_the_form_works_without_javascript(
    no_script: Page, served: Served, relation: RelationSimulator
) -> None:
    """The check comes back as a whole page that asks for the token again; then it creates."""
    log_in(no_script, served)
    _fill(no_script, served, relation, relation.token)
    no_script.get_by_role("button", name="トークンを確認").click()
    expect(no_script.locator("#relation_token-hint")).to_contain_text("もう一度貼り付けて")
    expect(no_script.locator("input[name=relation_token]")).to_have_value("")
    _no_token(no_script, relation)
    no_script.get_by_label("営業窓口").check()
    no_script.fill("input[name=relation_token]", relation.token)
    no_script.locator("#source-form button[type=submit].primary").click()
    [source] = served.relay.list_sources()
    assert source.kind == "relation"
    assert source.settings["message_boxes"] == [2]
    expect(no_script.locator("#relation-boxes")).to_have_text("2")
    _no_token(no_script, relation)


def test_the_relation_page_reads_in_english(
    page: Page, served: Served, relation: RelationSimulator
) -> None:
    """In English mode the guide, the poll and the approximations are English."""
    source = _paused_source(served, relation)
    log_in(page, served)
    page.click("text=English")
    page.goto(f"{served.url}/sources")
    page.select_option("select[name=kind]", "relation")
    expect(page.locator("#relation-guide-inline")).to_contain_text("60 requests a minute")
    page.goto(f"{served.url}/sources/{source.id}")
    expect(page.locator("#paused")).to_contain_text("Re:lation refused the API token")
    expect(page.locator("#approximations")).to_contain_text("operator name")
    expect(page.locator("#approximations")).to_contain_text("Re:lation's API does not name")
