"""The webhook fuzz tier (issue 11): `TICKETRELAY_HOOK_FUZZ_PAYLOADS` generated deliveries
(10,000) to each receiver, and not one answer of 500 or more.

Most are signed right, so that they pass the signature and meet storage and translation:
the helpdesks' own payloads bent out of shape, bytes that are not JSON or not UTF-8, JSON
that is no object. The rest are signed wrong, stale, or sent to no live source, and must be
refused with 401 (or, for a URL of no receiver, some other 4xx) and store nothing. As in
the fuzz tier of issue 10, nineteen twentieths go through httpx's `ASGITransport` into the
app of `create_app`, a twentieth through uvicorn, and a tenth of it all on PostgreSQL;
every thousand deliveries a worker delivers what the webhooks ingested to a simulator.
"""

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import anyio
import anyio.from_thread
import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.bodies import ACCOUNT
from tests.e2e.fuzz_hooks import (
    KINDS,
    LIVE,
    OTHER,
    REVOKED,
    SECRETS,
    SETTINGS,
    Delivery,
    deliveries,
    reported,
    request,
    stored_id,
)
from tests.e2e.fuzzing import Call
from tests.e2e.server import ADMIN_TOKEN, SECRET_KEY, serving, settings_of
from ticketrelay.crypto import Cipher
from ticketrelay.delivery.options import WorkerOptions
from ticketrelay.delivery.outcomes import INTERNAL_CODE
from ticketrelay.demo.app import DEMO_MAPPING, demo_fields
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.kintone.sim import SimState
from ticketrelay.kintone.sim import create_app as create_sim
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import Store, hooks
from ticketrelay.web import create_app

pytestmark = pytest.mark.heavy

TARGET = int(os.environ.get("TICKETRELAY_HOOK_FUZZ_PAYLOADS", "10000"))
OVER_HTTP = 20
BATCH = 20
DRAIN_EVERY = 1000
# `synced` where the chat layer takes a chat message at once, `pending_chat` where it waits.
SETTLED = {"synced", "not_synced", "pending_chat"}
ADMIN = ((b"authorization", f"Bearer {ADMIN_TOKEN}".encode()),)


class Send(Protocol):
    """Sends one request and gives the status and body of the answer."""

    async def __call__(self, call: Call) -> tuple[int, bytes]: ...


@dataclass
class Fuzzed:
    """The service under fuzzing, its sources, the deliveries it took, and its answers."""

    app: FastAPI
    relay: Relay
    ids: dict[str, dict[str, int]]
    stored: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})
    taken: set[tuple[str, str]] = field(default_factory=set)
    answers: Counter[str] = field(default_factory=Counter)

    @property
    def tried(self) -> int:
        """How many deliveries were answered."""
        return sum(self.answers.values())

    @property
    def dialect(self) -> str:
        """The database's: `sqlite` or `postgresql`."""
        return self.relay.store.engine.dialect.name

    async def send_all(self, send: Send, batch: list[Delivery]) -> None:
        """Send deliveries one after another, delivering and reading back every thousand."""
        for delivery in batch:
            await self.send(send, delivery)
            if self.tried % DRAIN_EVERY == 0:
                await self.deliver_and_read(send)

    async def send(self, send: Send, delivery: Delivery) -> None:
        """Sign and send a delivery; check its answer, and what it added to the store."""
        ids, earlier = self.ids[delivery.kind], self.stored[delivery.kind]
        call, authentic = request(delivery, ids, self.tried, earlier, time.time())
        status, body = await send(call)
        assert status < 500, f"{status} {body[:300]!r} for {call}"
        if authentic:
            self._taken(delivery.kind, call, status, body)
            return
        self.answers[str(status)] += 1
        if delivery.target == "odd":
            assert 300 <= status < 500, f"{status} for {call}"
            assert status != 401, f"{status} for {call}"
        else:
            assert status == 401, f"{status} {body[:300]!r} for {call}"

    def _taken(self, kind: str, call: Call, status: int, body: bytes) -> None:
        """A signed delivery: 200, a duplicate exactly when its ID was taken before."""
        assert status == 200, f"{status} {body[:300]!r} for {call}"
        answer = json.loads(body)
        key = (kind, stored_id(kind, call.headers, call.body))
        duplicate = key in self.taken
        self.answers["200 duplicate" if duplicate else f"200 {answer['status']}"] += 1
        assert answer["duplicate"] == duplicate, f"{answer} for {call}"
        if duplicate:
            assert answer["status"] is None, f"{answer} for {call}"
        else:
            assert answer["status"] in SETTLED, f"{answer} for {call}"
            self.taken.add(key)
            self.stored[kind].append(key[1])

    async def deliver_and_read(self, send: Send) -> None:
        """Deliver what the webhooks ingested, and read each live source's deliveries."""
        async with self.relay.worker(WorkerOptions(tasks=1)) as worker:
            await worker.drain()
        broken = [i.id for i in self.relay.list_integrations() if i.paused_code == INTERNAL_CODE]
        assert broken == [], f"the worker failed on integrations {broken}"
        for kind in KINDS:
            url = f"/api/v1/sources/{self.ids[kind][LIVE]}/hooks"
            status, body = await send(Call("GET", url, ADMIN, b""))
            assert status == 200, f"{status} {body[:300]!r} for GET {url}"
            assert isinstance(json.loads(body)["deliveries"], list)

    def check_store(self) -> None:
        """One row per delivery ID taken, none for a refused one, none left untranslated."""
        with self.relay.store.read() as conn:
            assert hooks.count(conn) == len(self.taken)
            assert hooks.received(conn, datetime.max.replace(tzinfo=UTC)) == []


