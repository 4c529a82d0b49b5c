"""SPEC sections 4 and 7: the mapping check, compatible field types, and hints."""

import string
from decimal import Decimal

import pytest

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
from ticketrelay.rules.mapping_check import (
    TARGETS,
    CheckResult,
    check_mapping,
    compatible_targets,
    hint,
    is_compatible,
    target,
)
from ticketrelay.rules.problems import CATALOGUE, VALUE_LABELS, preview, problem, unsupported_why
from ticketrelay.rules.values import VALUE_KEYS

ACTIVITY_FIELD = SingleLineText(code="aid", unique=True)
GOOD = {"activity_id": "aid"}


def _check(mapping: dict[str, str], *fields: Field, zone: str = "Asia/Tokyo") -> CheckResult:
    return check_mapping(
        {**GOOD, **mapping}, {"aid": ACTIVITY_FIELD, **{f.code: f for f in fields}}, zone
    )


def _reasons(result: CheckResult) -> list[tuple[str, str, str | None, str | None]]:
    return [(p.severity, p.reason, p.value_key, p.field_code) for p in result.problems]


def test_a_good_mapping_has_no_problems() -> None:
    """Activity ID on a unique single-line text field, every value fitting: ok."""
    result = _check({"channel_name": "ch"}, DropDown(code="ch", options=("メール",)))
    assert result == CheckResult(problems=())
    assert result.to_json() == {"ok": True, "problems": []}


@pytest.mark.parametrize(
    ("mapping", "fields", "expected"),
    [
        ({"subject": "gone"}, [], ("error", "unknown_field", "subject", "gone")),
        ({"who": "s"}, [SingleLineText(code="s")], ("error", "unknown_value", "who", "s")),
        (
            {"body": "files"},
            [Unsupported(code="files", type_name="FILE")],
            ("error", "unsupported_type", "body", "files"),
        ),
        ({"subject": "d"}, [Date(code="d")], ("error", "incompatible_type", "subject", "d")),
        (
            {"start_time": "n"},
            [Number(code="n")],
            ("error", "incompatible_type", "start_time", "n"),
        ),
        (
            {"subject": "t", "body": "t"},
            [MultiLineText(code="t")],
            ("error", "mapped_twice", None, "t"),
        ),
        ({}, [Number(code="req", required=True)], ("error", "required_unmapped", None, "req")),
        (
            {"operator_email": "m"},
            [Link(code="m", protocol="MAIL")],
            ("warning", "link_mail_empty", "operator_email", "m"),
        ),
        (
            {"operator_email": "u"},
            [SingleLineText(code="u", unique=True)],
            ("warning", "unique_field", "operator_email", "u"),
        ),
        (
            {},
            [Unsupported(code="who", type_name="USER_SELECT", required=True)],
            ("warning", "required_unsupported", None, "who"),
        ),
    ],
)
def test_the_check_reports_each_mapping_fault(
    mapping: dict[str, str], fields: list[Field], expected: tuple[str, str, str | None, str | None]
) -> None:
    """Unknown or unwritable fields, clashes, unmapped required fields, and advice."""
    assert _reasons(_check(mapping, *fields)) == [expected]


def test_an_unknown_time_zone_fails_the_check() -> None:
    """The integration's time zone must exist."""
    assert _reasons(_check({}, zone="Tokyo")) == [("error", "unknown_time_zone", None, None)]


@pytest.mark.parametrize(
    ("mapping", "fields"),
    [
        ({}, {}),
        ({"activity_id": "a"}, {"a": SingleLineText(code="a")}),
        ({"activity_id": "a"}, {"a": MultiLineText(code="a")}),
        ({"activity_id": "a"}, {"a": Link(code="a", protocol="CALL", unique=True)}),
    ],
)
def test_activity_id_off_a_unique_text_field_means_at_least_once(
    mapping: dict[str, str], fields: dict[str, Field]
) -> None:
    """Without a unique single-line text field for the activity ID, delivery is at-least-once."""
    result = check_mapping(mapping, fields)
    assert [p.reason for p in result.problems] == ["at_least_once"]
    assert result.ok
    assert "at-least-once" in result.problems[0].en


def test_warnings_do_not_fail_the_check_but_errors_do() -> None:
    """`ok` is false only when some problem is an ERROR."""
    assert _check({"url": "m"}, Link(code="m", protocol="MAIL")).ok
    failed = _check({"url": "gone"})
    assert not failed.ok
    assert failed.to_json()["problems"][0]["reason"] == "unknown_field"


def test_unsupported_types_say_why() -> None:
    """The settings page explains why a type cannot be chosen."""
    [problem_] = _check({"body": "t"}, Unsupported(code="t", type_name="SUBTABLE")).problems
    assert "it is a table" in problem_.en
    assert unsupported_why("ORGANIZATION_SELECT") == unsupported_why("USER_SELECT")
    assert unsupported_why("SOMETHING_NEW")[0] == "kintone's record API cannot write it."


