"""Field validation on write, type by type, with kintone's messages (kintone-api.md §3, §6)."""

from typing import Any

import pytest

from ticketrelay.kintone.sim import Simulator

from .conftest import Kintone, error_of


def add(kintone: Kintone, app: int, lang: str = "ja", **values: Any) -> Any:
    """Add one record with a valid title plus `values`; the error, or the stored record."""
    record = {"title": {"value": "valid"}, **{k: {"value": v} for k, v in values.items()}}
    headers = {**kintone.sim_admin(), "Accept-Language": lang}
    response = kintone.call("POST", "record.json", {"app": app, "record": record}, headers=headers)
    if response.status_code != 200:
        return error_of(response)
    got = kintone.call("GET", "record.json", params={"app": app, "id": response.json()["id"]})
    return {code: field["value"] for code, field in got.json()["record"].items()}


def test_required_missing_or_empty(kintone: Kintone, app: int) -> None:
    """§3, §6.3: required fails for an empty string: 必須です。 / Required."""
    assert add(kintone, app, title="") == (400, "CB_VA01", {"record.title.value": ["必須です。"]})
    assert add(kintone, app, "en", title="") == (
        400,
        "CB_VA01",
        {"record.title.value": ["Required."]},
    )


def test_required_ignores_the_default_for_explicit_empty(kintone: Kintone, sim: Simulator) -> None:
    """§3: explicit "" on a required field with a default → Required, default not applied."""
    app = sim.create_app(
        "req", {"code": {"type": "SINGLE_LINE_TEXT", "required": True, "defaultValue": "D"}}
    )
    response = kintone.call("POST", "record.json", {"app": app, "record": {"code": {"value": ""}}})
    assert error_of(response) == (400, "CB_VA01", {"record.code.value": ["必須です。"]})
    created = kintone.call("POST", "record.json", {"app": app, "record": {}})
    assert created.status_code == 200
    assert sim.records(app)[0]["code"]["value"] == "D"


@pytest.mark.parametrize(
    ("lang", "too_long", "too_short"),
    [
        ("ja", "11文字より短くなければなりません。", "1文字より長くなければなりません。"),
        ("en", "Enter less than 11 characters.", "Enter more than 1 characters."),
    ],
)
def test_length_limits(
    kintone: Kintone, app: int, lang: str, too_long: str, too_short: str
) -> None:
    """§6.3: maxLength 10 → "less than 11", minLength 2 → "more than 1"."""
    assert add(kintone, app, lang, title="x" * 11) == (
        400,
        "CB_VA01",
        {"record.title.value": [too_long]},
    )
    assert add(kintone, app, lang, title="x") == (
        400,
        "CB_VA01",
        {"record.title.value": [too_short]},
    )


def test_length_limits_accept_the_bounds(kintone: Kintone, app: int) -> None:
    """§6.3: exactly minLength and maxLength characters pass (characters, not bytes)."""
    assert add(kintone, app, title="日本")["title"] == "日本"
    assert add(kintone, app, title="あ" * 10)["title"] == "あ" * 10


@pytest.mark.parametrize(
    ("lang", "over", "under"),
    [
        ("ja", "1000以下である必要があります。", "0以上である必要があります。"),
        ("en", "The value must be 1000 or less.", "The value must be 0 or more."),
    ],
)
def test_number_range(kintone: Kintone, app: int, lang: str, over: str, under: str) -> None:
    """§6.3: minValue/maxValue messages."""
    assert add(kintone, app, lang, amount="1000.5") == (
        400,
        "CB_VA01",
        {"record.amount.value": [over]},
    )
    assert add(kintone, app, lang, amount=-3) == (400, "CB_VA01", {"record.amount.value": [under]})


def test_number_not_numeric_uses_the_bracket_key(kintone: Kintone, app: int) -> None:
    """§6.2, §6.3: a non-number → record[code].value "数字でなければなりません。"."""
    assert add(kintone, app, amount="abc") == (
        400,
        "CB_VA01",
        {"record[amount].value": ["数字でなければなりません。"]},
    )
    assert add(kintone, app, "en", amount="1,000") == (
        400,
        "CB_VA01",
        {"record[amount].value": ["Only numbers are allowed."]},
    )


def test_number_required_and_not_numeric_adds_required(kintone: Kintone, sim: Simulator) -> None:
    """§6.2: NUMBER not numeric and required: the bracket key plus record.n.value Required."""
    app = sim.create_app("num", {"n": {"type": "NUMBER", "required": True}})
    response = kintone.call("POST", "record.json", {"app": app, "record": {"n": {"value": "x1"}}})
    assert error_of(response) == (
        400,
        "CB_VA01",
        {"record[n].value": ["数字でなければなりません。"], "record.n.value": ["必須です。"]},
    )


