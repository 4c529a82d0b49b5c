"""Running the simulator with uvicorn: in a background thread of a test, or in the foreground."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn

from ticketrelay.fakes.relation.faults import Fault
from ticketrelay.fakes.relation.server import RelationSim
from ticketrelay.fakes.relation.state import DEMO_TOKEN, RelationState
from ticketrelay.serving import bind, in_thread


def create_app(state: RelationState | None = None) -> RelationSim:
    """The simulator as an ASGI application, over `state` or a new one with the demo token."""
    return RelationSim(state if state is not None else RelationState())


def server_config(app: RelationSim) -> uvicorn.Config:
    """uvicorn's settings for the simulator: no access log, no server header, no websockets."""
    return uvicorn.Config(
        app,
        loop="asyncio",
        ws="none",
        lifespan="on",
        access_log=False,
        log_config=None,
        server_header=False,
        timeout_keep_alive=30,
    )


def listen(host: str, port: int) -> socket.socket:
    """A bound TCP socket (port 0: a free one); OSError when the address is taken."""
    return bind(host, port)


def base_url(host: str, port: int) -> str:
    """The URL a client on this machine uses for a simulator listening on `host`."""
    if host in ("127.0.0.1", "localhost", "0.0.0.0", ""):  # noqa: S104 (a name, not a bind)
        return f"http://localhost:{port}"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@dataclass(frozen=True)
class RelationSimulator:
    """A simulator serving in this process: its URL, its state and the demo token."""

    url: str
    port: int
    state: RelationState
    token: str = DEMO_TOKEN

    def headers(self, token: str | None = None) -> dict[str, str]:
        """`Authorization: Bearer` with a token (default: the demo token)."""
        return {"Authorization": f"Bearer {token or self.token}"}

    def add_fault(self, kind: str, **options: Any) -> str:
        """Switch a fault on (the keys of `POST /_sim/faults`); its id."""
        fault = Fault.from_json({"kind": kind, **options})
        with self.state.lock:
            return self.state.faults.add(fault).id

    def clear_faults(self) -> int:
        """Switch every fault off; how many there were."""
        with self.state.lock:
            return self.state.faults.remove()

    def busiest_minute(self, token: str | None = None) -> int:
        """Requests in the busiest clock minute of a token (default: all tokens); 0 before any."""
        busiest = self.state.busiest(token)
        return 0 if busiest is None else busiest.requests


@contextmanager
def run_relation_sim(
    state: RelationState | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> Iterator[RelationSimulator]:
    """Serve a simulator in a background thread for the duration of the block."""
    state = state if state is not None else RelationState()
    with in_thread(server_config(RelationSim(state)), bind(host, port)) as bound:
        token = next(iter(state.tokens), "")
        yield RelationSimulator(base_url(host, bound), bound, state, token)