@pytest.mark.parametrize(
    ("key", "offered"),
    [
        ("start_time", {"SINGLE_LINE_TEXT", "MULTI_LINE_TEXT", "RICH_TEXT", "DATE", "TIME",
                        "DATETIME", "LINK:CALL", "LINK:MAIL"}),
        ("channel_name", {"SINGLE_LINE_TEXT", "MULTI_LINE_TEXT", "RICH_TEXT", "LINK:CALL",
                          "LINK:MAIL", "RADIO_BUTTON", "DROP_DOWN"}),
        ("activity_id", {"SINGLE_LINE_TEXT", "MULTI_LINE_TEXT", "RICH_TEXT", "LINK:CALL",
                         "LINK:MAIL"}),
        ("body", set(TARGETS) - {"DATE", "TIME", "DATETIME"}),
    ],
)  # fmt: skip
def test_each_value_offers_only_compatible_types(key: str, offered: set[str]) -> None:
    """Times go to text, link or time fields; texts to anything but time fields."""
    assert set(compatible_targets(key)) == offered


def test_every_value_can_go_to_a_text_field() -> None:
    """Single-line text takes every value."""
    assert all("SINGLE_LINE_TEXT" in compatible_targets(key) for key in VALUE_KEYS)


def test_link_targets_are_told_apart_by_protocol() -> None:
    """A LINK field is a web, phone or mail target."""
    assert target(Link(code="l", protocol="CALL")) == "LINK:CALL"
    assert target(RichText(code="r")) == "RICH_TEXT"
    assert is_compatible("url", Link(code="l"))
    assert not is_compatible("start_time", Link(code="l"))


@pytest.mark.parametrize(
    ("key", "field", "errors", "alerts"),
    [
        ("subject", SingleLineText(code="f", max_length=5, min_length=1, required=True),
         ("required_empty", "too_long", "too_short"), ()),
        ("activity_id", SingleLineText(code="f", required=True), (), ()),
        ("body", RichText(code="f"), (), ()),
        ("subject", Number(code="f", min_value=Decimal(0), max_value=Decimal(9)),
         ("not_a_number", "below_min", "above_max"), ()),
        ("start_time", Date(code="f", required=True), ("required_empty",), ()),
        ("url", Link(code="f"), ("contains_line_break", "not_a_url"), ()),
        ("recipient_phones", Link(code="f", protocol="CALL", max_length=20),
         ("contains_line_break", "too_long"), ()),
        ("channel_name", Link(code="f", protocol="MAIL", required=True), ("required_empty",), ()),
        ("channel_name", RadioButton(code="f", options=("a",)), (), ("not_an_option",)),
        ("subject", DropDown(code="f", options=("a",)), (),
         ("not_an_option", "empty_not_an_option")),
        ("subject", DropDown(code="f", options=("a",), required=True),
         ("option_required_no_default",), ()),
    ],
)  # fmt: skip
def test_hints_list_what_can_go_wrong(
    key: str, field: Field, errors: tuple[str, ...], alerts: tuple[str, ...]
) -> None:
    """A hint names the ERRORs and ALERTs a mapping can produce, from the field's settings."""
    result = hint(key, field)
    assert result.compatible
    assert (result.errors, result.alerts) == (errors, alerts)


@pytest.mark.parametrize(
    ("key", "field", "sends"),
    [
        ("start_time", DateTime(code="f"), "the time in UTC (YYYY-MM-DDTHH:MM:SSZ)"),
        ("start_time", Time(code="f"), "the time of day in the integration's time zone (HH:MM)"),
        ("end_time", SingleLineText(code="f"), "the time in ISO 8601 with the time zone's offset"),
        ("body", RichText(code="f"), "the text with & < > \" ' escaped as HTML"),
        ("url", Link(code="f", protocol="MAIL"), "always an empty string"),
    ],
)
def test_hints_say_what_will_be_sent(key: str, field: Field, sends: str) -> None:
    """The hint tells, in English and Japanese, what kintone will receive."""
    result = hint(key, field)
    assert result.en.startswith(sends)
    assert result.ja


@pytest.mark.parametrize(
    ("key", "field", "why"),
    [
        ("subject", Date(code="f"), "it takes a time"),
        ("start_time", DropDown(code="f"), "never matches an option"),
        ("body", Unsupported(code="f", type_name="CALC"), "kintone calculates its value"),
    ],
)
def test_hints_explain_an_impossible_mapping(key: str, field: Field, why: str) -> None:
    """An incompatible or unwritable field gets a hint saying why not."""
    result = hint(key, field)
    assert not result.compatible
    assert why in result.en


def test_every_problem_reason_has_both_messages() -> None:
    """Each reason's templates fill in from its parameters, in English and Japanese."""
    names = {n for en, ja in ((e, j) for _, e, j in CATALOGUE.values()) for n in _names(en + ja)}
    params = {name: f"<{name}>" for name in names}
    for reason in CATALOGUE:
        made = problem(reason, "subject", "f", **params)
        assert made.en
        assert made.ja
        assert made.severity in ("error", "alert", "warning")


def test_every_value_key_has_its_settings_page_name() -> None:
    """The mapping names of the settings page, in both languages."""
    assert set(VALUE_LABELS) == set(VALUE_KEYS)
    assert VALUE_LABELS["operator_email"] == ("operator email", "操作ユーザ メールアドレス")


def test_previews_are_short_single_lines() -> None:
    """A value quoted in a message is one line of at most 40 characters."""
    assert preview("a\nb") == "a b"
    assert preview("x" * 100) == "x" * 39 + "…"


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
