"""Checking an integration against kintone: the connection, then the mapping on live fields."""

from datetime import datetime

from ticketrelay.delivery import app_fields
from ticketrelay.delivery.clients import TOKEN_CODE
from ticketrelay.kintone.client import KintoneClient
from ticketrelay.kintone.errors import KintoneError
from ticketrelay.model import Integration
from ticketrelay.rules.mapping_check import CheckResult, check_mapping
from ticketrelay.rules.problems import Problem
from ticketrelay.store import Store


async def check_live(
    store: Store, integration: Integration, client: KintoneClient, now: datetime
) -> CheckResult:
    """Read the app's fields (refreshing the cache) and check the mapping against them."""
    try:
        fields = await app_fields.refresh(store, integration, client, now)
    except KintoneError as exc:
        return CheckResult(problems=(connection_problem(exc),))
    return check_mapping(integration.mapping, fields, integration.timezone)


def connection_problem(exc: KintoneError) -> Problem:
    """The check's ERROR when kintone cannot be reached or refuses the settings."""
    said = " ".join(part for part in (exc.code, exc.kintone_message) if part)
    answer_en = f"kintone answered: {said}" if said else f"No answer: {exc}"
    answer_ja = f"kintoneの応答: {said}" if said else "kintoneから応答がありませんでした。"
    if exc.code == TOKEN_CODE:
        answer_en = f"The stored API token cannot be used; enter it again: {exc.__cause__}"
        answer_ja = "保存されているAPIトークンを使えません。トークンを入力し直してください。"
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
