"""The cursor API (kintone-api.md §2.5)."""

from datetime import timedelta

from ticketrelay.kintone.sim import Simulator

from .conftest import FakeClock, Kintone, error_of


def test_cursor_pages_until_next_is_false(kintone: Kintone, app: int) -> None:
    """§2.5: POST → {id, totalCount}; GET pages by size; next=false at the end, then it is gone."""
    kintone.call(
        "POST",
        "records.json",
        {"app": app, "records": [{"title": {"value": f"c{i}"}} for i in range(5)]},
    )
    created = kintone.call(
        "POST",
        "records/cursor.json",
        {"app": app, "query": "order by $id asc", "size": 2, "fields": ["title"]},
    )
    cursor = created.json()
    assert cursor["totalCount"] == "5"
    pages = []
    while True:
        page = kintone.call("GET", "records/cursor.json", params={"id": cursor["id"]}).json()
        pages.append([r["title"]["value"] for r in page["records"]])
        if not page["next"]:
            break
    assert pages == [["c0", "c1"], ["c2", "c3"], ["c4"]]
    gone = kintone.call("GET", "records/cursor.json", params={"id": cursor["id"]})
    assert gone.status_code == 404


def test_cursor_refuses_limit_and_offset(kintone: Kintone, app: int) -> None:
    """§2.5: limit/offset are not allowed in a cursor's query."""
    response = kintone.call("POST", "records/cursor.json", {"app": app, "query": "limit 5"})
    assert error_of(response)[:2] == (400, "CB_VA01")
    assert list(error_of(response)[2]) == ["query"]


def test_cursor_size_range(kintone: Kintone, app: int) -> None:
    """§2.5: size must be 1 to 500."""
    response = kintone.call("POST", "records/cursor.json", {"app": app, "size": 501})
    assert error_of(response)[:2] == (400, "CB_VA01")


def test_eleventh_cursor_is_429_gaia_tm12(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.5: at most 10 live cursors per domain; the 11th → 429 GAIA_TM12; DELETE frees one."""
    ids = [
        kintone.call("POST", "records/cursor.json", {"app": app}).json()["id"] for _ in range(10)
    ]
    refused = kintone.call("POST", "records/cursor.json", {"app": app})
    assert error_of(refused)[:2] == (429, "GAIA_TM12")
    assert kintone.call("DELETE", "records/cursor.json", {"id": ids[0]}).json() == {}
    assert kintone.call("POST", "records/cursor.json", {"app": app}).status_code == 200
    for cursor_id in [*ids[1:], *sim.state.cursors.cursors]:
        sim.state.cursors.close(cursor_id)


def test_cursor_expires_after_ten_minutes(kintone: Kintone, clock: FakeClock, app: int) -> None:
    """§2.5: a cursor expires 10 minutes after creation."""
    cursor = kintone.call("POST", "records/cursor.json", {"app": app}).json()
    clock.now += timedelta(minutes=11)
    try:
        response = kintone.call("GET", "records/cursor.json", params={"id": cursor["id"]})
    finally:
        clock.now -= timedelta(minutes=11)
    assert error_of(response)[:2] == (404, "GAIA_CN01")


def test_cursor_record_set_is_fixed_but_values_are_read_at_get(kintone: Kintone, app: int) -> None:
    """§2.5: the set is fixed at creation; field values are read at each GET."""
    kintone.call("POST", "record.json", {"app": app, "record": {"title": {"value": "before"}}})
    cursor = kintone.call("POST", "records/cursor.json", {"app": app}).json()
    kintone.call("POST", "record.json", {"app": app, "record": {"title": {"value": "later"}}})
    kintone.call(
        "PUT", "record.json", {"app": app, "id": 1, "record": {"title": {"value": "after"}}}
    )
    page = kintone.call("GET", "records/cursor.json", params={"id": cursor["id"]}).json()
    assert [r["title"]["value"] for r in page["records"]] == ["after"]
