"""`/api/v1/integrations`: the shapes of SPEC section 9, the check, and what is refused."""

import json
from typing import Any

import pytest

from tests.bodies import ACCOUNT, integration
from tests.e2e.server import ADMIN, Service
from ticketrelay.kintone.sim import Simulator
from ticketrelay.rules.channels import CHANNEL_KEYS

SETTINGS = {"name", "account", "kintone", "timezone", "channels", "inboxes", "mapping", "enabled"}
STATE = {"id", "status", "paused_reason", "created_at", "updated_at"}


def test_creating_answers_201_with_the_integration_and_its_check(
    service: Service, kintone: Simulator
) -> None:
    """Top-level fields as sent, defaults filled in, a check, and no API token."""
    body = integration(kintone)
    answer = service.admin("POST", "/integrations", json=body)
    assert answer.status_code == 201
    created = answer.json()
    assert set(created) == SETTINGS | STATE | {"check"}
    assert created["check"] == {"ok": True, "problems": []}
    assert (created["name"], created["account"], created["mapping"]) == (
        body["name"],
        body["account"],
        body["mapping"],
    )
    assert created["kintone"] == {
        "base_url": kintone.url,
        "app": body["kintone"]["app"],
        "guest_space_id": None,
    }
    assert (created["timezone"], created["channels"], created["inboxes"]) == ("Asia/Tokyo", [], [])
    assert (created["enabled"], created["status"]) == (True, "active")
    assert body["kintone"]["api_token"] not in answer.text


def test_app_and_guest_space_may_be_numeric_strings(service: Service, kintone: Simulator) -> None:
    """ "12" is read as 12; the answer has numbers."""
    body = integration(kintone)
    app = body["kintone"]["app"]
    body["kintone"] |= {"app": str(app), "guest_space_id": "7"}
    created = service.admin("POST", "/integrations", json=body).json()
    assert created["kintone"]["app"] == app
    assert created["kintone"]["guest_space_id"] == 7


def test_reading_listing_changing_and_deleting(service: Service, kintone: Simulator) -> None:
    """GET, GET by account, PUT (keeping the stored token) and DELETE, then 404."""
    body = integration(kintone)
    created = service.admin("POST", "/integrations", json=body).json()
    path = f"/integrations/{created['id']}"
    read = service.admin("GET", path).json()
    assert read == {k: v for k, v in created.items() if k != "check"}
    assert service.admin("GET", f"/integrations?account={ACCOUNT}").json()["integrations"] == [read]
    assert service.admin("GET", "/integrations?account=other").json() == {"integrations": []}
    del body["kintone"]["api_token"]
    changed = service.admin("PUT", path, json={**body, "name": "renamed", "channels": ["mail"]})
    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["channels"]) == ("renamed", ["mail"])
    assert changed.json()["check"]["ok"] is True
    assert service.admin("DELETE", path).status_code == 204
    gone = service.admin("GET", path)
    assert (gone.status_code, gone.json()) == (
        404,
        {"error": f"There is no integration {created['id']}."},
    )


def test_the_check_reports_a_field_the_app_lacks(service: Service, kintone: Simulator) -> None:
    """Saving works; the check says which value maps onto which missing field."""
    body = integration(kintone)
    body["mapping"] = {**body["mapping"], "subject": "no_such_field"}
    created = service.admin("POST", "/integrations", json=body).json()
    assert created["check"]["ok"] is False
    (problem,) = [p for p in created["check"]["problems"] if p["severity"] == "error"]
    assert (problem["value_key"], problem["field_code"]) == ("subject", "no_such_field")
    again = service.admin("POST", f"/integrations/{created['id']}/check")
    assert (again.status_code, again.json()) == (200, created["check"])


