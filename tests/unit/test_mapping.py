"""SPEC section 4: values onto kintone fields, and ERROR against ALERT."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticketrelay.kintone.fields import (
    Date,
    DateTime,
    DropDown,
    Field,
    Link,
    MultiLineText,
    Number,
    RadioButton,
    RichText,
    SingleLineText,
    Time,
    Unsupported,
)
from ticketrelay.rules.mapping import MappedRecord, to_record, to_records
from ticketrelay.rules.values import VALUE_KEYS, Activity

START = datetime(2026, 11, 25, 15, 30, 45, 500000, tzinfo=UTC)
ACTIVITY = Activity(
    activity_id="message-0123456789abcdef0123456789abcdef-1",
    account="acme",
    channel="mail",
    channel_name="メール",
    subject='Hi <you> & "me"',
    body="a\r\nb\rc\nd",
    url="https://helpdesk.example/t/1",
    operator_email="yamada@example.co.jp",
    operator_name="山田 太郎",
    recipient_emails="a@x,b@x",
    recipient_phones="0312345678",
    start_time=START,
    end_time=None,
)


def _map(key: str, field: Field, zone: str = "Asia/Tokyo", **values: Any) -> MappedRecord:
    activity = ACTIVITY.model_copy(update=values)
    return to_record(activity, {key: field.code}, {field.code: field}, zone)


def _sent(key: str, field: Field, zone: str = "Asia/Tokyo", **values: Any) -> object:
    result = _map(key, field, zone, **values)
    assert result.problems == ()
    return result.record[field.code]["value"]


def _reasons(result: MappedRecord) -> list[tuple[str, str, str | None, str | None]]:
    return [(p.severity, p.reason, p.value_key, p.field_code) for p in result.problems]


@pytest.mark.parametrize(
    ("key", "field", "expected"),
    [
        ("channel_name", SingleLineText(code="f"), "メール"),
        ("body", MultiLineText(code="f"), "a\r\nb\rc\nd"),
        ("subject", RichText(code="f"), "Hi &lt;you&gt; &amp; &quot;me&quot;"),
        ("body", RichText(code="f"), "a<br>b<br>c<br>d"),
        ("url", Link(code="f"), "https://helpdesk.example/t/1"),
        ("recipient_phones", Link(code="f", protocol="CALL"), "0312345678"),
        ("recipient_phones", Number(code="f"), "0312345678"),
        ("channel_name", DropDown(code="f", options=("SMS", "メール")), "メール"),
        ("channel_name", RadioButton(code="f", options=("メール",)), "メール"),
        ("activity_id", SingleLineText(code="f", unique=True, max_length=64), ACTIVITY.activity_id),
    ],
)
def test_text_values_are_sent_per_field_type(key: str, field: Field, expected: str) -> None:
    """Text as it is; RICH_TEXT escaped with <br>; a number; a URL; an option."""
    assert _sent(key, field) == expected


def test_rich_text_escapes_quotes_and_apostrophes_like_html_escape() -> None:
    """RICH_TEXT escapes & < > " ' as html.escape(quote=True) does."""
    assert _sent("subject", RichText(code="f"), subject="it's <b>") == "it&#x27;s &lt;b&gt;"


@pytest.mark.parametrize(
    ("field", "zone", "expected"),
    [
        (Date(code="f"), "Asia/Tokyo", "2026-11-26"),
        (Time(code="f"), "Asia/Tokyo", "00:30"),
        (DateTime(code="f"), "Asia/Tokyo", "2026-11-25T15:30:45Z"),
        (SingleLineText(code="f"), "Asia/Tokyo", "2026-11-26T00:30:45+09:00"),
        (MultiLineText(code="f"), "UTC", "2026-11-25T15:30:45+00:00"),
        (Link(code="f", protocol="CALL"), "Asia/Tokyo", "2026-11-26T00:30:45+09:00"),
        (Date(code="f"), "America/New_York", "2026-11-25"),
        (Time(code="f"), "America/New_York", "10:30"),
        (SingleLineText(code="f"), "America/New_York", "2026-11-25T10:30:45-05:00"),
    ],
)
def test_times_use_the_integration_zone_and_utc_for_datetime(
    field: Field, zone: str, expected: str
) -> None:
    """DATE and TIME in the integration's zone, DATETIME in UTC, text as ISO 8601 with offset."""
    assert _sent("start_time", field, zone) == expected


