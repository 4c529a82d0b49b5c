"""bulkRequest: up to 20 sub-requests, sequential and atomic (kintone-api.md §2.6)."""

from typing import Any

from ticketrelay.kintone.sim import Simulator

from .conftest import Kintone, error_of


def add_request(app: int, *titles: str) -> dict[str, Any]:
    """One POST records.json sub-request."""
    records = [{"title": {"value": t}} for t in titles]
    return {
        "method": "POST",
        "api": "/k/v1/records.json",
        "payload": {"app": app, "records": records},
    }


def test_bulk_results_in_order(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.6: results follow the requests; a later sub-request sees the earlier one's records."""
    update = {
        "method": "PUT",
        "api": "/k/v1/record.json",
        "payload": {"app": app, "id": 1, "record": {"title": {"value": "upd"}}},
    }
    body = {"requests": [add_request(app, "aa", "bb"), update]}
    response = kintone.call("POST", "bulkRequest.json", body)
    assert response.json() == {
        "results": [{"ids": ["1", "2"], "revisions": ["1", "1"]}, {"revision": "2"}]
    }
    assert [r["title"]["value"] for r in sim.records(app)] == ["upd", "bb"]


def test_bulk_failure_rolls_back_everything(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.6: one failing sub-request → nothing committed; error at its index, {} elsewhere."""
    body = {
        "requests": [add_request(app, "ok"), add_request(app, "fine", ""), add_request(app, "late")]
    }
    response = kintone.call("POST", "bulkRequest.json", body)
    assert response.status_code == 400
    results = response.json()["results"]
    assert results[0] == {}
    assert results[2] == {}
    assert results[1]["code"] == "CB_VA01"
    assert results[1]["errors"] == {"records[1].title.value": {"messages": ["必須です。"]}}
    assert sim.records(app) == []


def test_bulk_is_atomic_across_apps(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.6: atomic across apps — the first app's records go when the second app's fail."""
    other = sim.create_app("other", {"n": {"type": "NUMBER"}})
    bad = {
        "method": "POST",
        "api": "/k/v1/record.json",
        "payload": {"app": other, "record": {"n": {"value": "x"}}},
    }
    response = kintone.call(
        "POST", "bulkRequest.json", {"requests": [add_request(app, "one"), bad]}
    )
    assert response.status_code == 400
    assert sim.records(app) == []
    assert sim.records(other) == []


def test_more_than_20_requests_are_refused(kintone: Kintone, app: int) -> None:
    """§2.6: max 20 sub-requests."""
    body = {"requests": [add_request(app, "x1")] * 21}
    status, code, errors = error_of(kintone.call("POST", "bulkRequest.json", body))
    assert (status, code, list(errors)) == (400, "CB_VA01", ["requests"])


def test_bulk_with_tokens_of_each_app(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.6, §4: a multi-app bulk with tokens needs one token per app."""
    other = sim.create_app("other", {"n": {"type": "NUMBER"}})
    second = {"method": "POST", "api": "/k/v1/record.json", "payload": {"app": other, "record": {}}}
    body = {"requests": [add_request(app, "one"), second]}
    only_first = kintone.token_headers(sim.issue_token(app))
    refused = kintone.call("POST", "bulkRequest.json", body, headers=only_first)
    assert refused.status_code == 403
    assert refused.json()["results"][1]["code"] == "GAIA_NO01"
    both = kintone.token_headers(sim.issue_token(app), sim.issue_token(other))
    assert kintone.call("POST", "bulkRequest.json", body, headers=both).status_code == 200


def test_bulk_refuses_apis_outside_the_list(kintone: Kintone, app: int) -> None:
    """§2.6: only record writes are allowed as sub-requests."""
    read = {"method": "GET", "api": "/k/v1/records.json", "payload": {"app": app}}
    response = kintone.call("POST", "bulkRequest.json", {"requests": [read]})
    assert response.status_code == 400
    assert response.json()["results"][0]["code"] == "CB_VA01"


def test_bulk_is_not_counted_per_app(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.6: bulkRequest is not counted toward the per-app daily count (setting: off)."""
    before = sim.state.stats_json()["requests"]["by_app"].get(str(app), 0)
    kintone.call("POST", "bulkRequest.json", {"requests": [add_request(app, "cnt")]})
    after = sim.state.stats_json()["requests"]["by_app"].get(str(app), 0)
    assert after == before
