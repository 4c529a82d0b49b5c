"""Who may call what: source tokens for events, the admin token for management, 401 else."""

from dataclasses import replace

import httpx
import pytest

from tests.bodies import mail
from tests.e2e.server import ADMIN, Service, serving, settings_of
from ticketrelay.relay import Relay
from ticketrelay.web import create_app

MANAGEMENT = [
    ("GET", "/api/v1/sources"),
    ("POST", "/api/v1/sources"),
    ("GET", "/api/v1/integrations"),
    ("POST", "/api/v1/integrations"),
    ("GET", "/api/v1/integrations/1"),
    ("PUT", "/api/v1/integrations/1"),
    ("DELETE", "/api/v1/integrations/1"),
    ("POST", "/api/v1/integrations/1/check"),
    ("GET", "/api/v1/activities"),
    ("GET", "/api/v1/integrations/1/errors"),
    ("GET", "/api/v1/integrations/1/errors.csv"),
    ("POST", "/api/v1/integrations/1/errors/resend"),
]


def _events(service: Service, headers: dict[str, str]) -> tuple[int, str, str]:
    answer = service.send(headers, mail("e1", "m1"))
    return answer.status_code, answer.json()["error"], answer.headers.get("www-authenticate", "")


def test_events_without_a_token_get_401(service: Service) -> None:
    """No Authorization header, or another scheme than Bearer."""
    expected = (401, "Send a source token: Authorization: Bearer <source token>.", "Bearer")
    assert _events(service, {}) == expected
    assert _events(service, {"Authorization": "Basic YWRtaW46YWRtaW4="}) == expected


def test_events_with_a_wrong_token_get_401(service: Service) -> None:
    """A token no source has."""
    assert _events(service, {"Authorization": "Bearer trs_nope"}) == (
        401,
        "The token is not a live source token: it is wrong or was revoked.",
        "Bearer",
    )


def test_events_with_the_admin_token_get_401(service: Service) -> None:
    """The admin token does not send events: each event belongs to a source."""
    assert _events(service, ADMIN) == (
        401,
        "The event API takes a source token, not the admin token.",
        "Bearer",
    )


def test_a_revoked_source_token_gets_401(service: Service) -> None:
    """Once revoked, the token is refused."""
    token = service.source()
    (source,) = service.admin("GET", "/sources").json()["sources"]
    assert service.admin("DELETE", f"/sources/{source['id']}").status_code == 204
    assert _events(service, token)[0] == 401


@pytest.mark.parametrize(("method", "path"), MANAGEMENT)
def test_the_management_api_wants_the_admin_token(service: Service, method: str, path: str) -> None:
    """No token, a wrong one and a source token are each a 401 with their own sentence."""
    source = service.source()
    cases = [
        ({}, "Send the admin token: Authorization: Bearer <admin token>."),
        (
            {"Authorization": "Bearer nope"},
            "The token is not the admin token (TICKETRELAY_ADMIN_TOKEN).",
        ),
        (source, "The management API takes the admin token, not a source token."),
    ]
    for headers, message in cases:
        answer = service.http.request(method, path, headers=headers, json={})
        assert (answer.status_code, answer.json()) == (401, {"error": message})
        assert answer.headers["www-authenticate"] == "Bearer"


def test_without_an_admin_token_the_management_api_is_off(relay: Relay) -> None:
    """When TICKETRELAY_ADMIN_TOKEN is unset, nothing opens the management API."""
    app = create_app(relay, replace(settings_of(relay.store), admin_token=None), run_worker=False)
    with serving(app) as url, httpx.Client(base_url=url) as http:
        answer = http.get("/api/v1/sources", headers={"Authorization": "Bearer x"})
        assert (answer.status_code, answer.json()) == (
            401,
            {"error": "The management API is off: set TICKETRELAY_ADMIN_TOKEN to switch it on."},
        )