def test_the_default_time_zone_is_tokyo() -> None:
    """Without a time zone, DATE and TIME are in Asia/Tokyo."""
    field = Date(code="f")
    assert to_record(ACTIVITY, {"start_time": "f"}, {"f": field}).record == {
        "f": {"value": "2026-11-26"}
    }


@pytest.mark.parametrize(
    "field",
    [
        SingleLineText(code="f"),
        MultiLineText(code="f"),
        RichText(code="f"),
        Number(code="f"),
        Date(code="f"),
        Time(code="f"),
        DateTime(code="f"),
        Link(code="f"),
        Link(code="f", protocol="CALL"),
    ],
)
def test_an_empty_value_is_sent_as_an_empty_string(field: Field) -> None:
    """An empty value is "" for every type but RADIO_BUTTON and DROP_DOWN."""
    key = "end_time" if isinstance(field, Date | Time | DateTime) else "subject"
    assert _sent(key, field, subject="") == ""


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("subject", SingleLineText(code="f", required=True)),
        ("subject", RichText(code="f", required=True)),
        ("subject", Number(code="f", required=True)),
        ("end_time", Date(code="f", required=True, default_now=True)),
        ("end_time", DateTime(code="f", required=True)),
        ("subject", Link(code="f", required=True)),
        ("operator_email", Link(code="f", protocol="MAIL", required=True)),
    ],
)
def test_an_empty_value_on_a_required_field_is_an_error(key: str, field: Field) -> None:
    """kintone refuses an empty required field, so ticketrelay does not send the activity."""
    result = _map(key, field, subject="")
    assert _reasons(result) == [("error", "required_empty", key, "f")]
    assert not result.ok


def test_a_link_mail_field_always_gets_an_empty_string() -> None:
    """LINK (mail) is sent "", as the FAQ says, whatever the value."""
    assert _sent("operator_email", Link(code="f", protocol="MAIL")) == ""


@pytest.mark.parametrize(
    ("key", "field", "values", "reason"),
    [
        ("subject", SingleLineText(code="f", max_length=3), {}, "too_long"),
        ("subject", SingleLineText(code="f", min_length=100), {}, "too_short"),
        ("subject", Number(code="f"), {}, "not_a_number"),
        ("subject", Number(code="f"), {"subject": "１２"}, "not_a_number"),
        ("subject", Number(code="f"), {"subject": "1,000"}, "not_a_number"),
        ("start_time", Number(code="f"), {}, "not_a_number"),
        ("subject", Number(code="f", min_value=Decimal(10)), {"subject": "9.5"}, "below_min"),
        ("subject", Number(code="f", max_value=Decimal(10)), {"subject": "1e2"}, "above_max"),
        ("subject", Date(code="f"), {}, "not_a_time"),
        ("subject", Time(code="f"), {}, "not_a_time"),
        ("subject", DateTime(code="f"), {}, "not_a_time"),
        ("subject", Link(code="f"), {}, "not_a_url"),
        ("url", Link(code="f"), {"url": "https://x.example/\n2"}, "contains_line_break"),
        ("url", Link(code="f", max_length=10), {}, "too_long"),
        ("url", Link(code="f", min_length=100), {}, "too_short"),
        ("body", Link(code="f", protocol="CALL"), {}, "contains_line_break"),
        ("start_time", Date(code="f"), {"start_time": datetime.max.replace(tzinfo=UTC)}, None),
        ("start_time", SingleLineText(code="f"), {"start_time": datetime.max.replace(tzinfo=UTC)},
         None),
    ],
)  # fmt: skip
def test_values_that_do_not_fit_are_errors(
    key: str, field: Field, values: dict[str, Any], reason: str | None
) -> None:
    """Length, number, time, URL and line-break violations keep the activity out: ERROR."""
    result = _map(key, field, **values)
    assert _reasons(result) == [("error", reason or "time_out_of_range", key, "f")]
    assert result.record == {}


@pytest.mark.parametrize(
    ("number", "sent"), [(" 42 ", "42"), ("-1.5e3", "-1.5e3"), ("+7", "+7"), ("10", "10")]
)
def test_numbers_follow_kintones_number_format(number: str, sent: str) -> None:
    """Optional sign, digits, decimal point and exponent, half-width; within min and max."""
    field = Number(code="f", min_value=Decimal(-2000), max_value=Decimal(100))
    assert _sent("subject", field, subject=number) == sent


def test_datetime_keeps_far_times_in_utc() -> None:
    """DATETIME needs no zone, so even the last representable time is sent."""
    last = datetime.max.replace(tzinfo=UTC)
    assert _sent("start_time", DateTime(code="f"), start_time=last) == "9999-12-31T23:59:59Z"


