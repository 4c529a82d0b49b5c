"""The pages over HTTP without a browser: escaping, headers, refusals and the CSV's shape."""

import anyio
import httpx
import pytest

from tests.integration.pages.conftest import csrf
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.model import Entry
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import errorlog

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


def _log(relay: Relay, integration_id: int, text: str) -> int:
    entry = Entry(
        integration_id=integration_id,
        at=relay.clock(),
        severity="error",
        activity_id="message-1",
        channel_name=text,
        operator=text,
        start_time=None,
        value_key="subject",
        field_code=text,
        reason="not_a_url",
        message_ja=f"「{text}」はURLではありません",
        message_en=f'"{text}" is not a URL',
        kintone_message=text,
        value=text,
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