@pytest.mark.parametrize(
    ("written", "stored"), [(" 42 ", "42"), ("1.5e1", "15"), (7, "7"), ("+3", "3"), ("", "")]
)
def test_number_normalisation(kintone: Kintone, app: int, written: object, stored: str) -> None:
    """§3: numbers as strings or JSON numbers; " 42 " → "42", "1.5e1" → "15"."""
    assert add(kintone, app, amount=written)["amount"] == stored


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2026-11-25", "2026-11-25"),
        ("2026", "2026-01-01"),
        ("2026-3", "2026-03-01"),
        ("2026-3-4", "2026-03-04"),
    ],
)
def test_date_formats(kintone: Kintone, app: int, written: str, stored: str) -> None:
    """§3: DATE accepts YYYY, YYYY-MM, YYYY-M-D and pads missing parts with 01."""
    assert add(kintone, app, day=written)["day"] == stored


def test_date_invalid(kintone: Kintone, app: int) -> None:
    """§3: an impossible date is CB_VA01 on record.day.value (message UNCONFIRMED)."""
    assert add(kintone, app, day="2026-02-30") == (
        400,
        "CB_VA01",
        {"record.day.value": ["日付の形式が不正です。"]},
    )


def test_time_format_and_seconds(kintone: Kintone, app: int) -> None:
    """§3: TIME "HH:MM"; HH:MM:SS accepted and read back as HH:MM; 25:00 refused."""
    assert add(kintone, app, at="09:05")["at"] == "09:05"
    assert add(kintone, app, at="09:05:59")["at"] == "09:05"
    assert add(kintone, app, at="25:00") == (
        400,
        "CB_VA01",
        {"record.at.value": ["時刻の形式が不正です。"]},
    )


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("2026-11-25T12:59:59Z", "2026-11-25T12:59:00Z"),
        ("2026-11-25T10:00:00+09:00", "2026-11-25T01:00:00Z"),
        ("2026-11-25T10:00:00.000Z", "2026-11-25T10:00:00Z"),
        ("2026-11-25", "2026-11-25T00:00:00Z"),
    ],
)
def test_datetime_utc_truncated_to_minutes(
    kintone: Kintone, app: int, written: str, stored: str
) -> None:
    """§3: DATETIME stored in UTC with seconds dropped; date-only = 00:00 UTC."""
    assert add(kintone, app, stamp=written)["stamp"] == stored


def test_datetime_invalid(kintone: Kintone, app: int) -> None:
    """§3: a malformed DATETIME is CB_VA01 (message UNCONFIRMED)."""
    assert add(kintone, app, stamp="yesterday") == (
        400,
        "CB_VA01",
        {"record.stamp.value": ["日時の形式が不正です。"]},
    )


def test_link_length_but_no_format_check_by_default(kintone: Kintone, app: int) -> None:
    """§3: LINK length limits apply; URL format validation is UNCONFIRMED and off by default."""
    assert add(kintone, app, url="not a url")["url"] == "not a url"
    assert add(kintone, app, url="https://" + "x" * 30) == (
        400,
        "CB_VA01",
        {"record.url.value": ["31文字より短くなければなりません。"]},
    )


@pytest.mark.parametrize(
    ("lang", "message"),
    [("ja", '"c"は選択肢にありません。'), ("en", 'The value, "c", is not in options.')],
)
def test_radio_and_drop_down_options(kintone: Kintone, app: int, lang: str, message: str) -> None:
    """§3, §6.3: a value outside the options → CB_VA01 with the value in the message."""
    assert add(kintone, app, lang, kind="c") == (400, "CB_VA01", {"record.kind.value": [message]})
    assert add(kintone, app, lang, level="c") == (400, "CB_VA01", {"record.level.value": [message]})


def test_check_box_option_key_and_shape(kintone: Kintone, app: int) -> None:
    """§6.2: CHECK_BOX option violations are keyed values[i].value; a non-array is CB_IJ01."""
    assert add(kintone, app, tags=["x", "z"]) == (
        400,
        "CB_VA01",
        {"record.tags.values[1].value": ['"z"は選択肢にありません。']},
    )
    assert add(kintone, app, tags="x")[:2] == (400, "CB_IJ01")
    assert add(kintone, app, tags=["y"])["tags"] == ["y"]


def test_object_for_a_text_field_is_cb_ij01(kintone: Kintone, app: int) -> None:
    """§6.4: a value of the wrong JSON type → 400 CB_IJ01."""
    assert add(kintone, app, memo={"a": 1})[:2] == (400, "CB_IJ01")


