"""Updates by id and updateKey, revisions and UPSERT (kintone-api.md §2.3, §9)."""

from ticketrelay.kintone.sim import Simulator

from .conftest import Kintone, error_of


def seed(kintone: Kintone, app: int, *keys: str) -> None:
    """Add one record per key."""
    records = [{"title": {"value": f"t-{k}"}, "key": {"value": k}} for k in keys]
    assert kintone.call("POST", "records.json", {"app": app, "records": records}).status_code == 200


def test_update_by_id_increments_the_revision(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.3: PUT record.json → {"revision": "2"}; only the written fields change."""
    seed(kintone, app, "a")
    body = {"app": app, "id": "1", "record": {"title": {"value": "new"}}}
    assert kintone.call("PUT", "record.json", body).json() == {"revision": "2"}
    record = sim.records(app)[0]
    assert (record["title"]["value"], record["key"]["value"]) == ("new", "a")
    assert record["$revision"]["value"] == "2"


def test_update_by_update_key(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.3: updateKey on a unique SINGLE_LINE_TEXT field finds the record."""
    seed(kintone, app, "a", "b")
    body = {
        "app": app,
        "updateKey": {"field": "key", "value": "b"},
        "record": {"title": {"value": "bb"}},
    }
    assert kintone.call("PUT", "record.json", body).json() == {"revision": "2"}
    assert [r["title"]["value"] for r in sim.records(app)] == ["t-a", "bb"]


def test_update_key_must_be_unique_text_or_number(kintone: Kintone, app: int) -> None:
    """§2.3: updateKey.field must be a unique SINGLE_LINE_TEXT or NUMBER field."""
    seed(kintone, app, "a")
    body = {"app": app, "updateKey": {"field": "title", "value": "t-a"}, "record": {}}
    status, code, errors = error_of(kintone.call("PUT", "record.json", body))
    assert (status, code, list(errors)) == (400, "CB_VA01", ["updateKey.field"])


def test_id_and_update_key_together_are_refused(kintone: Kintone, app: int) -> None:
    """§2.3: specifying both id and updateKey is an error."""
    seed(kintone, app, "a")
    body = {"app": app, "id": 1, "updateKey": {"field": "key", "value": "a"}}
    assert error_of(kintone.call("PUT", "record.json", body))[:2] == (400, "CB_VA01")


def test_revision_mismatch_is_gaia_co02(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.3: a stale revision → GAIA_CO02 (409, a setting) and no update."""
    seed(kintone, app, "a")
    body = {"app": app, "id": 1, "revision": "5", "record": {"title": {"value": "no"}}}
    response = kintone.call("PUT", "record.json", body)
    assert error_of(response)[:2] == (409, "GAIA_CO02")
    assert sim.records(app)[0]["title"]["value"] == "t-a"


def test_revision_minus_one_is_not_checked(kintone: Kintone, app: int) -> None:
    """§2.3: revision -1 skips the check."""
    seed(kintone, app, "a")
    body = {"app": app, "id": 1, "revision": -1, "record": {"title": {"value": "yes"}}}
    assert kintone.call("PUT", "record.json", body).json() == {"revision": "2"}


def test_bulk_update_with_a_missing_id_rolls_back(
    kintone: Kintone, sim: Simulator, app: int
) -> None:
    """§2.3: a non-existent id → 404 GAIA_RE01, no index, whole call rolled back."""
    seed(kintone, app, "a")
    records = [{"id": 1, "record": {"title": {"value": "changed"}}}, {"id": 42, "record": {}}]
    response = kintone.call("PUT", "records.json", {"app": app, "records": records})
    status, code, errors = error_of(response)
    assert (status, code, errors) == (404, "GAIA_RE01", {})
    assert "errors" not in response.json()
    assert sim.records(app)[0]["title"]["value"] == "t-a"


def test_bulk_update_over_100_is_refused(kintone: Kintone, app: int) -> None:
    """§2.3: 101 entries → 400 CB_VA01 with errors.records (the update message)."""
    records = [{"id": 1, "record": {}}] * 101
    response = kintone.call("PUT", "records.json", {"app": app, "records": records})
    assert error_of(response) == (
        400,
        "CB_VA01",
        {"records": ["一度に100件までのレコードを更新できます。"]},
    )


def test_same_id_twice_is_gaia_re09(kintone: Kintone, app: int) -> None:
    """§2.3: the same record twice in one bulk update → 400 GAIA_RE09."""
    seed(kintone, app, "a")
    records = [{"id": 1, "record": {}}, {"id": 1, "record": {}}]
    response = kintone.call("PUT", "records.json", {"app": app, "records": records})
    assert error_of(response)[:2] == (400, "GAIA_RE09")
    assert response.json()["message"] == "レコード（id: 1）の指定が重複しています。"


def test_plain_update_response_has_no_operation(kintone: Kintone, app: int) -> None:
    """§2.3: without upsert the JS client types `operation` as absent."""
    seed(kintone, app, "a")
    records = [{"id": 1, "record": {"title": {"value": "x2"}}}]
    body = kintone.call("PUT", "records.json", {"app": app, "records": records}).json()
    assert body == {"records": [{"id": "1", "revision": "2"}]}


def test_upsert_inserts_and_updates(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.3, §9: upsert → UPDATE where the key exists, INSERT (new id) where it does not."""
    seed(kintone, app, "a")
    records = [
        {"updateKey": {"field": "key", "value": "a"}, "record": {"title": {"value": "upd"}}},
        {"updateKey": {"field": "key", "value": "new"}, "record": {"title": {"value": "ins"}}},
    ]
    body = kintone.call(
        "PUT", "records.json", {"app": app, "upsert": True, "records": records}
    ).json()
    assert body == {
        "records": [
            {"id": "1", "revision": "2", "operation": "UPDATE"},
            {"id": "2", "revision": "1", "operation": "INSERT"},
        ]
    }
    inserted = sim.records(app)[1]
    assert (inserted["key"]["value"], inserted["title"]["value"]) == ("new", "ins")


def test_upsert_insert_applies_defaults(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§13: an upsert that inserts fills omitted fields with their defaults, like an add."""
    records = [{"updateKey": {"field": "key", "value": "k"}, "record": {"title": {"value": "ins"}}}]
    kintone.call("PUT", "records.json", {"app": app, "upsert": True, "records": records})
    assert sim.records(app)[0]["memo"]["value"] == "none"


def test_upsert_by_missing_id_gets_a_new_id(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.3: inserting via an unknown id assigns a new id (the requested one is not used)."""
    records = [{"id": 500, "record": {"title": {"value": "ins"}}}]
    body = kintone.call(
        "PUT", "records.json", {"app": app, "upsert": True, "records": records}
    ).json()
    assert body == {"records": [{"id": "1", "revision": "1", "operation": "INSERT"}]}


def test_upsert_replay_is_idempotent(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§9: replaying the same upsert updates the same record instead of adding one."""
    records = [
        {"updateKey": {"field": "key", "value": "evt-1"}, "record": {"title": {"value": "once"}}}
    ]
    request = {"app": app, "upsert": True, "records": records}
    first = kintone.call("PUT", "records.json", request).json()["records"][0]
    second = kintone.call("PUT", "records.json", request).json()["records"][0]
    assert (first["operation"], second["operation"]) == ("INSERT", "UPDATE")
    assert first["id"] == second["id"]
    assert len(sim.records(app)) == 1


def test_upsert_by_number_key(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.3: a unique NUMBER field works as updateKey, compared by value."""
    kintone.call(
        "POST",
        "record.json",
        {"app": app, "record": {"title": {"value": "n1"}, "serial": {"value": "7"}}},
    )
    records = [
        {"updateKey": {"field": "serial", "value": 7.0}, "record": {"title": {"value": "n2"}}}
    ]
    body = kintone.call(
        "PUT", "records.json", {"app": app, "upsert": True, "records": records}
    ).json()
    assert body["records"][0]["operation"] == "UPDATE"


def test_upsert_needs_add_permission(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.3, §4: upsert needs edit AND add on the token."""
    token = sim.issue_token(app, ["edit"])
    records = [{"updateKey": {"field": "key", "value": "x"}, "record": {}}]
    body = {"app": app, "upsert": True, "records": records}
    response = kintone.call("PUT", "records.json", body, headers=kintone.token_headers(token))
    assert error_of(response)[:2] == (403, "GAIA_NO01")


def test_update_key_not_found_without_upsert(kintone: Kintone, app: int) -> None:
    """§2.3: an updateKey value no record holds → 404 GAIA_RE01."""
    body = {"app": app, "updateKey": {"field": "key", "value": "nobody"}, "record": {}}
    assert error_of(kintone.call("PUT", "record.json", body))[:2] == (404, "GAIA_RE01")
