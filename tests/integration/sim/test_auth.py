"""Authentication and token permissions (kintone-api.md §4)."""

import base64

from ticketrelay.kintone.sim import Simulator

from .conftest import Kintone, error_of


def add(
    kintone: Kintone, app: int, headers: dict[str, str]
) -> tuple[int, str, dict[str, list[str]]]:
    """Try to add one valid record with these headers; (status, code, errors) or (200, "", {})."""
    body = {"app": app, "record": {"title": {"value": "auth"}}}
    response = kintone.call("POST", "record.json", body, headers=headers)
    return (200, "", {}) if response.status_code == 200 else error_of(response)


def test_no_auth_is_401_cb_au01(kintone: Kintone, app: int) -> None:
    """§4: no auth header → 401 CB_AU01 "Please login."."""
    response = kintone.call(
        "GET", "records.json", params={"app": app}, headers={"Accept-Language": "en"}
    )
    assert error_of(response)[:2] == (401, "CB_AU01")
    assert response.json()["message"] == "Please login."


def test_wrong_password_is_401_cb_wa01(kintone: Kintone, app: int) -> None:
    """§4: a wrong login/password → 401 CB_WA01."""
    header = base64.b64encode(b"admin:wrong").decode()
    assert add(kintone, app, {"X-Cybozu-Authorization": header})[:2] == (401, "CB_WA01")


def test_unknown_token_is_gaia_ia02(kintone: Kintone, app: int) -> None:
    """§4: an unknown token → 400 GAIA_IA02."""
    assert add(kintone, app, {"X-Cybozu-API-Token": "nope"})[:2] == (400, "GAIA_IA02")


def test_one_valid_and_one_invalid_token_is_gaia_ia02(
    kintone: Kintone, app: int, token: str
) -> None:
    """§4: one valid plus one invalid token → GAIA_IA02."""
    assert add(kintone, app, kintone.token_headers(token, "bogus"))[:2] == (400, "GAIA_IA02")


def test_token_without_permission_is_403_gaia_no01(
    kintone: Kintone, sim: Simulator, app: int
) -> None:
    """§4: a view-only token adding → 403 GAIA_NO01."""
    viewer = sim.issue_token(app, ["view"])
    status, code, _ = add(kintone, app, kintone.token_headers(viewer))
    assert (status, code) == (403, "GAIA_NO01")


def test_add_only_token_cannot_read_records(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§4: GET records needs view."""
    adder = sim.issue_token(app, ["add"])
    response = kintone.call(
        "GET", "records.json", params={"app": app}, headers=kintone.token_headers(adder)
    )
    assert error_of(response)[:2] == (403, "GAIA_NO01")


def test_add_only_token_reads_form_fields(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.7: live fields need view OR add (an add-only token works)."""
    adder = sim.issue_token(app, ["add"])
    response = kintone.call(
        "GET", "app/form/fields.json", params={"app": app}, headers=kintone.token_headers(adder)
    )
    assert response.status_code == 200


def test_two_tokens_of_one_app_is_gaia_da03(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§4: two tokens of the same app in one request → 400 GAIA_DA03."""
    first, second = sim.issue_token(app), sim.issue_token(app)
    assert add(kintone, app, kintone.token_headers(first, second))[:2] == (400, "GAIA_DA03")


def test_token_of_another_app(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§4: a token of another app → 403 GAIA_NO01 (default of the foreign_token_code setting)."""
    other = sim.create_app("other")
    foreign = sim.issue_token(other)
    assert add(kintone, app, kintone.token_headers(foreign))[:2] == (403, "GAIA_NO01")


def test_tokens_comma_separated_or_repeated(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§4: several tokens comma-separated in one header or in repeated headers."""
    other = sim.create_app("other")
    mine, theirs = sim.issue_token(app), sim.issue_token(other)
    assert add(kintone, app, kintone.token_headers(theirs, mine))[0] == 200
    repeated = kintone.http.post(
        "/k/v1/record.json",
        json={"app": app, "record": {"title": {"value": "rep"}}},
        headers=[("X-Cybozu-API-Token", theirs), ("X-Cybozu-API-Token", mine)],
    )
    assert repeated.status_code == 200


def test_more_than_nine_tokens_are_refused(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§4: max 9 tokens per request."""
    tokens = [sim.issue_token(sim.create_app(f"a{i}")) for i in range(10)]
    assert add(kintone, app, kintone.token_headers(*tokens))[:2] == (400, "CB_VA01")


def test_password_wins_over_token(kintone: Kintone, app: int) -> None:
    """§4, §10: with both headers, the password decides (a setting; precedence UNCONFIRMED)."""
    headers = {**kintone.sim_admin(), "X-Cybozu-API-Token": "invalid"}
    assert add(kintone, app, headers)[0] == 200


def test_basic_authorization_is_accepted_alongside(kintone: Kintone, app: int, token: str) -> None:
    """§4: a Basic Authorization header may accompany the kintone auth header."""
    headers = {
        **kintone.token_headers(token),
        "Authorization": "Basic " + base64.b64encode(b"u:p").decode(),
    }
    assert add(kintone, app, headers)[0] == 200


def test_revoked_token_is_gaia_ia02(kintone: Kintone, sim: Simulator, app: int, token: str) -> None:
    """§4: a deleted/regenerated token behaves like an unknown one."""
    assert add(kintone, app, kintone.token_headers(token))[0] == 200
    response = kintone.http.delete(f"/_sim/apps/{app}/api-tokens/{token}")
    assert response.json() == {"revoked": True}
    assert add(kintone, app, kintone.token_headers(token))[:2] == (400, "GAIA_IA02")