def test_defaults_on_add(kintone: Kintone, app: int) -> None:
    """§3: omitted fields get defaultValue / defaultNowValue (DATE in Tokyo, DATETIME UTC)."""
    stored = add(kintone, app)
    assert stored["memo"] == "none"
    assert stored["day"] == "2026-01-02"
    assert stored["today"] == "2026-11-26"
    assert stored["stamp"] == "2026-11-25T15:30:00Z"
    assert stored["kind"] == "b"
    assert stored["tags"] == ["x"]
    assert stored["level"] is None
    assert stored["at"] is None
    assert stored["amount"] == ""


def test_explicit_empty_is_not_the_default(kintone: Kintone, app: int) -> None:
    """§3: explicit "" / [] on add is stored empty, the default is not applied."""
    stored = add(kintone, app, memo="", tags=[], day="")
    assert (stored["memo"], stored["tags"], stored["day"]) == ("", [], None)


def test_defaults_are_not_applied_on_update(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§2.3: omitted fields keep their values on update; defaults are add-only."""
    add(kintone, app, memo="")
    kintone.call("PUT", "record.json", {"app": app, "id": 1, "record": {"title": {"value": "new"}}})
    record = sim.records(app)[0]
    assert (record["title"]["value"], record["memo"]["value"]) == ("new", "")


def test_radio_button_required_is_not_enforced(kintone: Kintone, sim: Simulator) -> None:
    """§3: a required RADIO_BUTTON without a value is accepted and stored as null."""
    app = sim.create_app(
        "radio",
        {
            "r": {
                "type": "RADIO_BUTTON",
                "required": True,
                "options": {"p": {"label": "p", "index": "0"}},
            }
        },
    )
    response = kintone.call("POST", "record.json", {"app": app, "record": {"r": {"value": ""}}})
    assert response.status_code == 200
    assert sim.records(app)[0]["r"]["value"] is None


def test_unique_against_stored_records(kintone: Kintone, app: int) -> None:
    """§9, §6.3: a value another record holds → CB_VA01 "値がほかのレコードと重複しています。"."""
    add(kintone, app, key="K-1")
    assert add(kintone, app, key="K-1") == (
        400,
        "CB_VA01",
        {"record.key.value": ["値がほかのレコードと重複しています。"]},
    )
    assert add(kintone, app, "en", key="K-1")[2] == {
        "record.key.value": ["This value already exists in another record."]
    }


def test_unique_numbers_compare_by_value(kintone: Kintone, app: int) -> None:
    """§6.3: a NUMBER unique field: "1.0" duplicates "1"."""
    add(kintone, app, serial="1")
    assert add(kintone, app, serial="1.0")[2] == {
        "record.serial.value": ["値がほかのレコードと重複しています。"]
    }


def test_unique_within_one_batch(kintone: Kintone, sim: Simulator, app: int) -> None:
    """§9: duplicates inside one request fail it, naming the later record."""
    records = [
        {"title": {"value": "aa"}, "key": {"value": "same"}},
        {"title": {"value": "bb"}, "key": {"value": "same"}},
    ]
    response = kintone.call("POST", "records.json", {"app": app, "records": records})
    assert error_of(response) == (
        400,
        "CB_VA01",
        {"records[1].key.value": ["値がほかのレコードと重複しています。"]},
    )
    assert sim.records(app) == []


def test_unique_allows_many_empty_values(kintone: Kintone, app: int) -> None:
    """§3: empty values are not checked for duplicates."""
    add(kintone, app, key="")
    assert add(kintone, app, key="")["key"] == ""


def test_update_keeping_its_own_unique_value_passes(kintone: Kintone, app: int) -> None:
    """§6.3: an update that keeps the record's own unique value passes."""
    add(kintone, app, key="mine")
    body = {
        "app": app,
        "id": 1,
        "record": {"key": {"value": "mine"}, "title": {"value": "changed"}},
    }
    assert kintone.call("PUT", "record.json", body).json() == {"revision": "2"}


def test_update_can_fail_on_an_already_empty_required_field(
    kintone: Kintone, sim: Simulator
) -> None:
    """§2.3: validation runs on the merged record."""
    app = sim.create_app(
        "merge", {"a": {"type": "SINGLE_LINE_TEXT"}, "b": {"type": "SINGLE_LINE_TEXT"}}
    )
    kintone.call("POST", "record.json", {"app": app, "record": {}})
    kintone.call(
        "PUT", "preview/app/form/fields.json", {"app": app, "properties": {"b": {"required": True}}}
    )
    kintone.call("POST", "preview/app/deploy.json", {"apps": [{"app": app}]})
    response = kintone.call(
        "PUT", "record.json", {"app": app, "id": 1, "record": {"a": {"value": "x"}}}
    )
    assert error_of(response) == (400, "CB_VA01", {"record.b.value": ["必須です。"]})
