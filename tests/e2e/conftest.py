"""Fixtures of the end-to-end tests: real databases, the simulator, the service over HTTP."""

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.server import SECRET_KEY, Service, serving, settings_of
from ticketrelay.crypto import Cipher
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.sender import SenderOptions
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.rules.retry import NO_WAITING
from ticketrelay.secret import Secret
from ticketrelay.store import Store
from ticketrelay.web import create_app

QUICK = WorkerOptions(sender=SenderOptions(retry=NO_WAITING), tasks=1, idle_seconds=0.05)


@pytest.fixture
def relay(store: Store) -> Relay:
    """A relay on the test database that may point at the simulator on localhost."""
    return Relay(store, Cipher(Secret(SECRET_KEY)), allowed_hosts=("localhost",))


@pytest.fixture
def service(relay: Relay, kintone: Simulator) -> Iterator[Service]:
    """The service with its delivery worker, on a loopback port, and a client."""
    app = create_app(relay, settings_of(relay.store), worker_options=QUICK)
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as http:
        yield Service(url=url, relay=relay, http=http)
