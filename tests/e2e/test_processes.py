"""`ticketrelay serve` and `ticketrelay worker` as real processes, stopped by signals."""

import signal
from pathlib import Path

import anyio
import httpx
import pytest

from tests.bodies import ACCOUNT, integration, mail
from tests.e2e.cli import environment, free_port, started, stop
from tests.e2e.server import ADMIN, wait_for
from ticketrelay.demo.app import DEMO_MAPPING
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.kintone.sim import Simulator
from ticketrelay.relay import Relay
from ticketrelay.rules.events import parse_event
from ticketrelay.secret import Secret


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def _delivering(folder: Path) -> bool:
    return "delivering" in (folder / "stderr.log").read_text()


def test_serve_takes_events_and_delivers_them(
    relay: Relay, kintone: Simulator, tmp_path: Path
) -> None:
    """One process: the APIs and a worker; events in, records out; SIGTERM shuts it down."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = environment(relay.store)
    with started("serve", "--port", str(port), env=env, cwd=tmp_path) as process:
        wait_for(lambda: _healthy(url) or process.poll() is not None, "the service")
        with httpx.Client(base_url=f"{url}/api/v1", headers=ADMIN, timeout=30) as http:
            body = integration(kintone)
            assert http.post("/integrations", json=body).status_code == 201
            token = http.post("/sources", json={"account": ACCOUNT, "name": "desk"}).json()
            events = {"events": [mail(f"e{n}", f"m{n}") for n in range(3)]}
            auth = {"Authorization": f"Bearer {token['token']}"}
            assert http.post("/events", json=events, headers=auth).status_code == 202
        app = body["kintone"]["app"]
        wait_for(lambda: len(kintone.records(app)) == 3, "three records")
        assert stop(process) == -signal.SIGTERM  # after a graceful shutdown, as uvicorn does
    log = (tmp_path / "stderr.log").read_text()
    assert f"ticketrelay on {url}" in log
    assert "Application shutdown complete." in log


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_workers_deliver_what_another_process_stored(
    relay: Relay, kintone: Simulator, tmp_path: Path, how: signal.Signals
) -> None:
    """Two worker processes share the queue: every record lands once; a signal stops each."""
    body = integration(kintone)
    spec = IntegrationSpec(
        name="workers",
        account=ACCOUNT,
        base_url=kintone.url,
        app=body["kintone"]["app"],
        api_token=Secret(body["kintone"]["api_token"]),
        mapping=DEMO_MAPPING,
    )
    anyio.run(relay.create_integration, spec)
    env = environment(relay.store)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    with (
        started("worker", env=env, cwd=first) as one,
        started("worker", env=env, cwd=second) as two,
    ):
        wait_for(lambda: all(_delivering(f) for f in (first, second)), "both workers")
        source, _ = relay.create_source(ACCOUNT, "desk")
        for start in range(0, 300, 100):
            batch = [mail(f"e{n}", f"m{n}") for n in range(start, start + 100)]
            relay.ingest(source, [parse_event(e) for e in batch])
        app = body["kintone"]["app"]
        wait_for(lambda: len(kintone.records(app)) == 300, "300 records")
        assert (stop(one, how), stop(two, how)) == (0, 0)
    ids = [r["activity_id"]["value"] for r in kintone.records(app)]
    assert len(set(ids)) == 300
    for folder in (first, second):
        assert "ticketrelay worker stopped." in (folder / "stderr.log").read_text()
