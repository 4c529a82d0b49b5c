"""Running the simulator: in a background thread of the caller, or as a separate process."""

import functools
import json
import logging
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Concatenate, Final, ParamSpec, TypeVar
from urllib.request import Request, urlopen

import uvicorn

from ticketrelay.kintone.sim.auth import PERMISSIONS
from ticketrelay.kintone.sim.faults import Fault
from ticketrelay.kintone.sim.server import KintoneSim
from ticketrelay.kintone.sim.settings import SimSettings, settings_to_pairs
from ticketrelay.kintone.sim.state import Clock, SimState, utc_now
from ticketrelay.serving import bind, in_thread

DROP_LOG_LINE: Final = "ASGI callable returned without completing response."
STARTUP_SECONDS: Final = 15.0
P = ParamSpec("P")
R = TypeVar("R")


class QuietDrops(logging.Filter):
    """Hides uvicorn's complaint about the responses that a "drop" fault cuts on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every log line but that one."""
        return record.getMessage() != DROP_LOG_LINE


def quiet_drops() -> None:
    """Install `QuietDrops` on uvicorn's error logger (once)."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, QuietDrops) for f in logger.filters):
        logger.addFilter(QuietDrops())


def create_app(state: SimState | None = None, settings: SimSettings | None = None) -> KintoneSim:
    """The simulator as an ASGI application, over `state` or a new in-memory one."""
    return KintoneSim(state if state is not None else SimState(settings))


def server_config(app: KintoneSim, *, loop: str = "asyncio") -> uvicorn.Config:
    """uvicorn's settings for the simulator: httptools, no access log, no websockets."""
    return uvicorn.Config(
        app,
        http="httptools",
        loop=loop,
        ws="none",
        lifespan="on",
        access_log=False,
        log_config=None,
        timeout_keep_alive=30,
        backlog=1024,
        server_header=False,
    )


def _on_state(
    helper: Callable[Concatenate[SimState, P], R],
) -> Callable[Concatenate["Simulator", P], R]:
    """A method of `Simulator` that does what `helper` does, to the simulator's state."""

    @functools.wraps(helper)
    def method(sim: "Simulator", /, *args: P.args, **kwargs: P.kwargs) -> R:
        return helper(sim.state, *args, **kwargs)

    return method


@dataclass(frozen=True)
class Simulator:
    """A simulator running in this process: its URL and its state, with admin helpers."""

    url: str
    port: int
    state: SimState

    create_app = _on_state(SimState.create_app)
    issue_token = _on_state(SimState.issue_token)
    revoke_token = _on_state(SimState.revoke_token)
    delete_app = _on_state(SimState.delete_app)
    records = _on_state(SimState.records)

    def add_fault(self, kind: str, **options: Any) -> str:
        """Switch a fault on (same keys as `POST /_sim/faults`); its id."""
        fault = Fault.from_json({"kind": kind, **options})
        with self.state.lock:
            return self.state.faults.add(fault).id

    def clear_faults(self) -> int:
        """Switch every fault off; how many there were."""
        with self.state.lock:
            return self.state.faults.remove()


@contextmanager
def run_simulator(
    settings: SimSettings | None = None,
    *,
    data: Path | None = None,
    port: int = 0,
    clock: Clock = utc_now,
) -> Iterator[Simulator]:
    """Serve a simulator on loopback in a background thread for the duration of the block."""
    state = SimState(settings, data=data, clock=clock)
    quiet_drops()
    try:
        with in_thread(server_config(KintoneSim(state)), bind("127.0.0.1", port)) as bound:
            yield Simulator(f"http://localhost:{bound}", bound, state)
    finally:
        state.close()


@dataclass(frozen=True)
class RemoteSimulator:
    """A simulator in another process, driven through its `/_sim/` endpoints."""

    url: str
    port: int

    def admin(self, method: str, path: str, body: object = None) -> Any:
        """Call a `/_sim/` endpoint and return its JSON."""
        data = None if body is None else json.dumps(body).encode()
        request = Request(f"{self.url}{path}", data=data, method=method)  # noqa: S310
        request.add_header("Content-Type", "application/json")
        with urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())

    def create_app(self, name: str, properties: dict[str, Any]) -> int:
        """Create and deploy an app; its id."""
        created = self.admin("POST", "/_sim/apps", {"name": name, "properties": properties})
        return int(created["app"])

    def issue_token(self, app: int, permissions: Sequence[str] = PERMISSIONS[:4]) -> str:
        """A new API token of `app`."""
        body = {"permissions": dict.fromkeys(permissions, True)}
        return str(self.admin("POST", f"/_sim/apps/{app}/api-tokens", body)["token"])


@contextmanager
def spawn_simulator(
    settings: SimSettings | None = None, *, data: Path | None = None
) -> Iterator[RemoteSimulator]:
    """Run `ticketrelay kintone-sim` as a separate process on a free port."""
    probe = bind("127.0.0.1", 0)
    port = probe.getsockname()[1]
    probe.close()
    command = [sys.executable, "-m", "ticketrelay", "kintone-sim", "--port", str(port), "--quiet"]
    for pair in settings_to_pairs(settings or SimSettings()):
        command += ["--set", pair]
    if data is not None:
        command += ["--data", str(data)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603
    remote = RemoteSimulator(f"http://localhost:{port}", port)
    try:
        _wait_healthy(remote, process)
        yield remote
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_healthy(remote: RemoteSimulator, process: "subprocess.Popen[bytes]") -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            remote.admin("GET", "/_sim/health")
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the kintone simulator process did not start") from None
            time.sleep(0.05)
