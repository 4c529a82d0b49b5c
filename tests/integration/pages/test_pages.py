"""The pages over HTTP without a browser: escaping, headers, refusals and the CSV's shape."""

import json
from datetime import UTC, datetime
from typing import Any

import anyio
import httpx
import pytest
from fastapi import FastAPI

from tests.integration.pages.conftest import ADMIN_TOKEN, browser, csrf, log_in
from ticketrelay.config import Settings
from ticketrelay.errors import InvalidInput
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.model import Entry
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import activities, errorlog
from ticketrelay.web.pages import install

pytestmark = pytest.mark.anyio
SCRIPT = "<script>alert(1)</script>"


async def _integration(relay: Relay, name: str = "sales") -> int:
    spec = IntegrationSpec(
        name=name,
        account="acme",
        base_url="http://localhost:9",
        app=1,
        api_token=Secret("token"),
        mapping={"subject": "subject"},
    )
    integration, _ = await relay.create_integration(spec)
    return integration.id


def _log(relay: Relay, integration_id: int, text: str, **extra: Any) -> int:
    entry = Entry(
        integration_id=integration_id,
        at=relay.clock(),
        severity="error",
        activity_id="message-1",
        channel_name=text,
        operator=text,
        value_key="subject",
        field_code=text,
        reason="not_a_url",
        message_ja=f"「{text}」はURLではありません",
        message_en=f'"{text}" is not a URL',
        kintone_message=text,
        value=text,
        **{"start_time": None, **extra},
    )
    with relay.store.write() as conn:
        errorlog.add_many(conn, [entry])
        return errorlog.find(conn, integration_id, errorlog.Filter())[0].id


async def test_data_is_escaped_on_every_page(admin: httpx.AsyncClient, relay: Relay) -> None:
    """Names, log entries and kintone's words holding HTML come out as text."""
    integration_id = await _integration(relay, SCRIPT)
    entry_id = _log(relay, integration_id, SCRIPT)
    await anyio.to_thread.run_sync(relay.create_source, "acme", SCRIPT)
    paths = ["/", f"/integrations/{integration_id}", f"/integrations/{integration_id}/errors"]
    paths += [f"/integrations/{integration_id}/errors/{entry_id}", "/sources"]
    for path in paths:
        page = (await admin.get(path)).text
        assert SCRIPT not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path


async def test_pages_carry_security_headers(admin: httpx.AsyncClient) -> None:
    """No framing, no inline scripts, no caching of pages that hold data."""
    headers = (await admin.get("/")).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"


async def test_unknown_things_are_a_friendly_404(admin: httpx.AsyncClient, relay: Relay) -> None:
    """An integration or log entry that does not exist has a page that says so."""
    integration_id = await _integration(relay)
    for path in ("/integrations/99", f"/integrations/{integration_id}/errors/99"):
        answer = await admin.get(path)
        assert answer.status_code == 404
        assert "ページが見つかりません" in answer.text


async def test_the_csv_is_an_attachment_in_the_chosen_encoding(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """UTF-8 with a BOM by default; Shift_JIS on request; English headers in English."""
    integration_id = await _integration(relay)
    _log(relay, integration_id, "長い件名")
    answer = await admin.get(f"/integrations/{integration_id}/errors.csv")
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="ticketrelay-errors-{integration_id}-20261125.csv"'
    )
    assert answer.content.startswith("\ufeff日時,重要度".encode())
    answer = await admin.get(f"/integrations/{integration_id}/errors.csv?encoding=cp932")
    assert answer.headers["content-type"] == "text/csv; charset=shift_jis"
    assert "長い件名" in answer.content.decode("cp932")
    await admin.get("/lang/en")
    answer = await admin.get(f"/integrations/{integration_id}/errors.csv")
    assert answer.content.decode("utf-8-sig").startswith("When,Severity")


