"""`ticketrelay demo`: the simulator and the service on free loopback ports, a throwaway
SQLite database, a kintone app made through kintone's own APIs, the bundled stream replayed
through the event API, a Chatwoot and a Zendesk stream posted to their webhook sources, and a
seeded Re:lation simulator read by a Re:lation source."""

import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import anyio
import httpx

from ticketrelay.config import Settings
from ticketrelay.demo import helpdesks, relation
from ticketrelay.demo.app import DEMO_ACCOUNT, DEMO_APP_NAME, DEMO_MAPPING, demo_fields
from ticketrelay.demo.bundle import load_bundle
from ticketrelay.demo.helpdesks import HookSource, Played
from ticketrelay.demo.relation import RelationRead
from ticketrelay.errors import Bug
from ticketrelay.fakes import HELPDESKS, Helpdesk
from ticketrelay.fakes.relation import RelationSimulator, RelationState, run_relation_sim
from ticketrelay.kintone.auth import Password
from ticketrelay.kintone.client import KintoneClient
from ticketrelay.kintone.sim import Simulator, run_simulator
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.serving import bind, in_thread, quiet_config
from ticketrelay.store import deliveries
from ticketrelay.store.events import unprocessed
from ticketrelay.web import create_app

BATCH = 100
API = "api"
Progress = Callable[[int, int], None]
# Done out of all of one stream: `API`'s events, a helpdesk's webhooks, or Re:lation's boxes.
StreamProgress = Callable[[str, int, int], None]


@dataclass(frozen=True, kw_only=True)
class Demo:
    """The running pieces of a demo."""

    relay: Relay
    sim: Simulator
    relation: RelationSimulator
    url: str
    admin_token: str


@dataclass(frozen=True, kw_only=True)
class Replay:
    """What the replay did: the app, integration and API source it made, the API's counts,
    the webhook sources with what replaying their traffic came back with, and the Re:lation
    source with what it read."""

    app: int
    integration_id: int
    source_id: int
    events: int
    accepted: int
    duplicates: int
    seconds: float
    hooks: tuple[Played, ...]
    relation: RelationRead


@dataclass(frozen=True, kw_only=True)
class _Made:
    """What the set-up made: the integration, the API source and its token, the webhook sources."""

    integration_id: int
    source_id: int
    token: str
    hooks: tuple[HookSource, ...]


@contextmanager
def running(folder: Path | None = None) -> Iterator[Demo]:
    """Start the simulators and the service (with its worker) on a throwaway database."""
    with _folder(folder) as where, run_relation_sim(RelationState()) as helpdesk:
        token = "demo-" + secrets.token_urlsafe(12)
        settings = Settings(
            database_url=f"sqlite:///{where / 'ticketrelay-demo.db'}",
            admin_token=Secret(token),
            secret_key=Secret(secrets.token_urlsafe(32)),
            kintone_hosts=("localhost",),
            source_hosts=(relation.host(helpdesk),),
        )
        relay = Relay.open(settings)
        try:
            app = create_app(relay, settings)
            with run_simulator() as sim, in_thread(quiet_config(app), bind("127.0.0.1", 0)) as port:
                url = f"http://127.0.0.1:{port}"
                yield Demo(relay=relay, sim=sim, relation=helpdesk, url=url, admin_token=token)
        finally:
            relay.close()


@contextmanager
def _folder(folder: Path | None) -> Iterator[Path]:
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="ticketrelay-demo-") as tmp:
        yield Path(tmp)


async def create_kintone_app(sim_url: str) -> int:
    """Make the demo app the way a kintone administrator's tools do: add, add fields, deploy."""
    admin = Password(username="admin", password=Secret("admin"))
    async with KintoneClient(sim_url, admin) as kintone:
        app = await kintone.add_app(DEMO_APP_NAME)
        await kintone.add_form_fields(app, demo_fields())
        await kintone.deploy(app)
    return app


async def replay(demo: Demo, progress: StreamProgress) -> Replay:
    """Set up the app, the sources and an integration, post the bundled events in order, then
    each helpdesk's webhook traffic to its source while a Re:lation source reads its tickets."""
    app = await create_kintone_app(demo.sim.url)
    admin = {"Authorization": f"Bearer {demo.admin_token}"}
    async with httpx.AsyncClient(base_url=demo.url, headers=admin, timeout=60) as api:
        made = await _set_up(api, demo, app)
        events = _events_ending_now()
        began = time.perf_counter()
        accepted, duplicates = await _post(api, made.token, events, partial(progress, API))
        seconds = time.perf_counter() - began
        # After the API's stream, not beside it: its undo windows end moments after it does,
        # and webhooks or a poll queued for the account's lock would slow it past some of them.
        played, read = await _beside(api, demo, made.hooks, progress)
    return Replay(
        app=app,
        integration_id=made.integration_id,
        source_id=made.source_id,
        events=len(events),
        accepted=accepted,
        duplicates=duplicates,
        seconds=seconds,
        hooks=played,
        relation=read,
    )


