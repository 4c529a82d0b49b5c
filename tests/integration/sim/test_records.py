"""Adding, reading and deleting records, rule by rule (kintone-api.md §2.1, §2.2, §2.4)."""

from ticketrelay.kintone.sim import Simulator

from .conftest import Kintone, error_of


def test_add_one_record_returns_string_id_and_revision(kintone: Kintone, app: int) -> None:
    """§2.1: POST record.json → {"id": "1", "revision": "1"} as strings."""
    response = kintone.call(
        "POST", "record.json", {"app": app, "record": {"title": {"value": "hi"}}}
    )
    assert response.status_code == 200
    assert response.json() == {"id": "1", "revision": "1"}


def test_add_record_without_record_uses_defaults_only(
    kintone: Kintone, sim: Simulator, app: int
) -> None:
    """§2.1: `record` omitted → every field at its default (here: required title fails)."""
    response = kintone.call("POST", "record.json", {"app": str(app)})
    assert error_of(response) == (400, "CB_VA01", {"record.title.value": ["必須です。"]})
    assert sim.records(app) == []


def test_add_records_keeps_request_order(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.2: ids and revisions follow the order of the request."""
    records = [{"title": {"value": f"t{i}"}} for i in range(3)]
    response = kintone.call("POST", "records.json", {"app": app, "records": records})
    assert response.json() == {"ids": ["1", "2", "3"], "revisions": ["1", "1", "1"]}
    assert [r["title"]["value"] for r in sim.records(app)] == ["t0", "t1", "t2"]


def test_empty_records_list_is_ok(kintone: Kintone, app: int) -> None:
    """§2.2: records: [] → 200 with empty arrays."""
    response = kintone.call("POST", "records.json", {"app": app, "records": []})
    assert (response.status_code, response.json()) == (200, {"ids": [], "revisions": []})


def test_101_records_are_refused(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.2: 101 records → 400 CB_VA01 with errors.records, nothing added."""
    records = [{"title": {"value": "ok"}}] * 101
    response = kintone.call("POST", "records.json", {"app": app, "records": records})
    assert error_of(response) == (
        400,
        "CB_VA01",
        {"records": ["一度に100件までのレコードを追加できます。"]},
    )
    assert sim.records(app) == []


def test_101_records_message_in_english(kintone: Kintone, app: int) -> None:
    """§2.2, §1: Accept-Language: en selects the English message."""
    headers = {**kintone.sim_admin(), "Accept-Language": "en-US,en;q=0.9"}
    records = [{"title": {"value": "ok"}}] * 101
    response = kintone.call(
        "POST", "records.json", {"app": app, "records": records}, headers=headers
    )
    body = response.json()
    assert body["message"] == "Missing or invalid input."
    assert body["errors"] == {
        "records": {"messages": ["A maximum of 100 records can be added at one time."]}
    }


def test_one_bad_record_fails_the_whole_request(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.2: atomic — an invalid records[1] means records[0] is not added either."""
    records = [{"title": {"value": "good"}}, {"title": {"value": ""}}]
    response = kintone.call("POST", "records.json", {"app": app, "records": records})
    assert error_of(response) == (400, "CB_VA01", {"records[1].title.value": ["必須です。"]})
    assert sim.records(app) == []


def test_errors_of_several_records_are_all_reported(kintone: Kintone, app: int) -> None:
    """§2.2, §6.2: every invalid record is named by its index."""
    records = [{"title": {"value": "x"}}, {"title": {"value": "fine"}}, {"amount": {"value": "-1"}}]
    response = kintone.call("POST", "records.json", {"app": app, "records": records})
    assert error_of(response)[2] == {
        "records[0].title.value": ["1文字より長くなければなりません。"],
        "records[2].amount.value": ["0以上である必要があります。"],
        "records[2].title.value": ["必須です。"],
    }


def test_unknown_field_codes_are_silently_ignored(
    kintone: Kintone, sim: Simulator, app: int
) -> None:
    """§1: unknown field codes in a write are ignored, the record is still created."""
    record = {"title": {"value": "hello"}, "no_such_field": {"value": "x"}}
    response = kintone.call("POST", "record.json", {"app": app, "record": record})
    assert response.status_code == 200
    assert "no_such_field" not in sim.records(app)[0]


def test_get_record_has_id_revision_and_system_fields(kintone: Kintone, app: int) -> None:
    """§2.4, §10: reads carry $id, $revision, RECORD_NUMBER and creator/time fields."""
    kintone.call("POST", "record.json", {"app": app, "record": {"title": {"value": "hello"}}})
    record = kintone.call("GET", "record.json", params={"app": app, "id": 1}).json()["record"]
    assert record["$id"] == {"type": "__ID__", "value": "1"}
    assert record["$revision"] == {"type": "__REVISION__", "value": "1"}
    assert record["レコード番号"] == {"type": "RECORD_NUMBER", "value": "1"}
    assert record["作成者"] == {"type": "CREATOR", "value": {"code": "admin", "name": "admin"}}
    assert record["作成日時"] == {"type": "CREATED_TIME", "value": "2026-11-25T15:30:00Z"}
    assert record["title"] == {"type": "SINGLE_LINE_TEXT", "value": "hello"}


def test_token_writes_are_recorded_as_administrator(kintone: Kintone, app: int, token: str) -> None:
    """§4: operations done with a token are recorded as user "Administrator"."""
    headers = kintone.token_headers(token)
    kintone.call(
        "POST", "record.json", {"app": app, "record": {"title": {"value": "tok"}}}, headers=headers
    )
    record = kintone.call("GET", "record.json", params={"app": app, "id": 1}).json()["record"]
    assert record["更新者"]["value"] == {"code": "Administrator", "name": "Administrator"}


def test_missing_record_is_gaia_re01(kintone: Kintone, app: int) -> None:
    """§2.4: GET record.json with an unknown id → 404 GAIA_RE01."""
    response = kintone.call("GET", "record.json", params={"app": app, "id": 99})
    assert response.status_code == 404
    assert response.json()["code"] == "GAIA_RE01"
    assert response.json()["message"] == "指定したレコード（id: 99）が見つかりません。"


def test_get_records_total_count_is_a_string(kintone: Kintone, app: int) -> None:
    """§2.4: totalCount=true → the count as a string; otherwise null."""
    records = [{"title": {"value": f"r{i}"}} for i in range(3)]
    kintone.call("POST", "records.json", {"app": app, "records": records})
    counted = kintone.call("GET", "records.json", params={"app": app, "totalCount": "true"})
    plain = kintone.call("GET", "records.json", params={"app": app})
    assert counted.json()["totalCount"] == "3"
    assert plain.json()["totalCount"] is None


def test_get_records_default_order_is_id_desc(kintone: Kintone, app: int) -> None:
    """§2.4: without order by, records come by $id descending."""
    records = [{"title": {"value": f"r{i}"}} for i in range(3)]
    kintone.call("POST", "records.json", {"app": app, "records": records})
    body = kintone.call("GET", "records.json", params={"app": app}).json()
    assert [r["$id"]["value"] for r in body["records"]] == ["3", "2", "1"]


def test_fields_parameter_in_the_query_string(kintone: Kintone, app: int) -> None:
    """§1: GET arrays as fields[0]=...; only those fields are returned."""
    kintone.call("POST", "record.json", {"app": app, "record": {"title": {"value": "only"}}})
    params = {"app": app, "fields[0]": "title", "fields[1]": "$id"}
    body = kintone.call("GET", "records.json", params=params).json()
    assert body["records"] == [
        {
            "title": {"type": "SINGLE_LINE_TEXT", "value": "only"},
            "$id": {"type": "__ID__", "value": "1"},
        }
    ]


def test_get_with_method_override_reads_a_json_body(kintone: Kintone, app: int) -> None:
    """§1: POST with X-HTTP-Method-Override: GET takes the parameters from the JSON body."""
    kintone.call("POST", "record.json", {"app": app, "record": {"title": {"value": "long"}}})
    headers = {**kintone.sim_admin(), "X-HTTP-Method-Override": "GET"}
    body = {"app": app, "query": 'title = "long"', "fields": ["title"], "totalCount": True}
    response = kintone.call("POST", "records.json", body, headers=headers)
    assert response.json() == {
        "records": [{"title": {"type": "SINGLE_LINE_TEXT", "value": "long"}}],
        "totalCount": "1",
    }


def test_delete_records_by_ids(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.6 (delete records): DELETE records.json with ids[] removes them."""
    records = [{"title": {"value": f"r{i}"}} for i in range(3)]
    kintone.call("POST", "records.json", {"app": app, "records": records})
    response = kintone.call("DELETE", "records.json", params={"app": app, "ids[0]": 1, "ids[1]": 3})
    assert (response.status_code, response.json()) == (200, {})
    assert [r["$id"]["value"] for r in sim.records(app)] == ["2"]


def test_delete_unknown_id_rolls_back(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.3: a missing id → 404 GAIA_RE01 and nothing deleted."""
    kintone.call("POST", "record.json", {"app": app, "record": {"title": {"value": "keep"}}})
    response = kintone.call("DELETE", "records.json", params={"app": app, "ids[0]": 1, "ids[1]": 7})
    assert error_of(response)[:2] == (404, "GAIA_RE01")
    assert len(sim.records(app)) == 1


def test_malformed_json_is_cb_ij01(kintone: Kintone, app: int) -> None:
    """§6.4: a body that is not JSON → 400 CB_IJ01 "不正なJSON文字列です。"."""
    response = kintone.http.post(
        "/k/v1/record.json", content=b"{not json", headers={**kintone.sim_admin()}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "CB_IJ01"
    assert response.json()["message"] == "不正なJSON文字列です。"


def test_missing_app_parameter(kintone: Kintone) -> None:
    """§6.2: a missing parameter is keyed by its bare name."""
    response = kintone.call("POST", "record.json", {"record": {}})
    assert error_of(response) == (400, "CB_VA01", {"app": ["必須です。"]})


def test_unknown_app_is_gaia_ap01(kintone: Kintone) -> None:
    """§6.4: an unknown app → 404 GAIA_AP01 with kintone's message."""
    response = kintone.call("GET", "records.json", params={"app": 9999})
    assert response.status_code == 404
    assert response.json()["code"] == "GAIA_AP01"
    assert response.json()["message"] == (
        "指定したアプリ（id: 9999）が見つかりません。削除されている可能性があります。"
    )


def test_responses_carry_concurrency_headers(kintone: Kintone, app: int) -> None:
    """§1: every response carries X-ConcurrencyLimit-Limit and -Running."""
    response = kintone.call("GET", "records.json", params={"app": app})
    assert response.headers["X-ConcurrencyLimit-Limit"] == "100"
    assert response.headers["X-ConcurrencyLimit-Running"] == "1"
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
