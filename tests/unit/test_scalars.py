"""The scalar types of event fields: RFC 3339 times, minutes, bounded texts."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from ticketrelay.rules.scalars import (
    MAX_BODY_BYTES,
    MAX_TEXT_BYTES,
    Body,
    Id,
    Text,
    parse_minutes,
    parse_time,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-25T10:00:00+09:00", datetime(2026, 11, 25, 1, 0, tzinfo=UTC)),
        ("2026-11-25T01:00:00Z", datetime(2026, 11, 25, 1, 0, tzinfo=UTC)),
        ("2026-11-25t01:00:00z", datetime(2026, 11, 25, 1, 0, tzinfo=UTC)),
        ("2026-11-25 01:00:00-00:00", datetime(2026, 11, 25, 1, 0, tzinfo=UTC)),
        ("2026-11-24T20:00:00.5-05:00", datetime(2026, 11, 25, 1, 0, 0, 500000, tzinfo=UTC)),
        ("2026-11-25T01:00:00.123456789Z", datetime(2026, 11, 25, 1, 0, 0, 123456, tzinfo=UTC)),
    ],
)
def test_times_are_rfc_3339_with_an_offset_and_kept_in_utc(text: str, expected: datetime) -> None:
    """Any RFC 3339 date-time with an offset is read as the same instant in UTC."""
    parsed = parse_time(text)
    assert parsed == expected
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-11-25T10:00:00", "must carry an offset"),
        ("2026-11-25", "must be an RFC 3339 date-time"),
        ("2026-11-25T10:00+09:00", "must be an RFC 3339 date-time"),
        ("２０２６-11-25T10:00:00Z", "must be an RFC 3339 date-time"),
        ("2026-13-01T00:00:00Z", "is not a valid date-time"),
        ("2026-11-25T24:00:00Z", "is not a valid date-time"),
        ("2026-11-25T10:00:00+24:00", "is not a valid date-time"),
        ("0001-01-01T00:00:00+09:00", "is out of range"),
        (1764032400, "must be an RFC 3339 date-time string"),
        (None, "must be an RFC 3339 date-time string"),
        (datetime(2026, 11, 25), "must carry an offset"),
    ],
)
def test_times_without_offset_or_out_of_range_are_rejected(value: object, message: str) -> None:
    """A time without an offset, malformed, impossible or before year 1 is rejected."""
    with pytest.raises(PydanticCustomError, match=message):
        parse_time(value)


def test_aware_datetimes_are_accepted_as_they_are() -> None:
    """An aware datetime passed from Python is converted to UTC."""
    tokyo = timezone(timedelta(hours=9))
    assert parse_time(datetime(2026, 11, 25, 10, tzinfo=tokyo)) == datetime(
        2026, 11, 25, 1, tzinfo=UTC
    )


@pytest.mark.parametrize(("value", "expected"), [(0, 0.0), (30, 30.0), (1.5, 1.5)])
def test_minutes_are_non_negative_numbers(value: object, expected: float) -> None:
    """Minutes are a JSON number between 0 and the cap."""
    assert parse_minutes(value) == expected


@pytest.mark.parametrize(
    "value", [-1, 1_000_001, 10**400, float("nan"), float("inf"), True, "30", None]
)
def test_odd_minutes_are_rejected(value: object) -> None:
    """Negative, huge, NaN, infinite, boolean and string minutes are rejected."""
    with pytest.raises(PydanticCustomError):
        parse_minutes(value)


class _Texts(BaseModel):
    id: Id = "x"
    text: Text = ""
    body: Body = ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": "a" * (MAX_BODY_BYTES + 1)}, "at most 1048576 bytes"),
        ({"body": "あ" * (MAX_BODY_BYTES // 3 + 1)}, "at most 1048576 bytes"),
        ({"text": "a" * (MAX_TEXT_BYTES + 1)}, "at most 65536 bytes"),
        ({"text": "a\x00b"}, "NUL"),
        ({"text": "a\ud800b"}, "lone surrogate"),
        ({"id": ""}, "at least 1 character"),
        ({"id": "x" * 129}, "at most 128 characters"),
        ({"id": 5}, "valid string"),
    ],
)
def test_texts_are_bounded_and_valid_unicode(data: dict[str, object], message: str) -> None:
    """Bodies up to 1 MiB, other texts up to 64 KiB, ids 1-128 characters, no NUL or surrogate."""
    with pytest.raises(ValidationError, match=message):
        _Texts.model_validate(data)


def test_a_body_of_exactly_one_mebibyte_is_accepted() -> None:
    """The limit itself is allowed."""
    assert len(_Texts(body="a" * MAX_BODY_BYTES).body) == MAX_BODY_BYTES
