"""Checking an integration against kintone: the connection, then the mapping on live fields."""

from datetime import datetime

from ticketrelay.kintone.client import KintoneClient
from ticketrelay.kintone.errors import KintoneError
from ticketrelay.kintone.fields import to_properties
from ticketrelay.model import Integration
from ticketrelay.rules.mapping_check import CheckResult, check_mapping
from ticketrelay.rules.problems import Problem
from ticketrelay.store import Store, fieldcache


async def check_live(
    store: Store, integration: Integration, client: KintoneClient, now: datetime
) -> CheckResult:
    """Read the app's fields (refreshing the cache) and check the mapping against them."""
    try:
        form = await client.get_form_fields(integration.app)
    except KintoneError as exc:
        return CheckResult(problems=(connection_problem(exc),))
    cached = fieldcache.CachedFields(
        properties={code: to_properties(f) for code, f in form.fields.items()},
        revision=form.revision,
        fetched_at=now,
    )
    await store.writing(lambda conn: fieldcache.put(conn, integration.id, cached))
    return check_mapping(integration.mapping, form.fields, integration.timezone)


def connection_problem(exc: KintoneError) -> Problem:
    """The check's ERROR when kintone cannot be reached or refuses the settings."""
    said = " ".join(part for part in (exc.code, exc.kintone_message) if part)
    answer_en = f"kintone answered: {said}" if said else f"No answer: {exc}"
    answer_ja = f"kintoneの応答: {said}" if said else "kintoneから応答がありませんでした。"
    return Problem(
        severity="error",
        reason="connection_failed",
        value_key=None,
        field_code=None,
        en="The app's fields could not be read. Check the base URL, guest space, app ID and "
        f"API token. {answer_en}",
        ja="アプリのフィールドを取得できませんでした。"
        f"接続設定(URL・ゲストスペース・アプリID・APIトークン)を確認してください。{answer_ja}",
    )