async def test_resend_without_a_choice_changes_nothing(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """Pressing "resend selected" with nothing ticked says so."""
    integration_id = await _integration(relay)
    path = f"/integrations/{integration_id}/errors"
    answer = await admin.post(path + "/resend", data={"csrf_token": await csrf(admin, path)})
    assert answer.headers["location"] == f"{path}?msg=nothing_resent&count=0"
    assert (
        "再送できるエラーはありませんでした" in (await admin.get(answer.headers["location"])).text
    )


async def test_the_log_filters_by_date_in_the_integrations_zone(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """From and to are whole days in the integration's zone, both included."""
    integration_id = await _integration(relay)
    _log(relay, integration_id, "今日のエラー")
    path = f"/integrations/{integration_id}/errors"
    for query, found in [("since=2026-11-25&until=2026-11-25", 1), ("until=2026-11-24", 0)]:
        assert (await admin.get(f"{path}?{query}")).text.count("data-entry=") == found
    assert (await admin.get(f"{path}?since=2026-11-26")).text.count("data-entry=") == 0


async def test_a_refused_editor_form_comes_back_with_reasons(admin: httpx.AsyncClient) -> None:
    """Missing or malformed settings are named in Japanese and nothing is saved."""
    token = await csrf(admin, "/integrations/new")
    form = {"csrf_token": token, "name": "", "account": "acme", "app": "x", "base_url": "ftp://x"}
    answer = await admin.post("/integrations/new", data=form)
    assert answer.status_code == 422
    for reason in ("連携名を入力してください", "アプリ ID は1以上の数字", "cybozu.com の形式"):
        assert reason in answer.text
    assert "API トークンを入力してください" in answer.text


async def test_the_stored_token_is_never_sent_to_another_url(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """Changing the kintone URL needs the token again, for saving and for checking."""
    integration_id = await _integration(relay)
    path = f"/integrations/{integration_id}"
    form = {"csrf_token": await csrf(admin, path), "integration_id": str(integration_id)}
    form |= {"name": "sales", "account": "acme", "app": "1", "base_url": "http://localhost:10"}
    for target in (path, "/integrations/connect", "/integrations/test-record"):
        answer = await admin.post(target, data=form)
        assert "API トークンも入力してください" in answer.text, target
    assert relay.integration(integration_id).base_url == "http://localhost:9"


TOKEN_INVALID = (
    "API トークンに kintone が受け付けない文字があります。kintone のアプリの設定"
    "(アプリの設定 &gt; API トークン)からトークンをもう一度コピーして貼り付けてください。"
)


@pytest.mark.parametrize("token", ["トークン", "tok\u00a0en", "tok en", "a,,b"])
async def test_a_token_kintone_cannot_take_is_an_inline_error(
    admin: httpx.AsyncClient, relay: Relay, token: str
) -> None:
    """The editor answers with the form and a message at the token field; nothing is saved."""
    form = {"csrf_token": await csrf(admin, "/integrations/new"), "name": "sales"}
    form |= {"account": "acme", "app": "1", "base_url": "http://localhost:9", "api_token": token}
    answer = await admin.post("/integrations/new", data=form)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert f'<span class="field-error" id="api-token-error">{TOKEN_INVALID}' in answer.text
    assert 'aria-invalid="true" aria-describedby="api-token-error"' in answer.text
    assert relay.list_integrations() == []


async def test_a_stored_integration_keeps_its_token_when_a_bad_one_is_typed(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """Saving, checking the connection and the test record all refuse the token alike."""
    integration_id = await _integration(relay)
    before = relay.integration(integration_id).api_token_encrypted
    path = f"/integrations/{integration_id}"
    form = {"csrf_token": await csrf(admin, path), "integration_id": str(integration_id)}
    form |= {"name": "sales", "account": "acme", "app": "1", "base_url": "http://localhost:9"}
    form |= {"api_token": "token\r\nX-Evil: 1"}
    for target in (path, "/integrations/connect", "/integrations/test-record"):
        answer = await admin.post(target, data=form)
        assert TOKEN_INVALID in answer.text, target
    assert relay.integration(integration_id).api_token_encrypted == before


async def test_an_entry_from_year_9999_is_shown_in_utc(
    admin: httpx.AsyncClient, relay: Relay
) -> None:
    """A time that Tokyo cannot show, past the end of year 9999 there, is shown in UTC."""
    integration_id = await _integration(relay)
    far = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    values = {"subject": "件名", "start_time": far.isoformat()}
    row = activities.ActivityRow(
        id="message-1",
        account="acme",
        subject="m1",
        channel="mail",
        inbox=None,
        values=json.dumps(values),
        triggered_at=relay.clock(),
        due_at=relay.clock(),
    )
    with relay.store.write() as conn:
        activities.add_many(conn, [row])
    entry_id = _log(relay, integration_id, "遠い未来", start_time=far, resent_at=far)
    answer = await admin.get(f"/integrations/{integration_id}/errors/{entry_id}")
    assert answer.status_code == 200
    assert answer.text.count("9999-12-31 23:59:59 UTC") == 2
    assert "9999-12-31 23:59 UTC" in answer.text


@pytest.mark.parametrize(
    ("query", "found"),
    [("since=0001-01-01", 1), ("until=9999-12-31", 1), ("since=9999-12-31", 0)],
)
async def test_the_log_filters_take_the_first_and_last_days_of_the_calendar(
    admin: httpx.AsyncClient, relay: Relay, query: str, found: int
) -> None:
    """A day at either end of time is no bound (or an empty one), never an error."""
    integration_id = await _integration(relay)
    _log(relay, integration_id, "今日のエラー")
    answer = await admin.get(f"/integrations/{integration_id}/errors?{query}")
    assert answer.status_code == 200
    assert answer.text.count("data-entry=") == found


class Refusing(Relay):
    """A relay whose spec check refuses what the page's own checks let through."""

    async def create_integration(self, spec: IntegrationSpec) -> Any:
        raise InvalidInput("The integration cannot be saved: a rule the page does not know.")


async def test_a_refusal_the_page_did_not_foresee_comes_back_as_the_form(relay: Relay) -> None:
    """The form again, with the reason, in HTML: never the API's JSON."""
    app = FastAPI()
    refusing = Refusing(relay.store, relay.cipher, allowed_hosts=relay.allowed_hosts)
    install(app, refusing, Settings(database_url="sqlite://", admin_token=Secret(ADMIN_TOKEN)))
    async with browser(app) as admin:
        assert await log_in(admin, ADMIN_TOKEN) == 303
        form = {"csrf_token": await csrf(admin, "/integrations/new"), "name": "sales"}
        form |= {"account": "acme", "app": "1", "base_url": "http://localhost:9"}
        answer = await admin.post("/integrations/new", data=form | {"api_token": "token"})
    assert answer.status_code == 422
    assert "保存できませんでした。" in answer.text
    assert '<p class="mono">The integration cannot be saved: a rule the page' in answer.text