def test_the_check_reports_a_wrong_token(service: Service, kintone: Simulator) -> None:
    """kintone's refusal becomes a connection_failed problem."""
    body = integration(kintone)
    body["kintone"]["api_token"] = "wrong"
    check = service.admin("POST", "/integrations", json=body).json()["check"]
    assert check["ok"] is False
    assert [p["reason"] for p in check["problems"]] == ["connection_failed"]
    problem = check["problems"][0]
    assert problem["ja"].endswith(
        "kintoneの応答: GAIA_IA02 "
        "指定したAPIトークンが、アプリで生成されたAPIトークンと一致しません。"
    )
    assert "wrong" not in problem["en"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"channels": ["mail", "fax"]},
            f"The integration cannot be saved: Unknown channels 'fax'; use "
            f"{', '.join(CHANNEL_KEYS)}.",
        ),
        (
            {"timezone": "Mars/Olympus"},
            "The integration cannot be saved: 'Mars/Olympus' is not a time zone name.",
        ),
        (
            {"kintone": {"base_url": "https://example.com", "app": 1, "api_token": "t"}},
            "The kintone base URL 'https://example.com' is not a kintone domain "
            "(https://SUBDOMAIN.cybozu.com, .kintone.com or .cybozu.cn). Other hosts must be "
            "allowed in TICKETRELAY_KINTONE_HOSTS.",
        ),
        ({"name": "  "}, "The integration cannot be saved: The name is empty."),
    ],
)
def test_settings_that_cannot_be_saved_get_422(
    service: Service, kintone: Simulator, change: dict[str, Any], message: str
) -> None:
    """The sentence says what is wrong and what to use instead."""
    answer = service.admin("POST", "/integrations", json={**integration(kintone), **change})
    assert (answer.status_code, answer.json()) == (422, {"error": message})


@pytest.mark.parametrize(
    ("kintone_settings", "path", "message"),
    [
        ({"app": "twelve"}, "$.kintone.app", "should be a valid integer"),
        ({"app": 0}, "$.kintone.app", "should be greater than or equal to 1"),
        ({"app": 2**31}, "$.kintone.app", "should be less than or equal to 2147483647"),
        ({"app": True}, "$.kintone.app", "should be a valid integer"),
        ({"api_token": None}, "$.kintone.api_token", "should be a valid string"),
        ({"base_url": "https://a.cybozu.com/\x00"}, "$.kintone.base_url", "must not contain"),
    ],
)
def test_malformed_settings_get_422_with_their_path(
    service: Service,
    kintone: Simulator,
    kintone_settings: dict[str, Any],
    path: str,
    message: str,
) -> None:
    """Wrong types and out-of-range numbers are named by their JSON path."""
    body = integration(kintone)
    body["kintone"] |= kintone_settings
    answer = service.admin("POST", "/integrations", json=body)
    assert answer.status_code == 422
    (problem,) = answer.json()["errors"]
    assert problem["path"] == path
    assert problem["message"].startswith(message)


def test_a_number_too_large_for_a_float_gets_422(service: Service, kintone: Simulator) -> None:
    """1e400 reads as infinity, which is no app ID."""
    body = integration(kintone)
    text = json.dumps(body).replace(f'"app": {body["kintone"]["app"]}', '"app": 1e400')
    answer = service.admin(
        "POST", "/integrations", content=text, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422
    assert answer.json()["errors"] == [
        {"path": "$.kintone.app", "message": "should be a valid integer"}
    ]


def test_a_body_that_is_not_json_gets_400_or_415(service: Service) -> None:
    """Broken JSON is a 400; a body sent as another content type, a 415."""
    broken = service.admin(
        "POST", "/integrations", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert (broken.status_code, broken.json()) == (
        400,
        {"error": "The body is not JSON: send a JSON object."},
    )
    form = service.http.post(
        "/api/v1/integrations",
        content=b'{"name": "x"}',
        headers={**ADMIN, "Content-Type": "text/plain"},
    )
    assert (form.status_code, form.json()) == (
        415,
        {"error": "Send the body as JSON, with Content-Type: application/json."},
    )


@pytest.mark.parametrize("integration_id", ["7", "0", "-1", "99999999999999999999"])
def test_an_unknown_integration_is_404_everywhere(
    service: Service, kintone: Simulator, integration_id: str
) -> None:
    """Every route under /integrations/{id} answers 404 for an ID no integration has."""
    for method, suffix, body in [
        ("GET", "", None),
        ("PUT", "", integration(kintone)),
        ("DELETE", "", None),
        ("POST", "/check", None),
        ("GET", "/errors", None),
        ("GET", "/errors.csv", None),
        ("POST", "/errors/resend", {"all": True}),
    ]:
        answer = service.admin(method, f"/integrations/{integration_id}{suffix}", json=body)
        assert (answer.status_code, answer.json()) == (
            404,
            {"error": f"There is no integration {int(integration_id)}."},
        ), (method, suffix)
