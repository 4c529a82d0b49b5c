"""The demo's kintone app, its mapping, and the ERRORs and ALERTs the stream is built to cause."""

import re
from collections import Counter

from tests.unit.demodata import played
from ticketrelay.channels import CALL_NAMES, CHANNEL_NAMES, MEMO_NAMES
from ticketrelay.demo import DEMO_MAPPING, demo_fields
from ticketrelay.demo.app import SUBJECT_MAX_LENGTH, UNLISTED_CHANNEL_NAMES
from ticketrelay.kintone import fields as kf
from ticketrelay.values import VALUE_KEYS, Activity


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


def _app_problems(activity: Activity) -> list[str]:
    """Why the demo app would refuse a value of the activity (ERROR) or drop one (ALERT)."""
    options = next(f for f in demo_fields() if f.code == "channel")
    assert isinstance(options, kf.DropDown)
    return [
        *(["subject"] if len(activity.subject) > SUBJECT_MAX_LENGTH else []),
        *([] if re.fullmatch(r"https://\S+", activity.url) else ["url"]),
        *(["start"] if activity.start_time is None else []),
        *([] if activity.channel_name in options.options else ["channel"]),
    ]


def test_errors_and_alerts_are_exactly_the_designed_ones() -> None:
    """Three long subjects, four broken URLs, three missing starts, four unlisted channels."""
    activities = played().activities
    problems = Counter(p for activity in activities for p in _app_problems(activity))
    assert problems == {"subject": 3, "url": 4, "start": 3, "channel": 4}
    assert all(len(_app_problems(activity)) <= 1 for activity in activities)
