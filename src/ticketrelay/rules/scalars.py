"""The scalar types of event fields: bounded ids and texts, RFC 3339 times, minutes.

Each rejects odd input with a short message that completes the sentence "`<path>` ...",
so that an error names the JSON path and says what is wrong.
"""

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, Strict
from pydantic_core import PydanticCustomError

MAX_ID_LENGTH = 128
MAX_BODY_BYTES = 1024 * 1024
MAX_TEXT_BYTES = 64 * 1024
MAX_RECIPIENTS = 1000
MAX_MINUTES = 1_000_000
_EG = "e.g. 2026-11-25T10:00:00+09:00"

_RFC3339 = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ](?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]{1,32}))?(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})?"
)


def _sized(max_bytes: int) -> AfterValidator:
    """Reject NUL characters, lone surrogates and texts over `max_bytes` of UTF-8."""

    def check(value: str) -> str:
        if "\x00" in value:
            raise PydanticCustomError("nul_character", "must not contain a NUL character")
        try:
            size = len(value.encode("utf-8"))
        except UnicodeEncodeError:
            raise PydanticCustomError(
                "lone_surrogate", "must be valid Unicode (it contains a lone surrogate)"
            ) from None
        if size > max_bytes:
            raise PydanticCustomError(
                "text_too_large",
                "must be at most {limit} bytes of UTF-8, got {size}",
                {"limit": max_bytes, "size": size},
            )
        return value

    return AfterValidator(check)


def parse_time(value: object) -> datetime:
    """Read an RFC 3339 date-time that carries an offset, as an aware datetime in UTC."""
    if isinstance(value, datetime):
        return _aware(value)
    if not isinstance(value, str):
        raise PydanticCustomError("time_type", f"must be an RFC 3339 date-time string: {_EG}")
    match = _RFC3339.fullmatch(value)
    if match is None:
        raise PydanticCustomError("time_format", f"must be an RFC 3339 date-time: {_EG}")
    if match["offset"] is None:
        raise PydanticCustomError("time_offset", f"must carry an offset (Z or ±HH:MM): {_EG}")
    offset = "+00:00" if match["offset"] in "Zz" else match["offset"]
    fraction = f".{match['fraction'][:6]:0<6}" if match["fraction"] else ""
    try:
        parsed = datetime.fromisoformat(f"{match['date']}T{match['time']}{fraction}{offset}")
    except ValueError:
        raise PydanticCustomError("time_value", "is not a valid date-time") from None
    return _aware(parsed)


def _aware(value: datetime) -> datetime:
    if value.utcoffset() is None:
        raise PydanticCustomError("time_offset", f"must carry an offset (Z or ±HH:MM): {_EG}")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError("time_range", "is out of range (before year 1 in UTC)") from None


def parse_minutes(value: object) -> float:
    """Read a JSON number of minutes between 0 and MAX_MINUTES (so never NaN or infinite)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("minutes_type", "must be a number of minutes")
    if not 0 <= value <= MAX_MINUTES:
        raise PydanticCustomError(
            "minutes_range", "must be between 0 and {limit} minutes", {"limit": MAX_MINUTES}
        )
    return float(value)


Id = Annotated[
    str,
    Strict(),
    Field(min_length=1, max_length=MAX_ID_LENGTH),
    _sized(4 * MAX_ID_LENGTH),
]
Key = Annotated[str, Strict(), Field(max_length=MAX_ID_LENGTH), _sized(4 * MAX_ID_LENGTH)]
Text = Annotated[str, Strict(), _sized(MAX_TEXT_BYTES)]
Body = Annotated[str, Strict(), _sized(MAX_BODY_BYTES)]
Time = Annotated[datetime, BeforeValidator(parse_time)]
Minutes = Annotated[float, BeforeValidator(parse_minutes)]
Texts = Annotated[tuple[Text, ...], Field(max_length=MAX_RECIPIENTS)]