async def _beside(
    api: httpx.AsyncClient, demo: Demo, hooks: tuple[HookSource, ...], progress: StreamProgress
) -> tuple[tuple[Played, ...], RelationRead]:
    """Make the Re:lation source, post the webhooks while it polls, then wait for its poll."""
    seeded = relation.seed_tickets(demo.relation)
    body = relation.source_body(demo.relation, seeded)
    source = int(_ok(await api.post("/api/v1/sources", json=body))["id"])
    played: list[Played] = []
    await _play(hooks, progress, played)
    wait = partial(relation.wait_for_poll, demo.relay, demo.relation, source, seeded)
    read = await anyio.to_thread.run_sync(wait, partial(progress, relation.KEY))
    return tuple(played), read


async def _play(
    sources: tuple[HookSource, ...], progress: StreamProgress, played: list[Played]
) -> None:
    """Post each webhook source's traffic in turn from a worker thread, into `played`."""
    until = datetime.now(UTC)
    for source in sources:
        deliveries = helpdesks.demo_traffic(source.helpdesk, until)
        step = partial(progress, source.helpdesk)
        played.append(await anyio.to_thread.run_sync(helpdesks.play, source, deliveries, step))


async def _set_up(api: httpx.AsyncClient, demo: Demo, app: int) -> _Made:
    """The API source, a webhook source per helpdesk, and an integration into `app`."""
    token = demo.sim.issue_token(app, ["view", "add", "edit"])
    source = {"account": DEMO_ACCOUNT, "name": "Re:lation (デモ)"}
    integration = {
        "name": "対応履歴アプリ",
        "account": DEMO_ACCOUNT,
        "kintone": {"base_url": demo.sim.url, "app": app, "api_token": token},
        "mapping": DEMO_MAPPING,
    }
    made = _ok(await api.post("/api/v1/sources", json=source))
    hooks = tuple([await _hook_source(api, helpdesk) for helpdesk in HELPDESKS])
    made_integration = _ok(await api.post("/api/v1/integrations", json=integration))
    return _Made(
        integration_id=int(made_integration["id"]),
        source_id=int(made["id"]),
        token=str(made["token"]),
        hooks=hooks,
    )


async def _hook_source(api: httpx.AsyncClient, helpdesk: Helpdesk) -> HookSource:
    """A webhook source of `helpdesk` with a new secret, as the API made it."""
    secret = helpdesks.new_secret()
    made = _ok(await api.post("/api/v1/sources", json=helpdesks.source_body(helpdesk, secret)))
    return HookSource(
        helpdesk=helpdesk, id=int(made["id"]), url=str(made["webhook_url"]), secret=secret
    )


async def _post(
    api: httpx.AsyncClient, source_token: str, events: list[dict[str, Any]], progress: Progress
) -> tuple[int, int]:
    """Post events a batch at a time; how many were accepted, and how many were duplicates."""
    bearer = {"Authorization": f"Bearer {source_token}"}
    accepted = duplicates = 0
    for start in range(0, len(events), BATCH):
        batch = {"events": events[start : start + BATCH]}
        answer = _ok(await api.post("/api/v1/events", json=batch, headers=bearer))
        accepted += answer["accepted"]
        duplicates += answer["duplicates"]
        progress(min(start + BATCH, len(events)), len(events))
    return accepted, duplicates


def _events_ending_now() -> list[dict[str, Any]]:
    """The bundle moved so that its last event happened just now, so nothing waits."""
    events = load_bundle()
    last = max(datetime.fromisoformat(e["occurred_at"]) for e in events)
    first = min(datetime.fromisoformat(e["occurred_at"]) for e in events)
    start = datetime.now(UTC) - (last - first) - timedelta(seconds=1)
    return load_bundle(shift_to=start)


def _ok(response: httpx.Response) -> dict[str, Any]:
    if response.status_code >= 400:
        request = response.request
        raise Bug(
            f"The demo's {request.method} {request.url.path} answered "
            f"{response.status_code}: {response.text}"
        )
    body: dict[str, Any] = response.json()
    return body


def wait_for_delivery(relay: Relay, progress: Progress, *, seconds: float = 120) -> None:
    """Wait until every event is processed and no delivery is pending, reporting done out of all."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with relay.store.read() as conn:
            found = deliveries.counts(conn)
            waiting = bool(unprocessed(conn, limit=1))
        total = sum(found.values())
        pending = found.get("pending", 0)
        progress(total - pending, total)
        if total and not pending and not waiting:
            return
        time.sleep(0.1)
    raise TimeoutError(f"deliveries were still pending after {seconds:.0f} s")
