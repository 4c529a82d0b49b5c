"""Every UNCONFIRMED behaviour is a setting; these tests switch them (kintone-api.md §11)."""

import base64
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from ticketrelay.kintone.sim import SimSettings, Simulator, run_simulator
from ticketrelay.kintone.sim.settings import settings_from_pairs, settings_to_pairs

OTHER = SimSettings(
    admin_user="boss",
    admin_password="s3cret",
    default_language="en",
    system_field_language="en",
    password_wins_over_token=False,
    foreign_token_code="GAIA_AP15",
    guest_path_error_status=520,
    revision_conflict_status=400,
    upsert_copies_update_key=False,
    operation_in_plain_update=True,
    min_length_checks_empty=True,
    time_accepts_seconds=False,
    validate_link_format=True,
    deploy_processing_polls=1,
)
BOSS = {"X-Cybozu-Authorization": base64.b64encode(b"boss:s3cret").decode()}


@pytest.fixture(scope="module")
def other() -> Iterator[tuple[Simulator, httpx.Client]]:
    """A simulator with every switchable behaviour away from its default."""
    with run_simulator(OTHER) as sim, httpx.Client(base_url=sim.url, headers=BOSS) as http:
        yield sim, http


@pytest.fixture
def app(other: tuple[Simulator, httpx.Client]) -> int:
    """An app of the `other` simulator."""
    fields: dict[str, dict[str, Any]] = {
        "t": {"type": "SINGLE_LINE_TEXT", "minLength": "2"},
        "k": {"type": "SINGLE_LINE_TEXT", "unique": True},
        "at": {"type": "TIME"},
        "url": {"type": "LINK", "protocol": "WEB"},
    }
    return other[0].create_app("other", fields)


def post(other: tuple[Simulator, httpx.Client], app: int, **values: str) -> httpx.Response:
    """Add a record with these values."""
    record = {code: {"value": v} for code, v in values.items()}
    return other[1].post("/k/v1/record.json", json={"app": app, "record": record})


def test_admin_credentials_and_english_default(
    other: tuple[Simulator, httpx.Client], app: int
) -> None:
    """§1: messages default to English; §4: the admin login is a setting."""
    response = post(other, app, t="ok", k="")
    refused = other[1].get(
        "/k/v1/records.json",
        params={"app": app},
        headers={"X-Cybozu-Authorization": base64.b64encode(b"admin:admin").decode()},
    )
    assert response.status_code == 200
    assert refused.json()["code"] == "CB_WA01"
    assert refused.json()["message"].startswith("Password authentication failed.")


def test_english_system_field_codes(other: tuple[Simulator, httpx.Client], app: int) -> None:
    """§10: system fields carry English codes when asked."""
    props = other[1].get("/k/v1/app/form/fields.json", params={"app": app}).json()["properties"]
    assert {"Record_number", "Created_by", "Updated_datetime"} <= set(props)


def test_token_wins_over_password(other: tuple[Simulator, httpx.Client], app: int) -> None:
    """§4: password_wins_over_token=False lets a bad token fail despite a good password."""
    response = other[1].get(
        "/k/v1/records.json", params={"app": app}, headers={"X-Cybozu-API-Token": "bad"}
    )
    assert response.json()["code"] == "GAIA_IA02"


def test_foreign_token_as_gaia_ap15(other: tuple[Simulator, httpx.Client], app: int) -> None:
    """§4: foreign_token_code=GAIA_AP15 names the app."""
    sim, http = other
    foreign = sim.issue_token(sim.create_app("x"))
    response = http.get(
        "/k/v1/records.json",
        params={"app": app},
        headers={"X-Cybozu-API-Token": foreign, "X-Cybozu-Authorization": ""},
    )
    assert (response.status_code, response.json()["code"]) == (400, "GAIA_AP15")
    assert response.json()["message"] == f"The API token does not match the app (ID: {app})."


def test_guest_path_error_status_520(other: tuple[Simulator, httpx.Client]) -> None:
    """§1: GAIA_IL23 with the configured status (520, as cli-kintone saw in 2023)."""
    sim, http = other
    app = sim.create_app("g", space=3, guest=True)
    response = http.get("/k/v1/records.json", params={"app": app})
    assert (response.status_code, response.json()["code"]) == (520, "GAIA_IL23")


