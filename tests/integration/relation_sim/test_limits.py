"""Tokens (401) and the limit of 60 requests a minute (403 and the X-RateLimit-* headers)."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from ticketrelay.fakes.relation import RelationState, run_relation_sim

from .conftest import START, Relation

RESET = int(datetime(2026, 12, 1, 9, 1, tzinfo=UTC).timestamp())


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Token relation-sim-demo-token"}],
)
def test_without_a_valid_token_401(relation: Relation, headers: dict[str, str]) -> None:
    """No token, an unknown one or another scheme answers 401 `{"message": …}`, uncounted."""
    response = relation.http.get("/api/v2/message_boxes", headers=headers)
    assert response.status_code == 401
    assert list(response.json()) == ["message"]
    assert "x-ratelimit-limit" not in response.headers
    assert relation.sim.busiest_minute() == 0


def test_a_revoked_token_gets_401_and_a_new_one_works(relation: Relation) -> None:
    """After revocation the old token answers 401; a newly issued token answers 200."""
    old = relation.state.issue_token()
    assert relation.get("message_boxes", token=old).status_code == 200
    assert relation.state.revoke_token(old)
    assert relation.get("message_boxes", token=old).status_code == 401
    new = relation.state.issue_token()
    assert relation.get("message_boxes", token=new).status_code == 200


def test_every_answer_carries_the_headers(relation: Relation) -> None:
    """Limit 60, what remains of this minute, and the unix time the minute ends."""
    ok = relation.get("message_boxes")
    missing = relation.get("1/tickets/1")
    for response, remaining in ((ok, "59"), (missing, "58")):
        assert response.headers["x-ratelimit-limit"] == "60"
        assert response.headers["x-ratelimit-remaining"] == remaining
        assert response.headers["x-ratelimit-reset"] == str(RESET)


def test_the_61st_request_in_a_minute_is_403(relation: Relation) -> None:
    """60 requests pass, the 61st answers 403 with Remaining 0; the next minute passes again."""
    token = relation.state.issue_token()
    answers = [relation.get("message_boxes", token=token) for _ in range(61)]
    assert [r.status_code for r in answers[:60]] == [200] * 60
    assert answers[59].headers["x-ratelimit-remaining"] == "0"
    refused = answers[60]
    assert refused.status_code == 403
    assert list(refused.json()) == ["message"]
    assert refused.headers["x-ratelimit-remaining"] == "0"
    assert refused.headers["x-ratelimit-reset"] == str(RESET)
    assert relation.get("message_boxes").status_code == 200  # another token, its own count
    relation.clock.now = datetime(2026, 12, 1, 9, 1, tzinfo=UTC)
    again = relation.get("message_boxes", token=token)
    assert again.status_code == 200
    assert again.headers["x-ratelimit-remaining"] == "59"
    assert again.headers["x-ratelimit-reset"] == str(RESET + 60)


def test_the_busiest_minute(relation: Relation) -> None:
    """The counters keep each token's requests per clock minute, refused ones included."""
    token = relation.state.issue_token(name="poller")
    for seconds, count in ((0, 10), (60, 62), (120, 3)):
        relation.clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC) + timedelta(seconds=seconds)
        for _ in range(count):
            relation.get("message_boxes", token=token)
    relation.get("message_boxes")
    assert relation.sim.busiest_minute(token) == 62
    busiest = relation.state.busiest(token)
    assert busiest is not None
    assert busiest.minute == datetime(2026, 12, 1, 9, 1, tzinfo=UTC)
    assert relation.sim.busiest_minute() == 62
    stats = relation.http.get("/_sim/stats").json()
    assert stats["limit"] == 60
    assert stats["tokens"]["poller"]["busiest"] == {
        "minute": "2026-12-01T09:01:00+00:00",
        "requests": 62,
    }
    assert list(stats["tokens"]["poller"]["per_minute"].values()) == [10, 62, 3]
    assert stats["tokens"]["demo"]["busiest"]["requests"] == 1


def test_the_limit_is_a_setting() -> None:
    """A state built with another limit refuses past it."""
    state = RelationState(rate_limit=2, clock=lambda: START)
    with run_relation_sim(state) as small, httpx.Client(base_url=small.url) as http:
        headers = small.headers()
        codes = [http.get("/api/v2/message_boxes", headers=headers).status_code for _ in "abc"]
    assert codes == [200, 200, 403]