def test_a_text_time_before_the_zones_standard_time_is_sent_in_utc() -> None:
    """A local mean time offset such as +09:18:59 never reaches a text field: UTC instead."""
    first = datetime(1, 1, 1, 12, 0, tzinfo=UTC)
    assert _sent("start_time", SingleLineText(code="f"), start_time=first) == (
        "0001-01-01T12:00:00+00:00"
    )


@pytest.mark.parametrize(
    ("field", "values", "reason"),
    [
        (RadioButton(code="f", options=("LINE",)), {}, "not_an_option"),
        (DropDown(code="f", options=("LINE",)), {}, "not_an_option"),
        (DropDown(code="f", options=("LINE",)), {"channel_name": ""}, "empty_not_an_option"),
        (RadioButton(code="f", options=("a",), required=True), {}, "not_an_option"),
        (DropDown(code="f", options=("a",), default="a", required=True), {}, "not_an_option"),
    ],
)
def test_a_value_that_is_no_option_is_an_alert_and_left_out(
    field: Field, values: dict[str, Any], reason: str
) -> None:
    """Not exactly one of the options: ALERT, and the field is left out for kintone's default."""
    result = _map("channel_name", field, **values)
    assert _reasons(result) == [("alert", reason, "channel_name", "f")]
    assert result.record == {}
    assert result.ok


def test_no_option_on_a_required_drop_down_without_default_is_an_error() -> None:
    """Left out, a required DROP_DOWN without a default would be refused by kintone: ERROR."""
    result = _map("channel_name", DropDown(code="f", options=("LINE",), required=True))
    assert _reasons(result) == [("error", "option_required_no_default", "channel_name", "f")]


def test_an_alert_keeps_every_other_value() -> None:
    """The record is created with every other value."""
    fields = {"ch": RadioButton(code="ch", options=("LINE",)), "s": SingleLineText(code="s")}
    result = to_record(ACTIVITY, {"channel_name": "ch", "subject": "s"}, fields)
    assert result.record == {"s": {"value": ACTIVITY.subject}}
    assert [p.reason for p in result.problems] == ["not_an_option"]


def test_each_integration_is_judged_on_its_own() -> None:
    """The same activity can be an ERROR for one app and fit another."""
    strict = {"s": SingleLineText(code="s", max_length=3)}
    loose = {"s": SingleLineText(code="s")}
    assert not to_record(ACTIVITY, {"subject": "s"}, strict).ok
    assert to_record(ACTIVITY, {"subject": "s"}, loose).ok


def test_an_unknown_time_zone_is_an_error() -> None:
    """A time zone that does not exist blocks the record."""
    result = to_record(ACTIVITY, {}, {}, "Mars/Olympus")
    assert _reasons(result) == [("error", "unknown_time_zone", None, None)]
    assert "Mars/Olympus" in result.problems[0].en


@pytest.mark.parametrize(
    ("mapping", "fields", "reason"),
    [
        ({"subject": "gone"}, {}, "unknown_field"),
        ({"subject": "tags"}, {"tags": Unsupported(code="tags", type_name="CHECK_BOX")}, None),
        ({"sender": "s"}, {"s": SingleLineText(code="s")}, "unknown_value"),
        ({}, {"r": SingleLineText(code="r", required=True)}, "required_unmapped"),
    ],
)
def test_mapping_faults_are_errors_at_sync_time(
    mapping: dict[str, str], fields: dict[str, Field], reason: str | None
) -> None:
    """A deleted field, an unwritable type, a bad key or an unmapped required field: ERROR."""
    result = to_record(ACTIVITY, mapping, fields)
    assert [(p.severity, p.reason) for p in result.problems] == [
        ("error", reason or "unsupported_type")
    ]
    assert result.record == {}


def test_a_field_mapped_twice_is_an_error() -> None:
    """Two values onto one field is an ERROR."""
    fields = {"t": MultiLineText(code="t")}
    result = to_record(ACTIVITY, {"subject": "t", "body": "t"}, fields)
    assert _reasons(result) == [("error", "mapped_twice", None, "t")]
    assert "message subject, message body" in result.problems[0].en


@pytest.mark.parametrize(
    "field",
    [
        SingleLineText(code="r", required=True, default="-"),
        Date(code="r", required=True, default_now=True),
        RadioButton(code="r", required=True, options=("a",)),
        DropDown(code="r", required=True, options=("a",), default="a"),
    ],
)
def test_required_fields_with_a_default_need_no_value(field: Field) -> None:
    """A default, defaultNowValue, or RADIO_BUTTON (not enforced) lets a field go unmapped."""
    assert to_record(ACTIVITY, {}, {"r": field}).problems == ()


