"""The scalar types of event fields: bounded ids and texts, RFC 3339 times, minutes.

Each rejects odd input with a short message that completes the sentence "`<path>` ...",
so that an error names the JSON path and says what is wrong. `TimeWindow` bounds times
around a `now` passed in, and `in_zone` shows any stored time without overflow.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, Strict
from pydantic_core import PydanticCustomError

MAX_ID_LENGTH = 128
MAX_BODY_BYTES = 1024 * 1024
MAX_TEXT_BYTES = 64 * 1024
MAX_RECIPIENTS = 1000
MAX_MINUTES = 1_000_000
MAX_WINDOW_DAYS = 36_500
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
    offset = _offset(match["offset"])
    fraction = f".{match['fraction'][:6]:0<6}" if match["fraction"] else ""
    try:
        parsed = datetime.fromisoformat(f"{match['date']}T{match['time']}{fraction}{offset}")
    except ValueError:
        raise PydanticCustomError("time_value", "is not a valid date-time") from None
    return _aware(parsed)


def _offset(text: str) -> str:
    offset = "+00:00" if text in "Zz" else text
    if int(offset[1:3]) > 23 or int(offset[4:6]) > 59:
        raise PydanticCustomError(
            "time_value",
            "is not a valid date-time: its offset {offset} must have hours 00-23 and minutes 00-59",
            {"offset": offset},
        )
    return offset


def _aware(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is None:
        raise PydanticCustomError("time_offset", f"must carry an offset (Z or ±HH:MM): {_EG}")
    try:
        return value.astimezone(UTC)
    except OverflowError:
        # Only an offset can push a valid local time past either end of the calendar.
        side = "before year 1" if offset > timedelta(0) else "after year 9999"
        raise PydanticCustomError("time_range", f"is out of range ({side} in UTC)") from None


@dataclass(frozen=True, kw_only=True)
class TimeWindow:
    """How far from now the times of an event may lie, in days; see `problem`.

    Any time may lie up to `back_days` in the past: ten years by default, far more than a
    helpdesk resends, yet recent enough that every time zone shows it at a whole-minute
    offset. Ahead of now, a planned time (`undo_until`, for which an activity waits, and
    `scheduled_for` and `responded_at`) may lie up to `ahead_days`, a month by default, so
    that nothing waits longer than that; any other time records what happened and may lie
    ahead only by `skew_days`, for clocks that differ.
    """

    back_days: int = 3650
    ahead_days: int = 31
    skew_days: int = 1

    def __post_init__(self) -> None:
        for days in (self.back_days, self.ahead_days, self.skew_days):
            if not 0 <= days <= MAX_WINDOW_DAYS:
                raise ValueError(f"a time window reaches 0 to {MAX_WINDOW_DAYS} days, not {days}")

    def problem(self, value: datetime, now: datetime, *, planned: bool) -> str | None:
        """What completes "`<path>` ..." when `value` lies outside the window, else None."""
        ahead = self.ahead_days if planned else self.skew_days
        earliest = now - timedelta(days=self.back_days)
        latest = now + timedelta(days=ahead)
        if earliest <= value <= latest:
            return None
        return (
            f"must be between {_utc(earliest)} and {_utc(latest)}: at most "
            f"{_days(self.back_days)} ago and {_days(ahead)} ahead"
        )


DEFAULT_WINDOW = TimeWindow()


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def in_zone(moment: datetime, zone: tzinfo) -> datetime:
    """`moment` in `zone`, or in UTC where the zone cannot show it honestly; never raises.

    A zone cannot show a moment that would fall past year 9999 or before year 1 there, nor
    one before its standard time, at a local mean time offset such as +09:18:59 that ISO
    8601 cannot write. Should UTC overflow too (an aware moment at an extreme offset), the
    moment is given back as it is.
    """
    for target in (zone, UTC):
        try:
            local = moment.astimezone(target)
        except OverflowError:
            continue
        if not (local.utcoffset() or timedelta(0)) % timedelta(minutes=1):
            return local
    return moment


def show_time(moment: datetime, zone: tzinfo) -> str:
    """`moment` as ISO 8601 to the second, in `zone` where it can (see `in_zone`)."""
    return in_zone(moment, zone).isoformat(timespec="seconds")


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
