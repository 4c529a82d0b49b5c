"""Faults: the next requests answer 500 or 503, or come late, and still count against the limit."""

import time

from ticketrelay.fakes.relation import MessageBox

from .conftest import Relation


def test_next_requests_fail_then_recover(relation: Relation) -> None:
    """An error fault with `times` answers that many requests, then the real answers return."""
    relation.sim.add_fault("error", times=2)
    first, second, third = (relation.get("message_boxes") for _ in range(3))
    assert [first.status_code, second.status_code, third.status_code] == [500, 500, 200]
    assert list(first.json()) == ["message"]
    assert first.headers["x-ratelimit-remaining"] == "59"
    assert relation.sim.busiest_minute() == 3


def test_unavailable_is_503(relation: Relation) -> None:
    """The `unavailable` kind answers 503 (README.md of the docs: メンテナンス中)."""
    relation.sim.add_fault("unavailable", times=1)
    response = relation.get("users")
    assert response.status_code == 503
    assert response.json() == {"message": "メンテナンス中です"}


def test_a_fault_only_hits_its_path_and_method(relation: Relation, box: MessageBox) -> None:
    """`path` (a regular expression) and `method` choose the requests a fault hits."""
    relation.sim.add_fault("error", path=r"/api/v2/\d+/tickets/search", method="POST", status=502)
    assert relation.get("message_boxes").status_code == 200
    assert relation.search(box.message_box_id).status_code == 502
    assert relation.search(box.message_box_id).status_code == 502
    assert relation.sim.clear_faults() == 1
    assert relation.search(box.message_box_id).status_code == 200


def test_latency(relation: Relation) -> None:
    """A latency fault delays the real answer."""
    relation.sim.add_fault("latency", latency_ms=200, times=1)
    started = time.monotonic()
    assert relation.get("message_boxes").status_code == 200
    assert time.monotonic() - started >= 0.2


def test_faults_over_http(relation: Relation) -> None:
    """POST, GET and DELETE /_sim/faults switch faults on, list and remove them."""
    added = relation.http.post(
        "/_sim/faults", json={"faults": [{"kind": "error", "times": 1}, {"kind": "unavailable"}]}
    )
    assert added.status_code == 201
    first, second = added.json()["ids"]
    listed = relation.http.get("/_sim/faults").json()["faults"]
    assert [(f["id"], f["status"]) for f in listed] == [(first, 500), (second, 503)]
    assert relation.get("message_boxes").status_code == 500
    assert relation.get("message_boxes").status_code == 503
    assert relation.http.delete(f"/_sim/faults/{second}").json() == {"removed": 1}
    assert relation.get("message_boxes").status_code == 200


def test_a_refused_request_uses_up_no_fault(relation: Relation) -> None:
    """Past the limit the answer is 403, and the fault waits for a request that is served."""
    token = relation.state.issue_token()
    for _ in range(60):
        relation.get("message_boxes", token=token)
    relation.sim.add_fault("error", times=1)
    assert relation.get("message_boxes", token=token).status_code == 403
    assert relation.get("message_boxes").status_code == 500