def test_problems_say_what_happened_and_what_to_do_in_both_languages() -> None:
    """Every problem names the field and value, in English and in Japanese."""
    [problem] = _map("subject", SingleLineText(code="件名欄", max_length=3)).problems
    assert problem.en == (
        "The message subject has 15 characters, more than the 3 that field 件名欄 allows. "
        "Raise the field's maximum length in kintone or map it to a multi-line field."
    )
    assert problem.ja.startswith("メッセージ件名が15文字あり、フィールド「件名欄」の最大文字数3を")


_CODES = st.sampled_from(["a", "b", "c"])
_LIMIT = st.none() | st.integers(0, 20)
_NUMBER_LIMIT = st.none() | st.decimals(allow_nan=True, allow_infinity=True, places=2)
_OPTIONS = st.lists(st.sampled_from(["", "メール", "LINE", "1", "x"]), max_size=3).map(tuple)
_COMMON: dict[str, Any] = {"code": _CODES, "required": st.booleans()}
FIELDS = st.one_of(
    st.builds(SingleLineText, **_COMMON, min_length=_LIMIT, max_length=_LIMIT, default=st.text()),
    st.builds(MultiLineText, **_COMMON),
    st.builds(RichText, **_COMMON),
    st.builds(Number, **_COMMON, min_value=_NUMBER_LIMIT, max_value=_NUMBER_LIMIT),
    st.builds(Date, **_COMMON, default_now=st.booleans()),
    st.builds(Time, **_COMMON),
    st.builds(DateTime, **_COMMON),
    st.builds(Link, **_COMMON, protocol=st.sampled_from(["WEB", "CALL", "MAIL"]),
              min_length=_LIMIT, max_length=_LIMIT),
    st.builds(RadioButton, **_COMMON, options=_OPTIONS, default=st.sampled_from(["", "x"])),
    st.builds(DropDown, **_COMMON, options=_OPTIONS, default=st.sampled_from(["", "x"])),
    st.builds(Unsupported, **_COMMON, type_name=st.sampled_from(["FILE", "CALC", "NEW_TYPE"])),
)  # fmt: skip
_TEXT = st.text() | st.sampled_from(["42", " -1.5e3 ", "https://x.example", "a\nb", "１"])
_TIME = st.none() | st.datetimes(timezones=st.just(UTC))
ACTIVITIES = st.builds(
    Activity,
    activity_id=_TEXT,
    account=st.just("acme"),
    channel=st.just("mail"),
    **{key: _TEXT for key in VALUE_KEYS if key not in ("activity_id", "start_time", "end_time")},
    start_time=_TIME,
    end_time=_TIME,
)
ZONES = st.sampled_from(["Asia/Tokyo", "UTC", "Pacific/Kiritimati", "Etc/GMT+12", "", "No/Zone"])


@given(
    ACTIVITIES,
    st.dictionaries(st.sampled_from([*VALUE_KEYS, "bogus"]), _CODES),
    st.lists(FIELDS, max_size=4),
    ZONES,
)
def test_every_value_maps_or_yields_a_problem(
    activity: Activity, mapping: dict[str, str], fields: list[Field], zone: str
) -> None:
    """For every field type and any value: a record entry or a problem, never an exception."""
    by_code = {field.code: field for field in fields}
    result = to_record(activity, mapping, by_code, zone)
    explained = {(p.value_key, p.field_code) for p in result.problems}
    for key, code in mapping.items():
        assert code in result.record or (key, code) in explained
    assert all(p.en and p.ja for p in result.problems)
    assert all(set(value) == {"value"} for value in result.record.values())


def test_many_activities_map_like_one_at_a_time() -> None:
    """Mapping a batch gives each activity the record and problems it gets alone."""
    fields: dict[str, Field] = {
        "s": SingleLineText(code="s", max_length=5),
        "b": MultiLineText(code="b"),
    }
    mapping = {"subject": "s", "body": "b", "url": "gone"}
    batch = [ACTIVITY.model_copy(update={"subject": text}) for text in ("short", "far too long")]
    assert to_records(batch, mapping, fields) == [to_record(a, mapping, fields) for a in batch]
    assert [len(r.problems) for r in to_records(batch, mapping, fields)] == [1, 2]
