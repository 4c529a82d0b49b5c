"""Helpers of the relay tests: apps with integrations, draining, events, request counts."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ticketrelay.courier import CourierOptions
from ticketrelay.demo.app import DEMO_MAPPING, demo_fields
from ticketrelay.integration_spec import IntegrationSpec
from ticketrelay.kintone.fields import Field
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.retry import NO_WAITING
from ticketrelay.secret import Secret
from ticketrelay.store.integrations import Integration
from ticketrelay.worker import Worker, WorkerOptions

ACCOUNT = "acme"


@dataclass(frozen=True, kw_only=True)
class Target:
    """An app in the simulator with an integration delivering to it."""

    app: int
    token: str
    integration: Integration


async def connect(
    relay: Relay,
    sim: Simulator,
    *,
    fields: list[Field] | None = None,
    mapping: dict[str, str] | None = None,
    **spec: Any,
) -> Target:
    """Create an app (the demo app unless told otherwise) and an integration onto it."""
    app = sim.create_app("relay test", fields if fields is not None else demo_fields())
    token = sim.issue_token(app)
    integration, _ = await relay.create_integration(
        IntegrationSpec(
            name="test",
            account=ACCOUNT,
            base_url=sim.url,
            app=app,
            api_token=Secret(token),
            mapping=DEMO_MAPPING if mapping is None else mapping,
            **spec,
        )
    )
    return Target(app=app, token=token, integration=integration)


def worker(relay: Relay, **courier: Any) -> Worker:
    """A worker that retries at once, so tests never wait."""
    options = WorkerOptions(courier=CourierOptions(retry=NO_WAITING, **courier), tasks=1)
    return relay.worker(options)


async def drain(relay: Relay, **courier: Any) -> int:
    """Deliver everything that is due now; return how many deliveries were settled."""
    async with worker(relay, **courier) as w:
        return await w.drain()


def writes(sim: Simulator) -> int:
    """How many record writes the simulator has answered so far."""
    by_api = sim.state.stats.by_api
    return sum(by_api[(api, method)] for api, method in WRITES)


WRITES = [
    ("/k/v1/records.json", "POST"),
    ("/k/v1/records.json", "PUT"),
    ("/k/v1/record.json", "POST"),
    ("/k/v1/record.json", "PUT"),
    ("/k/v1/bulkRequest.json", "POST"),
]


def mail(event_id: str, message_id: str, **data: Any) -> dict[str, Any]:
    """A sent mail event."""
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


NOW = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
