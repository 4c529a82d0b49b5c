"""Times that enter have sane bounds: valid offsets, a window around now, no LMT offsets."""

import copy
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic_core import PydanticCustomError

from ticketrelay.config import load_settings
from ticketrelay.errors import ConfigError
from ticketrelay.rules.events import EventError, TimeWindow, check_times, parse_batch, parse_event
from ticketrelay.rules.scalars import in_zone, parse_time, show_time

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
TOKYO = ZoneInfo("Asia/Tokyo")
MAIL: dict[str, Any] = {
    "id": "e1",
    "type": "message.sent",
    "occurred_at": "2026-12-01T10:00:00+09:00",
    "data": {
        "message_id": "m1",
        "channel": "mail",
        "draft_saved_at": "2026-12-01T09:55:00+09:00",
        "undo_until": "2026-12-01T10:00:30+09:00",
    },
}
MEMO: dict[str, Any] = {
    "id": "e2",
    "type": "memo.recorded",
    "occurred_at": "2026-12-01T10:00:00+09:00",
    "data": {"memo_id": "x", "kind": "meeting", "responded_at": "2026-12-20T10:00:00+09:00"},
}
HAPPENED = (
    "must be between 2016-12-03T01:00:00Z and 2026-12-02T01:00:00Z: "
    "at most 3650 days ago and 1 day ahead"
)
PLANNED = (
    "must be between 2016-12-03T01:00:00Z and 2027-01-01T01:00:00Z: "
    "at most 3650 days ago and 31 days ahead"
)


def _mail(path: str, value: str) -> dict[str, Any]:
    obj = copy.deepcopy(MAIL)
    *parents, last = path.split(".")
    target = obj
    for key in parents:
        target = target[key]
    target[last] = value
    return obj


def _problems(obj: object) -> list[tuple[int | None, str, str]]:
    with pytest.raises(EventError) as caught:
        parse_batch(obj, now=NOW)
    return [(p.index, p.path, p.message) for p in caught.value.problems]


@pytest.mark.parametrize("offset", ["+09:60", "-00:99", "+24:00", "+99:00"])
def test_an_offset_beyond_23_hours_or_59_minutes_is_refused(offset: str) -> None:
    """+09:60 is not an offset: hours run 00-23 and minutes 00-59."""
    with pytest.raises(PydanticCustomError) as caught:
        parse_time(f"2026-11-25T10:00:00{offset}")
    assert str(caught.value) == (
        f"is not a valid date-time: its offset {offset} must have hours 00-23 and minutes 00-59"
    )


@pytest.mark.parametrize("offset", ["+23:59", "-23:59", "+00:00", "-00:00", "+05:45"])
def test_every_valid_offset_is_taken(offset: str) -> None:
    """The extremes and odd quarter-hours are real offsets."""
    assert parse_time(f"2026-11-25T10:00:00{offset}").tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("9999-12-31T23:59:59-23:59", "after year 9999"),
        ("0001-01-01T00:00:00+09:00", "before year 1"),
    ],
)
def test_a_time_off_the_calendar_in_utc_says_which_end(text: str, side: str) -> None:
    """A time pushed past either end of the calendar by its offset names the right end."""
    with pytest.raises(PydanticCustomError) as caught:
        parse_time(text)
    assert str(caught.value) == f"is out of range ({side} in UTC)"


def test_times_inside_the_window_are_accepted() -> None:
    """Past times, a planned time weeks ahead and a little clock skew all pass."""
    skewed = _mail("occurred_at", "2026-12-02T01:00:00Z")
    events = parse_batch({"events": [MAIL, MEMO, skewed]}, now=NOW)
    assert [event.id for event in events] == ["e1", "e2", "e1"]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("occurred_at", "2099-01-01T00:00:00Z", HAPPENED),
        ("occurred_at", "9999-12-31T23:59:59Z", HAPPENED),
        ("occurred_at", "2026-12-02T01:00:01Z", HAPPENED),
        ("occurred_at", "0001-01-01T00:00:00Z", HAPPENED),
        ("occurred_at", "2016-12-03T00:59:59Z", HAPPENED),
        ("data.draft_saved_at", "9999-12-31T23:59:59Z", HAPPENED),
        ("data.undo_until", "2099-01-01T00:00:00Z", PLANNED),
        ("data.undo_until", "9999-12-31T23:59:59Z", PLANNED),
        ("data.scheduled_for", "2027-02-01T00:00:00Z", PLANNED),
    ],
)
def test_a_time_outside_the_window_is_refused_at_its_path(
    path: str, value: str, message: str
) -> None:
    """Far-future or ancient times are a 422 naming the path, never a silent wait."""
    assert _problems(_mail(path, value)) == [(0, f"$.{path}", message)]


