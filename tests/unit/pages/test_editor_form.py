"""The editor's mapping rows: compatible fields only, hints, problems by row."""

from ticketrelay.demo import DEMO_MAPPING, demo_fields
from ticketrelay.kintone.fields import Field, Link, SingleLineText, Unsupported
from ticketrelay.rules.mapping_check import check_mapping
from ticketrelay.web.pages.editor_form import (
    EditorForm,
    Row,
    general_problems,
    mapping_rows,
    unwritable,
)

FIELDS: dict[str, Field] = {f.code: f for f in demo_fields()}


def _row(key: str, mapping: dict[str, str], fields: dict[str, Field]) -> Row:
    problems = check_mapping(mapping, fields).problems
    return next(r for r in mapping_rows(mapping, fields, problems) if r.key == key)


def test_a_value_is_offered_only_fields_of_compatible_types() -> None:
    """Times go to date-times and text; a channel name never to a date-time."""
    rows = {r.key: r for r in mapping_rows(DEMO_MAPPING, FIELDS, ())}
    assert {o.code for o in rows["start_time"].options} >= {"start_at", "activity_date", "body"}
    assert "channel" not in {o.code for o in rows["start_time"].options}
    assert "start_at" not in {o.code for o in rows["channel_name"].options}
    assert "status" in {o.code for o in rows["channel_name"].options}


def test_a_stored_choice_that_no_longer_fits_is_kept_and_marked() -> None:
    """A deleted field or one of another type stays visible, so that the check can explain."""
    rows = {r.key: r for r in mapping_rows({"subject": "gone", "body": "start_at"}, FIELDS, ())}
    assert rows["subject"].options[-1].note == "editor.missing_field"
    assert rows["body"].options[-1].note == "editor.incompatible_field"


def test_the_activity_id_row_says_exactly_once_only_on_a_unique_text_field() -> None:
    """The advice follows from the chosen field's "prohibit duplicate values"."""
    unique = SingleLineText(code="aid", unique=True)
    plain = SingleLineText(code="aid")
    assert _row("activity_id", {"activity_id": "aid"}, {"aid": unique}).exactly_once
    row = _row("activity_id", {"activity_id": "aid"}, {"aid": plain})
    assert not row.exactly_once
    assert [p.reason for p in row.problems] == ["at_least_once"]


def test_a_link_mail_field_gets_its_note() -> None:
    """The FAQ's rule: a link (mail) field always receives an empty string."""
    row = _row("operator_email", {"operator_email": "m"}, {"m": Link(code="m", protocol="MAIL")})
    assert "link_mail_empty" in [p.reason for p in row.problems]
    assert row.hint is not None
    assert "常に空文字列" in row.hint.ja


def test_problems_without_a_value_are_general() -> None:
    """A required field left unmapped belongs to no row."""
    problems = check_mapping({}, FIELDS).problems
    assert {p.reason for p in general_problems(problems)} == {"required_unmapped"}


def test_unwritable_fields_are_explained_but_system_fields_are_not() -> None:
    """A table can never be a target, and says why; the record number is not even listed."""
    fields: dict[str, Field] = {
        "table": Unsupported(code="table", type_name="SUBTABLE"),
        "number": Unsupported(code="number", type_name="RECORD_NUMBER"),
    }
    ((field, (ja, en)),) = unwritable(fields)
    assert field.code == "table"
    assert (ja, en) == ("テーブルのため", "it is a table.")


def test_the_form_carries_the_apps_fields_through_the_page() -> None:
    """Fields read at "check connection" survive the round trip through a hidden input."""
    form = EditorForm().with_fields(FIELDS)
    assert form.fields() == FIELDS
    assert EditorForm(fields_json="not json").fields() is None
    assert EditorForm().fields() is None
