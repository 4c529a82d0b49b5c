"""The /_sim/ endpoints: apps, tokens, stats and reset (SPEC §10)."""

import httpx

from ticketrelay.kintone.sim import SimSettings, Simulator, run_simulator

from .conftest import ADMIN, START, Kintone


def test_create_app_and_token_over_http(kintone: Kintone) -> None:
    """POST /_sim/apps then POST /_sim/apps/{app}/api-tokens give a usable app and token."""
    app = kintone.http.post(
        "/_sim/apps", json={"name": "admin", "properties": {"t": {"type": "SINGLE_LINE_TEXT"}}}
    ).json()["app"]
    token = kintone.http.post(
        f"/_sim/apps/{app}/api-tokens", json={"permissions": {"view": True, "add": True}}
    ).json()["token"]
    headers = {"X-Cybozu-API-Token": token}
    assert (
        kintone.http.post(
            "/k/v1/record.json", json={"app": app, "record": {}}, headers=headers
        ).status_code
        == 200
    )
    refused = kintone.http.put("/k/v1/record.json", json={"app": app, "id": 1}, headers=headers)
    assert refused.json()["code"] == "GAIA_NO01"
    records = kintone.http.get(f"/_sim/apps/{app}/records").json()["records"]
    assert [r["$id"]["value"] for r in records] == ["1"]


def test_bad_permissions_are_refused(kintone: Kintone, app: int) -> None:
    """Permissions must be among view, add, edit, delete, manage."""
    response = kintone.http.post(
        f"/_sim/apps/{app}/api-tokens", json={"permissions": {"fly": True}}
    )
    assert response.status_code == 400


def test_token_for_a_missing_app_is_404(kintone: Kintone) -> None:
    """A token cannot be issued for an app that does not exist."""
    assert kintone.http.post("/_sim/apps/9999/api-tokens", json={}).status_code == 404


def test_deleted_app_is_gaia_ap01(kintone: Kintone, app: int, token: str) -> None:
    """DELETE /_sim/apps/{app} → the app is gone: 404 GAIA_AP01 afterwards."""
    assert kintone.http.delete(f"/_sim/apps/{app}").json() == {"deleted": True}
    response = kintone.call(
        "GET", "records.json", params={"app": app}, headers=kintone.token_headers(token)
    )
    assert (response.status_code, response.json()["code"]) == (404, "GAIA_AP01")


def test_unknown_admin_path_is_404(kintone: Kintone) -> None:
    """Unknown /_sim/ paths answer 404 with the path."""
    response = kintone.http.get("/_sim/nothing")
    assert response.json() == {"error": "no such endpoint: GET /_sim/nothing"}


def test_stats_count_per_api_method_app_and_day() -> None:
    """GET /_sim/stats counts requests by API and method, by app and by day, and records per app."""
    with (
        run_simulator(SimSettings(), clock=lambda: START) as sim,
        httpx.Client(base_url=sim.url) as http,
    ):
        app = sim.create_app("counted")
        http.post("/k/v1/records.json", json={"app": app, "records": [{}, {}]}, headers=ADMIN)
        http.get("/k/v1/records.json", params={"app": app}, headers=ADMIN)
        http.get("/k/v1/records.json", params={"app": app}, headers=ADMIN)
        stats = http.get("/_sim/stats").json()
        assert stats == {
            "requests": {
                "total": 3,
                "by_api": {"/k/v1/records.json": {"GET": 2, "POST": 1}},
                "by_app": {str(app): 3},
                "by_day": {"2026-11-25": {"total": 3, "by_app": {str(app): 3}}},
            },
            "records": {str(app): 2},
        }
        assert http.post("/_sim/reset").json() == {}
        assert http.get("/_sim/stats").json() == {
            "requests": {"total": 0, "by_api": {}, "by_app": {}, "by_day": {}},
            "records": {},
        }
        assert (
            http.get("/k/v1/records.json", params={"app": app}, headers=ADMIN).json()["code"]
            == "GAIA_AP01"
        )


def test_handle_helpers_revoke_and_delete(kintone: Kintone, sim: Simulator) -> None:
    """The Python handle revokes tokens and deletes apps like the /_sim/ endpoints."""
    app = sim.create_app("helpers")
    token = sim.issue_token(app, ["view"])
    assert sim.revoke_token(token) is True
    response = kintone.call(
        "GET", "records.json", params={"app": app}, headers=kintone.token_headers(token)
    )
    assert response.json()["code"] == "GAIA_IA02"
    assert sim.delete_app(app) is True
    assert kintone.call("GET", "records.json", params={"app": app}).json()["code"] == "GAIA_AP01"
