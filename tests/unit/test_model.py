"""The plain records that the store returns and the core reads."""

from dataclasses import replace
from datetime import UTC, datetime

from ticketrelay.model import Integration, IntegrationSettings

NOW = datetime(2026, 11, 30, tzinfo=UTC)
SETTINGS = IntegrationSettings(
    name="sales", account="acme", base_url="https://acme.cybozu.com", app=1, api_token_encrypted="x"
)
INTEGRATION = Integration(**vars(SETTINGS), id=1, version=1, created_at=NOW, updated_at=NOW)


def test_an_integration_is_active_paused_or_off() -> None:
    """Off wins over paused; paused while kintone refuses its settings; else active."""
    assert INTEGRATION.status == "active"
    assert replace(INTEGRATION, paused_at=NOW).status == "paused"
    assert replace(INTEGRATION, paused_at=NOW, enabled=False).status == "off"


def test_an_integrations_settings_are_what_a_person_chose() -> None:
    """The pause state and the bookkeeping are left out."""
    assert replace(INTEGRATION, paused_at=NOW, version=5).settings == SETTINGS
