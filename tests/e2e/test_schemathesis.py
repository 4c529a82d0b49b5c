"""schemathesis against the OpenAPI schema: no generated input makes the service fail."""

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, positive_data_acceptance
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.bodies import ACCOUNT, mail
from tests.databases import BACKENDS, database_url, opened
from tests.e2e.server import ADMIN_TOKEN, serving, settings_of
from ticketrelay.config import Settings
from ticketrelay.crypto import Cipher
from ticketrelay.demo.app import DEMO_MAPPING, demo_fields
from ticketrelay.integrations.spec import IntegrationSpec
from ticketrelay.kintone.sim import SimState
from ticketrelay.kintone.sim import create_app as create_sim
from ticketrelay.relay import Relay
from ticketrelay.rules.events import parse_event
from ticketrelay.secret import Secret
from ticketrelay.store import Store
from ticketrelay.web import create_app

EXAMPLES = int(os.environ.get("TICKETRELAY_SCHEMATHESIS_EXAMPLES", "50"))
TRIED: Counter[str] = Counter()
# Input that fits the schema may still be refused with a 422 for what no schema says (a base
# URL outside kintone's domains, an unknown time zone, a blank name, a NUL character), so
# `positive_data_acceptance` is left out; and unknown query parameters are ignored, as HTTP
# APIs do, so input that breaks the schema is checked for its answer, not for a refusal.
NEGATIVE_CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def operations() -> list[tuple[str, str, GenerationMode]]:
    """Every (method, path) of the service's schema with the modes that fit, deletions last.

    Input that breaks the schema needs an operation that takes some input.
    """
    store = Store(sa.create_engine("sqlite://"))
    app = create_app(Relay(store, Cipher(Secret("k"))), Settings(database_url="sqlite://"))
    paths: dict[str, dict[str, Any]] = app.openapi()["paths"]
    store.close()
    found = [
        (method.upper(), path, mode)
        for path, item in paths.items()
        for method, operation in item.items()
        for mode in GenerationMode
        if mode == GenerationMode.POSITIVE or {"parameters", "requestBody"} & set(operation)
    ]
    return sorted(found, key=lambda operation: operation[0] == "DELETE")


@dataclass(frozen=True)
class Target:
    """The service under fuzzing, its schema as schemathesis reads it, and what it holds."""

    schema: Any
    source_token: str
    known: dict[str, int]
    backend: str


@pytest.fixture(scope="module", params=BACKENDS)
def target(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Target]:
    """The service on a database of its own, with a kintone simulator behind an in-process
    transport (so nothing reaches the network), an integration and an ERROR in its log."""
    folder: Path = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    with database_url(request.param, folder) as url, opened(url) as store:
        relay, known, token = _prepared(store)
        app = create_app(relay, settings_of(store), run_worker=False)
        with serving(app) as base:
            schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
            yield Target(schema=schema, source_token=token, known=known, backend=request.param)


def _prepared(store: Store) -> tuple[Relay, dict[str, int], str]:
    state = SimState()
    app = state.create_app("fuzz", demo_fields())
    kintone_token = state.issue_token(app, ["view", "add", "edit"])
    transport = httpx.ASGITransport(app=create_sim(state))
    relay = Relay(store, Cipher(Secret("k")), allowed_hosts=("localhost",), transport=transport)
    spec = IntegrationSpec(
        name="fuzz",
        account=ACCOUNT,
        base_url="http://localhost",
        app=app,
        api_token=Secret(kintone_token),
        mapping=DEMO_MAPPING,
    )
    integration, _ = anyio.run(relay.create_integration, spec)
    source, token = relay.create_source(ACCOUNT, "fuzz")
    relay.ingest(source, [parse_event(mail("e1", "m1", subject="長" * 101))])
    anyio.run(_drain, relay)
    return relay, {"integration_id": integration.id, "source_id": source.id}, token.reveal()


async def _drain(relay: Relay) -> None:
    async with relay.worker() as worker:
        await worker.drain()


@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print how many requests schemathesis generated, per database, once all have run."""
    yield
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if capture is not None and TRIED:
        tried = ", ".join(f"{backend} {n}" for backend, n in sorted(TRIED.items()))
        with capture.global_and_fixture_disabled():
            print(f"\nschemathesis: requests tried {tried}")


@pytest.mark.parametrize(("method", "path", "mode"), operations(), ids=str)
def test_no_input_makes_the_service_fail(
    target: Target, method: str, path: str, mode: GenerationMode
) -> None:
    """Every operation answers generated input as its schema says, and never with a 5xx."""
    token = target.source_token if path == "/api/v1/events" else ADMIN_TOKEN
    operation = target.schema[path][method]
    known = {name: value for name, value in target.known.items() if f"{{{name}}}" in path}
    cases = operation.as_strategy(mode)
    if known:
        cases = st.one_of(cases, operation.as_strategy(mode, path_parameters=known))

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers(case: Any) -> None:
        TRIED[target.backend] += 1
        headers = {"Authorization": f"Bearer {token}"}
        if mode == GenerationMode.POSITIVE:
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
        else:
            case.call_and_validate(headers=headers, checks=NEGATIVE_CHECKS)

    answers()