def test_revision_conflict_status(other: tuple[Simulator, httpx.Client], app: int) -> None:
    """§2.3: GAIA_CO02's status is a setting."""
    post(other, app, t="ok")
    response = other[1].put("/k/v1/record.json", json={"app": app, "id": 1, "revision": 9})
    assert (response.status_code, response.json()["code"]) == (400, "GAIA_CO02")


def test_upsert_without_copying_the_key(other: tuple[Simulator, httpx.Client], app: int) -> None:
    """§2.3: upsert_copies_update_key=False leaves the key out of an inserted record."""
    sim, http = other
    records = [{"updateKey": {"field": "k", "value": "K1"}, "record": {"t": {"value": "ok"}}}]
    http.put("/k/v1/records.json", json={"app": app, "upsert": True, "records": records})
    assert sim.records(app)[0]["k"]["value"] == ""


def test_operation_in_plain_update(other: tuple[Simulator, httpx.Client], app: int) -> None:
    """§2.3: operation_in_plain_update adds "operation": "UPDATE" without upsert."""
    post(other, app, t="ok")
    body = (
        other[1]
        .put("/k/v1/records.json", json={"app": app, "records": [{"id": 1, "record": {}}]})
        .json()
    )
    assert body == {"records": [{"id": "1", "revision": "2", "operation": "UPDATE"}]}


def test_min_length_checks_empty(other: tuple[Simulator, httpx.Client], app: int) -> None:
    """§3: min_length_checks_empty makes "" fail minLength."""
    body = post(other, app, t="").json()
    assert body["errors"] == {"record.t.value": {"messages": ["Enter more than 1 characters."]}}


def test_time_without_seconds_only(other: tuple[Simulator, httpx.Client], app: int) -> None:
    """§3: time_accepts_seconds=False refuses HH:MM:SS."""
    assert post(other, app, t="ok", at="10:00:00").json()["code"] == "CB_VA01"
    assert post(other, app, t="ok", at="10:00").status_code == 200


def test_link_format_validation(other: tuple[Simulator, httpx.Client], app: int) -> None:
    """§3: validate_link_format refuses a WEB link that is not a URL or has a line break."""
    assert post(other, app, t="ok", url="no url here").json()["code"] == "CB_VA01"
    assert post(other, app, t="ok", url="https://example.test/\n").json()["code"] == "CB_VA01"
    assert post(other, app, t="ok", url="https://example.test/a").status_code == 200


def test_deploy_reports_processing_first(other: tuple[Simulator, httpx.Client]) -> None:
    """§13: deploy_processing_polls=1 answers PROCESSING once, then SUCCESS."""
    http = other[1]
    app = http.post("/k/v1/preview/app.json", json={"name": "slow"}).json()["app"]
    http.post("/k/v1/preview/app/deploy.json", json={"apps": [{"app": app}]})
    statuses = [
        http.get("/k/v1/preview/app/deploy.json", params={"apps[0]": app}).json()["apps"][0][
            "status"
        ]
        for _ in range(2)
    ]
    assert statuses == ["PROCESSING", "SUCCESS"]


def test_settings_round_trip_through_name_value_pairs() -> None:
    """The CLI's --set NAME=VALUE pairs rebuild the same settings."""
    assert settings_from_pairs(settings_to_pairs(OTHER)) == OTHER


def test_bad_setting_names_the_problem() -> None:
    """An unknown name or a bad value is a ValueError saying which."""
    with pytest.raises(ValueError, match="unknown setting 'nope'"):
        settings_from_pairs(["nope=1"])
    with pytest.raises(ValueError, match="fsync takes true or false"):
        settings_from_pairs(["fsync=maybe"])
    with pytest.raises(ValueError, match="default_language takes one of ja, en"):
        settings_from_pairs(["default_language=fr"])


def test_password_does_not_print() -> None:
    """The admin password stays out of the settings' repr."""
    assert "s3cret" not in repr(OTHER)
