"""The webhook benchmark runs for real at a tiny size: every delivery stored and synced."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEBHOOKS = 12


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    """The JSON line of `python -m bench.hooks_bench` with a dozen webhooks a helpdesk."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.hooks_bench", "--webhooks", str(WEBHOOKS)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "160"},
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_it_reports_each_rate_and_the_ratios(result: dict[str, Any]) -> None:
    """Requests a second of each kind and each helpdesk's ratio to the event API are numbers."""
    assert result["name"] == "hooks"
    assert result["webhooks_per_helpdesk"] == result["events_api_requests"] == WEBHOOKS
    for kind in ("chatwoot", "zendesk", "events_api"):
        assert result[f"{kind}_requests_per_s"] > 0
    for helpdesk in ("chatwoot", "zendesk"):
        assert result[f"{helpdesk}_vs_events_api"] > 0
        low, high = result[f"{helpdesk}_vs_events_api_by_round"]
        assert 0 < low <= high
    assert result["rounds"] == 10
    assert result["connections"] == 8


def test_every_webhook_was_stored_synced_and_made_an_event(result: dict[str, Any]) -> None:
    """The database holds exactly the deliveries sent, all synced, and one event each."""
    for helpdesk in ("chatwoot", "zendesk"):
        assert result[f"{helpdesk}_deliveries_stored"] == WEBHOOKS
        assert result[f"{helpdesk}_deliveries_synced"] == WEBHOOKS
        assert result[f"{helpdesk}_events_stored"] == WEBHOOKS
    assert result["events_api_events_stored"] == WEBHOOKS
    assert result["all_stored"] is True
