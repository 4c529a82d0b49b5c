"""Fixtures for the relay: a Relay on a real database that may reach the simulator."""

import pytest

from ticketrelay.crypto import Cipher
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import Store


@pytest.fixture
def relay(store: Store) -> Relay:
    """A relay on the test database that may point at the simulator on localhost."""
    return Relay(store, Cipher(Secret("test key")), allowed_hosts=("localhost",))
