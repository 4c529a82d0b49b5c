"""Why an integration is paused, in the admin's words, for every cause the worker stores."""

import httpx
import pytest

from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import integrations

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("BAD_TOKEN", "保存されている API トークンを使えません。トークンを入力し直してください"),
        ("INTERNAL", "ticketrelay の内部エラーで止まっています"),
        ("GAIA_IA02", "API トークンが正しくありません"),
    ],
)
async def test_a_pause_names_its_cause_on_the_list_and_the_editor(
    admin: httpx.AsyncClient, relay: Relay, code: str, label: str
) -> None:
    """The worker's own pause codes have labels, as kintone's do, not the generic refusal."""
    spec = IntegrationSpec(
        name="sales",
        account="acme",
        base_url="http://localhost:9",
        app=1,
        api_token=Secret("token"),
    )
    integration, _ = await relay.create_integration(spec)
    now = relay.clock()
    with relay.store.write() as conn:
        integrations.pause(conn, integration.id, code=code, reason="why", now=now, probe_at=now)
    for path in ("/", f"/integrations/{integration.id}"):
        page = (await admin.get(path)).text
        assert label in page
        assert "kintone が設定を受け付けません" not in page