def test_each_bad_time_of_a_batch_is_named_by_index() -> None:
    """The batch stays all or nothing, each time problem with its event's index."""
    late = copy.deepcopy(MEMO)
    late["data"]["responded_at"] = "2030-01-01T00:00:00Z"
    early = _mail("data.draft_saved_at", "2000-01-01T00:00:00Z")
    paths = [(i, path) for i, path, _ in _problems({"events": [MAIL, late, early]})]
    assert paths == [(1, "$.events[1].data.responded_at"), (2, "$.events[2].data.draft_saved_at")]


def test_a_single_event_is_checked_too() -> None:
    """parse_event refuses an out-of-window time with the path from `$`."""
    with pytest.raises(EventError) as caught:
        parse_event(_mail("data.undo_until", "2099-01-01T00:00:00Z"), now=NOW)
    assert [p.path for p in caught.value.problems] == ["$.data.undo_until"]


def test_without_now_nothing_is_bounded() -> None:
    """Events read back from storage are parsed without a window, as they were accepted."""
    assert parse_event(_mail("occurred_at", "2099-01-01T00:00:00Z")).id == "e1"


def test_the_window_is_configurable() -> None:
    """A narrower window refuses what the default takes; the message counts days right."""
    window = TimeWindow(back_days=1, ahead_days=0, skew_days=0)
    event = parse_event(MEMO)
    [problem] = check_times(event, NOW, window, index=4, root="$.events[4]")
    assert (problem.index, problem.path) == (4, "$.events[4].data.responded_at")
    assert problem.message.endswith("at most 1 day ago and 0 days ahead")


@pytest.mark.parametrize("days", [-1, 36_501])
def test_a_window_beyond_a_century_is_a_programming_error(days: int) -> None:
    """Bounds stay representable: at most 36,500 days either way."""
    with pytest.raises(ValueError, match="0 to 36500 days"):
        TimeWindow(back_days=days)


def test_the_window_is_read_from_the_environment() -> None:
    """TICKETRELAY_TIME_WINDOW_DAYS and TICKETRELAY_TIME_AHEAD_DAYS set the window."""
    base = {"TICKETRELAY_DATABASE_URL": "sqlite://"}
    assert load_settings(base, env_file=None).time_window == TimeWindow()
    environ = base | {"TICKETRELAY_TIME_WINDOW_DAYS": "30", "TICKETRELAY_TIME_AHEAD_DAYS": "2"}
    window = load_settings(environ, env_file=None).time_window
    assert (window.back_days, window.ahead_days, window.skew_days) == (30, 2, 1)


@pytest.mark.parametrize("value", ["0", "36501", "ten"])
def test_a_window_out_of_bounds_stops_the_command(value: str) -> None:
    """The window is 1 to 36,500 days; anything else names the variable."""
    environ = {"TICKETRELAY_DATABASE_URL": "sqlite://", "TICKETRELAY_TIME_WINDOW_DAYS": value}
    with pytest.raises(ConfigError, match="TICKETRELAY_TIME_WINDOW_DAYS"):
        load_settings(environ, env_file=None)


@pytest.mark.parametrize(
    ("moment", "zone", "shown"),
    [
        (datetime(2026, 11, 25, 1, tzinfo=UTC), "Asia/Tokyo", "2026-11-25T10:00:00+09:00"),
        (datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), "Asia/Tokyo", "9999-12-31T23:59:59+00:00"),
        (datetime(1, 1, 1, tzinfo=UTC), "America/New_York", "0001-01-01T00:00:00+00:00"),
        (datetime(1, 1, 2, tzinfo=UTC), "Asia/Tokyo", "0001-01-02T00:00:00+00:00"),
        (datetime(1930, 1, 1, tzinfo=UTC), "Europe/Amsterdam", "1930-01-01T00:00:00+00:00"),
        (datetime(1960, 1, 1, tzinfo=UTC), "Africa/Monrovia", "1960-01-01T00:00:00+00:00"),
    ],
)
def test_a_time_the_zone_cannot_show_is_shown_in_utc(
    moment: datetime, zone: str, shown: str
) -> None:
    """Past year 9999 or at a local mean time offset (+09:18:59) the zone gives way to UTC."""
    assert show_time(moment, ZoneInfo(zone)) == shown


def test_a_moment_that_not_even_utc_can_show_is_given_back() -> None:
    """An aware moment at an extreme offset near year 9999 is returned unchanged."""
    moment = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))
    assert in_zone(moment, TOKYO) is moment
