"""Ticket search: filters, order, pages, `since`/`until`, and the 400 and 415 answers."""

from typing import Any

import pytest

from ticketrelay.fakes.relation import MessageBox

from .conftest import Relation


def message(relation: Relation, ticket_id: int, method_cd: str, action_cd: str) -> None:
    """Add a message of a kind to a ticket."""
    relation.state.add_message(
        ticket_id, method_cd=method_cd, action_cd=action_cd, title="t", body="<div>b</div>"
    )


def test_most_recently_updated_first(relation: Relation, box: MessageBox) -> None:
    """Tickets come by last_updated_at, newest first; a new message moves a ticket up."""
    first, second, third = (relation.ticket(box).ticket_id for _ in range(3))
    assert relation.ids(box.message_box_id) == [third, second, first]
    relation.clock.advance(minutes=5)
    message(relation, first, "mail", "sent")
    assert relation.ids(box.message_box_id) == [first, third, second]


def test_pages(relation: Relation, box: MessageBox) -> None:
    """per_page (default 10, at most 50) and page split the list; past the end is []."""
    made = [relation.ticket(box).ticket_id for _ in range(55)]
    newest = made[::-1]
    assert relation.ids(box.message_box_id) == newest[:10]
    assert relation.ids(box.message_box_id, per_page=50) == newest[:50]
    assert relation.ids(box.message_box_id, per_page=50, page=2) == newest[50:]
    assert relation.ids(box.message_box_id, per_page=50, page=3) == []


def test_page_in_the_query_string(relation: Relation, box: MessageBox) -> None:
    """page and per_page may come in the query string, as one third-party client sends them."""
    made = [relation.ticket(box).ticket_id for _ in range(3)]
    response = relation.http.post(
        f"/api/v2/{box.message_box_id}/tickets/search?page=2&per_page=2",
        json={},
        headers=relation.sim.headers(),
    )
    assert [t["ticket_id"] for t in response.json()] == [made[0]]


def test_only_the_box_asked_for(relation: Relation, box: MessageBox) -> None:
    """A search reads one message box."""
    other = relation.state.add_message_box("営業部")
    mine = relation.ticket(box).ticket_id
    relation.ticket(other)
    assert relation.ids(box.message_box_id) == [mine]


def test_status_label_method_and_action_filters(relation: Relation, box: MessageBox) -> None:
    """status_cds and label_ids filter tickets; method_cds with action_cds need one message."""
    mail = relation.ticket(box, status_cd="closed", label_ids=[3]).ticket_id
    message(relation, mail, "mail", "received")
    message(relation, mail, "record", "sent")
    call = relation.ticket(box, status_cd="open").ticket_id
    message(relation, call, "call", "sent")
    mb = box.message_box_id
    assert relation.ids(mb, status_cds=["open", "ongoing"]) == [call]
    assert relation.ids(mb, label_ids=[3, 4]) == [mail]
    assert relation.ids(mb, method_cds=["record", "call"]) == [call, mail]
    assert relation.ids(mb, method_cds=["mail"], action_cds=["sent"]) == []
    assert relation.ids(mb, method_cds=["mail"], action_cds=["received"]) == [mail]
    assert relation.ids(mb, action_cds=["sent"], status_cds=["closed"]) == [mail]


def test_since_and_until_on_last_updated_at(relation: Relation, box: MessageBox) -> None:
    """`since` keeps tickets updated at or after it, `until` those updated before it."""
    early = relation.ticket(box).ticket_id  # 09:01:10
    late = relation.ticket(box).ticket_id  # 09:02:10
    mb = box.message_box_id
    assert relation.ids(mb, since="2026-12-01T09:02:10Z") == [late]
    assert relation.ids(mb, since="2026-12-01T18:02:10+09:00") == [late]
    assert relation.ids(mb, until="2026-12-01T09:02:10Z") == [early]
    assert relation.ids(mb, since="2026-12-01T09:01:00Z", until="2026-12-01T09:02:00Z") == [early]


@pytest.mark.parametrize(
    "params",
    [
        {"per_page": 51},
        {"per_page": 0},
        {"page": 0},
        {"page": "x"},
        {"status_cds": ["pending"]},
        {"status_cds": "open"},
        {"method_cds": ["fax"]},
        {"action_cds": ["sent", 1]},
        {"label_ids": ["1"]},
        {"since": "yesterday"},
        {"until": "2026-12-01T09:00:00"},
    ],
)
def test_bad_parameters_are_400(relation: Relation, box: MessageBox, params: Any) -> None:
    """A parameter out of range or of the wrong kind answers 400 `{"message": …}`."""
    response = relation.search(box.message_box_id, **params)
    assert response.status_code == 400
    assert list(response.json()) == ["message"]


def test_a_body_that_is_not_json(relation: Relation, box: MessageBox) -> None:
    """Without Content-Type application/json: 415; with it but no JSON object: 400."""
    path = f"/api/v2/{box.message_box_id}/tickets/search"
    headers = relation.sim.headers()
    form = relation.http.post(path, data={"page": "1"}, headers=headers)
    assert form.status_code == 415
    assert list(form.json()) == ["message"]
    broken = {**headers, "Content-Type": "application/json"}
    assert relation.http.post(path, content=b"{", headers=broken).status_code == 400
    assert relation.http.post(path, content=b"[1]", headers=broken).status_code == 400
    assert relation.http.post(path, content=b"", headers=broken).status_code == 200


def test_unknown_parameters_are_ignored(relation: Relation, box: MessageBox) -> None:
    """Parameters the simulator does not know (color_cds, …) change nothing."""
    ticket = relation.ticket(box).ticket_id
    assert relation.ids(box.message_box_id, color_cds=["red"], search_query="x") == [ticket]
