"""`POST /api/v1/sources` with `"kind": "relation"`: Re:lation read through its API."""

from typing import Any

from tests.bodies import ACCOUNT
from tests.e2e.server import Service
from ticketrelay.store import polls

TOKEN = "relation-token-0123456789"


def relation(**settings: Any) -> dict[str, Any]:
    """The body of a new Re:lation source with these settings over the required ones."""
    given = {"base_url": "https://acme.relationapp.jp", "api_token": TOKEN, "message_boxes": [1]}
    return {"account": ACCOUNT, "name": "re", "kind": "relation", "relation": given | settings}


def test_a_relation_source_is_polled_with_its_token_kept_secret(service: Service) -> None:
    """201 with its settings (since defaults to now) and no webhook URL; the poll is due now."""
    created = service.admin("POST", "/sources", json=relation(message_boxes=[3, 1, 3]))
    assert created.status_code == 201, created.text
    found = created.json()
    assert (found["kind"], found["webhook_url"], found["secret_set"]) == ("relation", None, None)
    settings = found["settings"]
    assert {k: v for k, v in settings.items() if k != "since"} == {
        "base_url": "https://acme.relationapp.jp",
        "message_boxes": [1, 3],
        "poll_seconds": 60,
        "requests_per_minute": 20,
    }
    assert settings["since"].endswith("+00:00")
    assert TOKEN not in created.text + service.admin("GET", "/sources").text
    with service.relay.store.read() as conn:
        poll = polls.get(conn, found["id"])
    assert poll is not None
    assert service.relay.cipher.decrypt(poll.secret_encrypted).reveal() == TOKEN


def test_a_backfill_starts_where_since_says(service: Service) -> None:
    """An earlier `since` (RFC 3339 with an offset) is kept in UTC."""
    body = relation(since="2026-11-01T09:00:00+09:00", requests_per_minute=30)
    found = service.admin("POST", "/sources", json=body).json()
    assert (found["settings"]["since"], found["settings"]["requests_per_minute"]) == (
        "2026-11-01T00:00:00+00:00",
        30,
    )
    (listed,) = service.admin("GET", "/sources").json()["sources"]
    assert listed["poll"]["progress"] == 0.0


def test_bad_relation_settings_are_clear_422s(service: Service) -> None:
    """No token, no message box, a budget over Re:lation's 60 a minute, a naive time."""
    cases = [
        relation(api_token=None),
        relation(message_boxes=[]),
        relation(requests_per_minute=61),
        relation(since="2026-11-01T09:00:00"),
        {"account": ACCOUNT, "name": "re", "kind": "relation"},
    ]
    answers = [service.admin("POST", "/sources", json=body) for body in cases]
    assert [a.status_code for a in answers] == [422] * 5
    assert [[e["path"] for e in a.json()["errors"]] for a in answers] == [
        ["$.relation.api_token"],
        ["$.relation.message_boxes"],
        ["$.relation.requests_per_minute"],
        ["$.relation.since"],
        ["$"],
    ]


def test_a_new_token_and_settings_by_patch(service: Service) -> None:
    """PATCH replaces the token (never shown) and changes the message boxes."""
    found = service.admin("POST", "/sources", json=relation()).json()
    patch = {"relation": {"api_token": "new-token", "message_boxes": [2]}}
    changed = service.admin("PATCH", f"/sources/{found['id']}", json=patch)
    assert changed.status_code == 200, changed.text
    assert changed.json()["settings"]["message_boxes"] == [2]
    assert "new-token" not in changed.text
    with service.relay.store.read() as conn:
        poll = polls.get(conn, found["id"])
    assert poll is not None
    assert service.relay.cipher.decrypt(poll.secret_encrypted).reveal() == "new-token"
