"""The demo's kintone app, its mapping, and the ERRORs and ALERTs the stream is built to cause."""

from collections import Counter

from tests.demodata import played
from ticketrelay.demo import DEMO_MAPPING, demo_fields
from ticketrelay.demo.app import UNLISTED_CHANNEL_NAMES
from ticketrelay.kintone import fields as kf
from ticketrelay.rules.channels import CALL_NAMES, CHANNEL_NAMES, MEMO_NAMES
from ticketrelay.rules.mapping import to_record
from ticketrelay.rules.mapping_check import check_mapping
from ticketrelay.rules.values import VALUE_KEYS


def test_demo_fields_have_unique_codes_and_render_for_kintone() -> None:
    """Codes are unique and every field survives kintone's JSON shape unchanged."""
    fields = demo_fields()
    assert len({field.code for field in fields}) == len(fields)
    assert [kf.parse_field(kf.to_properties(field)) for field in fields] == fields
    assert all(field.label for field in fields)


def test_the_mapping_names_every_value_once_onto_existing_fields() -> None:
    """Each of the eleven values maps onto its own field of the app."""
    codes = {field.code: field for field in demo_fields()}
    assert set(DEMO_MAPPING) == set(VALUE_KEYS)
    assert set(DEMO_MAPPING.values()) <= set(codes)
    assert len(set(DEMO_MAPPING.values())) == len(DEMO_MAPPING)
    assert isinstance(codes[DEMO_MAPPING["start_time"]], kf.DateTime)
    assert isinstance(codes[DEMO_MAPPING["end_time"]], kf.DateTime)
    assert isinstance(codes[DEMO_MAPPING["url"]], kf.Link)


def test_the_activity_id_field_is_a_unique_single_line_text() -> None:
    """It makes delivery exactly-once, and activity IDs fit its 64 characters."""
    field = {f.code: f for f in demo_fields()}[DEMO_MAPPING["activity_id"]]
    assert isinstance(field, kf.SingleLineText)
    assert field.unique
    assert field.required
    assert field.max_length == 64


def test_the_channel_drop_down_lacks_the_unlisted_names_and_defaults_to_other() -> None:
    """Every channel name but the unlisted one is an option; kintone fills `その他` instead."""
    field = {f.code: f for f in demo_fields()}[DEMO_MAPPING["channel_name"]]
    names = {*CHANNEL_NAMES.values(), *MEMO_NAMES.values(), *CALL_NAMES.values()}
    assert isinstance(field, kf.DropDown)
    assert set(field.options) == (names - set(UNLISTED_CHANNEL_NAMES)) | {field.default}
    assert set(UNLISTED_CHANNEL_NAMES) <= names
    assert field.default == "その他"


def test_unmapped_required_fields_have_defaults() -> None:
    """A required field that no value feeds is filled by kintone's default."""
    fed = set(DEMO_MAPPING.values())
    for field in demo_fields():
        if field.required and field.code not in fed:
            assert getattr(field, "default", "") or getattr(field, "default_now", False)


def test_the_mapping_passes_the_settings_check() -> None:
    """The settings page finds nothing to say about the demo's mapping."""
    assert check_mapping(DEMO_MAPPING, {f.code: f for f in demo_fields()}).problems == ()


def test_errors_and_alerts_are_exactly_the_designed_ones() -> None:
    """Long subjects, broken URLs and missing starts are ERRORs; an unlisted channel an ALERT."""
    fields = {f.code: f for f in demo_fields()}
    records = [to_record(activity, DEMO_MAPPING, fields) for activity in played().activities]
    found = Counter((p.severity, p.reason, p.field_code) for r in records for p in r.problems)
    assert found == {
        ("error", "too_long", "subject"): 3,
        ("error", "not_a_url", "url"): 3,
        ("error", "contains_line_break", "url"): 1,
        ("error", "required_empty", "start_at"): 3,
        ("alert", "not_an_option", "channel"): 4,
    }
    assert all(len(record.problems) <= 1 for record in records)
