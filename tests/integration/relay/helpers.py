"""Helpers of the relay tests: apps with integrations, draining, events, request counts."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.bodies import ACCOUNT, mail
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.sender import SenderOptions
from ticketrelay.demo.app import DEMO_MAPPING, demo_fields
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.kintone.fields import Field
from ticketrelay.kintone.sim import Simulator
from ticketrelay.model import Integration
from ticketrelay.relay import Relay
from ticketrelay.rules.events import parse_event
from ticketrelay.rules.retry import NO_WAITING
from ticketrelay.secret import Secret


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
    fields: Sequence[Field] | None = None,
    mapping: dict[str, str] | None = None,
    account: str = ACCOUNT,
    **spec: Any,
) -> Target:
    """Create an app (the demo app unless told otherwise) and an integration onto it."""
    app = sim.create_app("relay test", fields if fields is not None else demo_fields())
    token = sim.issue_token(app)
    integration, _ = await relay.create_integration(
        IntegrationSpec(
            name="test",
            account=account,
            base_url=sim.url,
            app=app,
            api_token=Secret(token),
            mapping=DEMO_MAPPING if mapping is None else mapping,
            **spec,
        )
    )
    return Target(app=app, token=token, integration=integration)


async def drain(relay: Relay, *, kintone_timeout: float = 30.0, **sender: Any) -> int:
    """Deliver everything that is due now; return how many deliveries were settled."""
    options = WorkerOptions(
        sender=SenderOptions(**{"retry": NO_WAITING, **sender}),
        tasks=1,
        kintone_timeout=kintone_timeout,
    )
    async with relay.worker(options) as w:
        return await w.drain()


class Clock:
    """A clock that tests move by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move the clock forward."""
        self.now += timedelta(**delta)


def ingest_mails(
    relay: Relay, count: int, *, start: int = 0, account: str = ACCOUNT, **data: Any
) -> None:
    """Ingest `count` sent mails through a source of an account (the test's), 100 a batch."""
    source, _ = relay.create_source(account, f"desk {start}")
    numbers = list(range(start, start + count))
    for first in range(0, count, 100):
        chunk = numbers[first : first + 100]
        relay.ingest(source, [parse_event(mail(f"e{n}", f"m{n}", **data)) for n in chunk])


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


NOW = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


def spec_of(relay: Relay, integration_id: int, **changes: object) -> IntegrationSpec:
    """The spec of a stored integration, with some values changed."""
    current = relay.integration(integration_id)
    values = {
        "name": current.name,
        "account": current.account,
        "base_url": current.base_url,
        "app": current.app,
        "api_token": None,
        "guest_space_id": current.guest_space_id,
        "timezone": current.timezone,
        "channels": current.channels,
        "inboxes": current.inboxes,
        "mapping": current.mapping,
        "enabled": current.enabled,
        **changes,
    }
    return IntegrationSpec(**values)  # type: ignore[arg-type]


def report(
    record_property: Callable[[str, object], None],
    capsys: pytest.CaptureFixture[str],
    name: str,
    **figures: object,
) -> None:
    """Show a test's figures on one line of the run's output, and keep each in its report."""
    for key, value in figures.items():
        record_property(key, value)
    line = ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in figures.items())
    with capsys.disabled():
        print(f"\n{name}: {line}")
