"""JSON bodies of the tests: events as a helpdesk sends them, integrations onto the demo app."""

from typing import Any

from ticketrelay.demo.app import DEMO_MAPPING, demo_fields
from ticketrelay.kintone.sim import Simulator

ACCOUNT = "acme"


def mail(event_id: str, message_id: str, **data: Any) -> dict[str, Any]:
    """A sent mail."""
    return {
        "id": event_id,
        "type": "message.sent",
        "inbox": "support",
        "occurred_at": "2026-11-25T10:00:00+09:00",
        "operator": {"email": "sato@example.jp", "family_name": "佐藤", "given_name": "花子"},
        "data": {
            "message_id": message_id,
            "channel": "mail",
            "subject": f"件名 {message_id}",
            "body": "本文",
            "url": f"https://desk.example.jp/m/{message_id}",
            "draft_saved_at": "2026-11-25T09:55:00+09:00",
            "to": ["a@example.com"],
            **data,
        },
    }


def integration(sim: Simulator, **overrides: Any) -> dict[str, Any]:
    """A new demo app in the simulator and the body of an integration onto it."""
    app = sim.create_app("e2e", demo_fields())
    return {
        "name": "support",
        "account": ACCOUNT,
        "kintone": {"base_url": sim.url, "app": app, "api_token": sim.issue_token(app)},
        "mapping": DEMO_MAPPING,
        **overrides,
    }
