"""/healthz, /readyz, /metrics, the OpenAPI schema and /docs."""

import httpx
import sqlalchemy as sa

from tests.bodies import mail
from tests.e2e.server import Service, serving, settings_of
from ticketrelay.crypto import Cipher
from ticketrelay.relay import Relay
from ticketrelay.secret import Secret
from ticketrelay.store import Store
from ticketrelay.web import create_app

SPEC_PATHS = {
    "/api/v1/events": {"post"},
    "/api/v1/sources": {"get", "post"},
    "/api/v1/sources/{source_id}": {"delete", "patch"},
    "/api/v1/integrations": {"get", "post"},
    "/api/v1/integrations/{integration_id}": {"get", "put", "delete"},
    "/api/v1/integrations/{integration_id}/check": {"post"},
    "/api/v1/activities": {"get"},
    "/api/v1/integrations/{integration_id}/errors": {"get"},
    "/api/v1/integrations/{integration_id}/errors.csv": {"get"},
    "/api/v1/integrations/{integration_id}/errors/resend": {"post"},
    "/healthz": {"get"},
    "/readyz": {"get"},
    "/metrics": {"get"},
}


def test_healthz_and_readyz_answer_ok(service: Service) -> None:
    """Both answer {"ok": true} while the process and the database work."""
    for path in ("/healthz", "/readyz"):
        answer = service.http.get(path)
        assert (answer.status_code, answer.json()) == (200, {"ok": True})


def test_readyz_is_503_when_the_database_does_not_answer(store: Store) -> None:
    """A database that cannot be opened makes /readyz a 503 with Retry-After."""
    broken = Store(sa.create_engine("sqlite:////proc/ticketrelay/none.db"))
    relay = Relay(broken, Cipher(Secret("k")))
    app = create_app(relay, settings_of(store), run_worker=False)
    with serving(app) as url, httpx.Client(base_url=url) as http:
        answer = http.get("/readyz")
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "5"
        assert answer.json()["error"].startswith("The database did not answer")
        assert http.get("/healthz").status_code == 200
    broken.close()


def test_metrics_count_events_and_deliveries(service: Service) -> None:
    """Prometheus text with the events ingested and the deliveries by status."""
    service.send(service.source(), {"events": [mail("e1", "m1"), mail("e2", "m2")]})
    answer = service.http.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    lines = answer.text.splitlines()
    assert "ticketrelay_events_ingested_total 2" in lines
    assert "# TYPE ticketrelay_delivery_latency_seconds histogram" in lines


def test_the_openapi_schema_has_every_route_of_the_spec(service: Service) -> None:
    """Every path and method of SPEC sections 8 and 9, and the event models."""
    schema = service.http.get("/openapi.json").json()
    assert {p: set(ops) for p, ops in schema["paths"].items() if p in SPEC_PATHS} == SPEC_PATHS
    components = schema["components"]["schemas"]
    assert {"Event", "EventBatch", "MessageSent", "ChatEditorClosed"} <= set(components)
    assert "type" in components["MessageSent"]["required"]
    assert set(schema["components"]["securitySchemes"]) == {"SourceToken", "AdminToken"}


def test_docs_serve_the_api_reference(service: Service) -> None:
    """/docs is the interactive reference."""
    answer = service.http.get("/docs")
    assert answer.status_code == 200
    assert "openapi.json" in answer.text


def test_an_unknown_address_is_a_404_in_our_shape(service: Service) -> None:
    """Even outside the API, errors are {"error": ...}."""
    answer = service.http.get("/api/v2/events")
    assert (answer.status_code, answer.json()) == (
        404,
        {"error": "There is nothing at this address; the API lives under /api/v1 (see /docs)."},
    )
    wrong = service.http.put("/healthz")
    assert (wrong.status_code, wrong.json()) == (
        405,
        {"error": "This address does not take that method (see /docs)."},
    )
