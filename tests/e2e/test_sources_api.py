"""`/api/v1/sources`: a token shown once, listed without it, and revoked."""

from tests.e2e.server import Service


def test_a_new_source_answers_201_with_its_token(service: Service) -> None:
    """The body is exactly the source and its token, which starts with trs_."""
    answer = service.admin("POST", "/sources", json={"account": "acme", "name": "desk"})
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"id", "account", "name", "kind", "token"}
    assert (body["account"], body["name"], body["kind"]) == ("acme", "desk", "api")
    assert body["token"].startswith("trs_")


def test_sources_are_listed_without_their_tokens(service: Service) -> None:
    """The list shows when each source was made and revoked, never a token."""
    created = service.admin("POST", "/sources", json={"account": "acme", "name": "desk"}).json()
    listed = service.admin("GET", "/sources")
    (source,) = listed.json()["sources"]
    assert set(source) == {
        "id",
        "account",
        "name",
        "kind",
        "settings",
        "webhook_url",
        "secret_set",
        "poll",
        "created_at",
        "revoked_at",
    }
    assert (source["id"], source["kind"], source["revoked_at"]) == (created["id"], "api", None)
    assert (source["settings"], source["webhook_url"], source["secret_set"]) == (None, None, None)
    assert source["poll"] is None
    assert created["token"] not in listed.text


def test_revoking_twice_or_an_unknown_source_is_404(service: Service) -> None:
    """Revoke answers 204 once, then 404 with a sentence."""
    created = service.admin("POST", "/sources", json={"account": "acme", "name": "desk"}).json()
    path = f"/sources/{created['id']}"
    assert service.admin("DELETE", path).status_code == 204
    again = service.admin("DELETE", path)
    assert (again.status_code, again.json()) == (
        404,
        {"error": f"There is no live source {created['id']}."},
    )
    assert service.admin("DELETE", "/sources/99999999999").status_code == 404


def test_a_source_needs_an_account_and_a_name(service: Service) -> None:
    """Missing or empty keys are 422 with their paths."""
    answer = service.admin("POST", "/sources", json={"account": "", "extra": 1})
    assert answer.status_code == 422
    assert answer.json() == {
        "error": "The request is invalid: $.account should have at least 1 character; "
        "$.name is required.",
        "errors": [
            {"path": "$.account", "message": "should have at least 1 character"},
            {"path": "$.name", "message": "is required"},
        ],
    }
