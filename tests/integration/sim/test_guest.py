"""Guest spaces: /k/guest/{space}/v1/ paths (kintone-api.md §1, §2.6)."""

from ticketrelay.kintone.sim import Simulator

from .conftest import Kintone, error_of

RECORD = {"record": {"title": {"value": "guest"}}}


def test_guest_app_through_its_guest_path(kintone: Kintone, sim: Simulator) -> None:
    """§1: a guest-space app is addressed as /k/guest/{space}/v1/…."""
    app = sim.create_app("g", {"title": {"type": "SINGLE_LINE_TEXT"}}, space=5, guest=True)
    response = kintone.call("POST", "record.json", {"app": app, **RECORD}, guest=5)
    assert response.status_code == 200
    assert len(sim.records(app)) == 1


def test_guest_app_through_the_normal_path_is_gaia_il23(kintone: Kintone, sim: Simulator) -> None:
    """§1: a guest-space app via the non-guest path → 400 GAIA_IL23."""
    app = sim.create_app("g", {"title": {"type": "SINGLE_LINE_TEXT"}}, space=5, guest=True)
    response = kintone.call("POST", "record.json", {"app": app, **RECORD})
    assert error_of(response)[:2] == (400, "GAIA_IL23")


def test_wrong_guest_space_is_cb_no02(kintone: Kintone, sim: Simulator) -> None:
    """§1: the guest path of another space → 403 CB_NO02."""
    app = sim.create_app("g", {"title": {"type": "SINGLE_LINE_TEXT"}}, space=5, guest=True)
    response = kintone.call("POST", "record.json", {"app": app, **RECORD}, guest=6)
    assert error_of(response)[:2] == (403, "CB_NO02")
    assert response.json()["message"] == "権限がありません。"


def test_normal_app_through_a_guest_path_is_cb_no02(kintone: Kintone, app: int) -> None:
    """§1: guest path + an app not in that guest space → 403 CB_NO02."""
    response = kintone.call("GET", "records.json", params={"app": app}, guest=5)
    assert error_of(response)[:2] == (403, "CB_NO02")


def test_app_created_through_a_guest_path_lives_there(kintone: Kintone) -> None:
    """§1, §13: preview/app.json under /k/guest/{space}/v1 creates a guest-space app."""
    app = kintone.call("POST", "preview/app.json", {"name": "in guest"}, guest=8).json()["app"]
    kintone.call("POST", "preview/app/deploy.json", {"apps": [{"app": app}]}, guest=8)
    assert kintone.call("GET", "app.json", params={"id": app}, guest=8).json()["spaceId"] == "8"
    assert error_of(kintone.call("GET", "app.json", params={"id": app}))[:2] == (400, "GAIA_IL23")


def test_bulk_on_a_guest_path_touches_only_that_space(
    kintone: Kintone, sim: Simulator, app: int
) -> None:
    """§1, §2.6: a bulkRequest to a guest URL may only touch apps of that guest space."""
    guest_app = sim.create_app("g", {"title": {"type": "SINGLE_LINE_TEXT"}}, space=5, guest=True)
    ok = {
        "method": "POST",
        "api": "/k/guest/5/v1/record.json",
        "payload": {"app": guest_app, **RECORD},
    }
    outside = {
        "method": "POST",
        "api": "/k/guest/5/v1/record.json",
        "payload": {"app": app, **RECORD},
    }
    assert kintone.call("POST", "bulkRequest.json", {"requests": [ok]}, guest=5).status_code == 200
    refused = kintone.call("POST", "bulkRequest.json", {"requests": [ok, outside]}, guest=5)
    assert refused.status_code == 403
    assert refused.json()["results"][1]["code"] == "CB_NO02"
    assert len(sim.records(guest_app)) == 1
