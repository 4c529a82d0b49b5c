"""The query language subset and its errors (kintone-api.md §2.4)."""

import pytest

from ticketrelay.kintone.sim import Simulator

from .conftest import Kintone, error_of


@pytest.fixture
def filled(kintone: Kintone, app: int) -> int:
    """`app` with five records: titles t1..t5, amounts 10..50, levels alternating."""
    records = [
        {
            "title": {"value": f"t{i}"},
            "key": {"value": f"k{i}"},
            "amount": {"value": str(i * 10)},
            "level": {"value": "low" if i % 2 else "high"},
            "tags": {"value": ["x", "y"] if i == 3 else ["y"]},
            "stamp": {"value": f"2026-11-0{i}T10:00:00Z"},
        }
        for i in range(1, 6)
    ]
    kintone.call("POST", "records.json", {"app": app, "records": records})
    return app


def ids(kintone: Kintone, app: int, query: str) -> list[str]:
    """The $id values a query returns."""
    response = kintone.call("GET", "records.json", params={"app": app, "query": query})
    assert response.status_code == 200, response.text
    return [r["$id"]["value"] for r in response.json()["records"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('key = "k2"', ["2"]),
        ('key != "k2" order by $id asc', ["1", "3", "4", "5"]),
        ("amount > 30", ["5", "4"]),
        ("amount >= 30 and amount <= 40", ["4", "3"]),
        ("amount < 20 or amount > 40", ["5", "1"]),
        ('level in ("low")', ["5", "3", "1"]),
        ('level not in ("low")', ["4", "2"]),
        ('tags in ("x")', ["3"]),
        ('title like "t4"', ["4"]),
        ('(amount = 10 or amount = 20) and key != "k1"', ["2"]),
        ("$id > 3 order by $id asc", ["4", "5"]),
        ('stamp >= "2026-11-04T19:00:00+09:00"', ["5", "4"]),
        ("order by amount desc limit 2", ["5", "4"]),
        ("order by level asc, amount desc", ["4", "2", "5", "3", "1"]),
        ("order by $id asc limit 2 offset 1", ["2", "3"]),
        ("", ["5", "4", "3", "2", "1"]),
    ],
)
def test_conditions_order_limit_offset(
    kintone: Kintone, filled: int, query: str, expected: list[str]
) -> None:
    """§2.4: = != > < >= <= in, not in, like, and/or/parentheses, order by, limit, offset."""
    assert ids(kintone, filled, query) == expected


def test_default_limit_is_100(kintone: Kintone, sim: Simulator) -> None:
    """§2.4: without limit, at most 100 records are returned."""
    app = sim.create_app("many", {"n": {"type": "NUMBER"}})
    for _ in range(2):
        kintone.call("POST", "records.json", {"app": app, "records": [{}] * 100})
    body = kintone.call("GET", "records.json", params={"app": app, "totalCount": "true"}).json()
    assert (len(body["records"]), body["totalCount"]) == (100, "200")


def test_limit_over_500_is_gaia_qu01(kintone: Kintone, app: int) -> None:
    """§2.4: limit > 500 → 400 GAIA_QU01."""
    response = kintone.call("GET", "records.json", params={"app": app, "query": "limit 501"})
    assert error_of(response)[:2] == (400, "GAIA_QU01")


def test_offset_over_10000_is_gaia_qu02(kintone: Kintone, app: int) -> None:
    """§2.4: offset > 10,000 → 400 GAIA_QU02."""
    response = kintone.call("GET", "records.json", params={"app": app, "query": "offset 10001"})
    assert error_of(response)[:2] == (400, "GAIA_QU02")


@pytest.mark.parametrize(
    "query", ['key = "unterminated', "amount >", "order amount", "(amount = 1", "limit x"]
)
def test_syntax_error_is_cb_va01_on_query(kintone: Kintone, app: int, query: str) -> None:
    """§2.4: a syntax error → 400 CB_VA01 with errors.query."""
    response = kintone.call("GET", "records.json", params={"app": app, "query": query})
    assert error_of(response) == (400, "CB_VA01", {"query": ["クエリ記法が間違っています。"]})


def test_unknown_field_is_gaia_iq11(kintone: Kintone, app: int) -> None:
    """§2.4: an unknown field in a query → 400 GAIA_IQ11 naming it."""
    response = kintone.call("GET", "records.json", params={"app": app, "query": 'nope = "1"'})
    assert error_of(response)[:2] == (400, "GAIA_IQ11")
    assert response.json()["message"] == "指定されたフィールド（code: nope）が見つかりません。"


def test_operator_not_allowed_for_type_is_gaia_iq03(kintone: Kintone, app: int) -> None:
    """§2.4: an operator the field type does not allow → 400 GAIA_IQ03."""
    response = kintone.call("GET", "records.json", params={"app": app, "query": 'level = "low"'})
    assert error_of(response)[:2] == (400, "GAIA_IQ03")


def test_escaped_quotes_in_values(kintone: Kintone, app: int) -> None:
    """§2.4: a backslash escapes a double quote inside a value."""
    kintone.call(
        "POST",
        "record.json",
        {"app": app, "record": {"title": {"value": "qq"}, "key": {"value": 'say "hi"'}}},
    )
    assert ids(kintone, app, r'key = "say \"hi\""') == ["1"]