def _source(relay: Relay, kind: str) -> int:
    secret = Secret(SECRETS[kind])
    return relay.hooks.create_source(ACCOUNT, kind, kind, SETTINGS[kind], secret).id


@pytest.fixture
def fuzzed(store: Store) -> Fuzzed:
    """The service on the test database with an integration onto a simulator behind an
    in-process transport, and a live and a revoked source of each helpdesk."""
    state = SimState()
    app = state.create_app("fuzz", demo_fields())
    token = state.issue_token(app, ["view", "add", "edit"])
    transport = httpx.ASGITransport(app=create_sim(state))
    relay = Relay(
        store, Cipher(Secret(SECRET_KEY)), allowed_hosts=("localhost",), transport=transport
    )
    spec = IntegrationSpec(
        name="fuzz",
        account=ACCOUNT,
        base_url="http://localhost",
        app=app,
        api_token=Secret(token),
        mapping=DEMO_MAPPING,
    )
    anyio.run(relay.create_integration, spec)
    ids = {kind: {LIVE: _source(relay, kind), REVOKED: _source(relay, kind)} for kind in KINDS}
    for kind, other in zip(KINDS, reversed(KINDS), strict=True):
        relay.revoke_source(ids[kind][REVOKED])
        ids[kind][OTHER] = ids[other][LIVE]
    return Fuzzed(app=create_app(relay, settings_of(store), run_worker=False), relay=relay, ids=ids)


@contextmanager
def over_asgi(app: FastAPI) -> Iterator[tuple[Send, anyio.from_thread.BlockingPortal]]:
    """Requests into the app through httpx's ASGITransport, on an event loop of their own."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    async def send(call: Call) -> tuple[int, bytes]:
        url = f"http://fuzz.test{call.url}"
        sent = httpx.Request(call.method, url, headers=call.headers, content=call.body)
        answer = await transport.handle_async_request(sent)
        return answer.status_code, await answer.aread()

    with anyio.from_thread.start_blocking_portal() as portal:
        yield send, portal


@contextmanager
def over_http(app: FastAPI) -> Iterator[tuple[Send, anyio.from_thread.BlockingPortal]]:
    """Requests to the app served by uvicorn on a loopback port."""
    with (
        serving(app) as url,
        anyio.from_thread.start_blocking_portal() as portal,
        portal.wrap_async_context_manager(httpx.AsyncClient(base_url=url, timeout=60)) as client,
    ):

        async def send(call: Call) -> tuple[int, bytes]:
            answer = await client.request(
                call.method, call.url, headers=call.headers, content=call.body
            )
            return answer.status_code, answer.content

        yield send, portal


def _fuzz(
    fuzzed: Fuzzed,
    generated: st.SearchStrategy[Delivery],
    sent: tuple[Send, anyio.from_thread.BlockingPortal],
    count: int,
) -> None:
    """Send at least `count` generated deliveries, in batches (cheaper to generate)."""
    send, portal = sent

    @given(batch=st.lists(generated, min_size=BATCH, max_size=BATCH))
    @settings(
        max_examples=-(-count // BATCH),
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def answers(batch: list[Delivery]) -> None:
        portal.call(fuzzed.send_all, send, batch)

    answers()
    portal.call(fuzzed.deliver_and_read, send)


def _size(fuzzed: Fuzzed) -> int:
    """Deliveries per receiver: a tenth on PostgreSQL, which would double the time."""
    return TARGET if fuzzed.dialect == "sqlite" else TARGET // 10


def _settle(capsys: pytest.CaptureFixture[str], name: str, fuzzed: Fuzzed, count: int) -> None:
    """Report the answers, and check the store and the count."""
    errors = sum(n for answer, n in fuzzed.answers.items() if answer >= "5")
    answers = dict(sorted(fuzzed.answers.items()))
    with capsys.disabled():
        print(f"\n{name}: deliveries tried {fuzzed.tried}, 5xx {errors}, answers {answers}")
    fuzzed.check_store()
    assert fuzzed.tried >= count


@pytest.mark.parametrize("kind", KINDS)
def test_no_delivery_gets_a_server_error(
    fuzzed: Fuzzed, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Generated deliveries to a receiver into the app: below 500, 401 unless signed for
    its live source, and one stored row per delivery ID taken, translated."""
    examples = _size(fuzzed) - _size(fuzzed) // OVER_HTTP
    with over_asgi(fuzzed.app) as (send, portal):
        portal.call(fuzzed.send_all, send, reported(kind))
        _fuzz(fuzzed, deliveries(kind), (send, portal), examples)
    assert {"200 synced", "200 not_synced", "200 duplicate", "401"} <= set(fuzzed.answers)
    _settle(capsys, f"fuzz, {kind} webhooks over ASGI", fuzzed, examples)


def test_no_delivery_over_http_gets_a_server_error(
    fuzzed: Fuzzed, capsys: pytest.CaptureFixture[str]
) -> None:
    """A twentieth of the deliveries to both receivers over real HTTP: the same answers."""
    examples = _size(fuzzed) // OVER_HTTP
    with over_http(fuzzed.app) as sent:
        for kind in KINDS:
            _fuzz(fuzzed, deliveries(kind, wire=True), sent, examples)
    _settle(capsys, "fuzz, both webhooks over HTTP", fuzzed, 2 * examples)
