"""The chart's layout: round scales, stacked segments, days without records."""

from datetime import date, timedelta

import pytest

from ticketrelay.store.reports import DayCounts
from ticketrelay.web.pages.chart import HEIGHT, grid_step, layout, nice_ceiling


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 4), (3, 4), (5, 5), (7, 8), (11, 20), (45, 50), (81, 100), (101, 200), (999, 1000)],
)
def test_the_scale_ends_on_a_round_number(value: int, ceiling: int) -> None:
    """The top of the scale is the next of 4, 5, 8, 10, 20, 40, 50, 80, 100, ..."""
    assert nice_ceiling(value) == ceiling


@pytest.mark.parametrize(
    ("top", "step"), [(4, 1), (5, 1), (8, 2), (10, 2), (40, 10), (50, 10), (80, 20), (500, 100)]
)
def test_grid_lines_fall_on_round_numbers(top: int, step: int) -> None:
    """Four or five grid steps, each 1, 2 or 5 times a power of ten."""
    assert grid_step(top) == step


def _days(*counts: dict[str, int]) -> list[DayCounts]:
    start = date(2026, 11, 12)
    return [DayCounts(day=start + timedelta(days=n), by_channel=c) for n, c in enumerate(counts)]


def test_segments_stack_in_channel_order_up_to_the_total() -> None:
    """A day's segments touch each other, mail at the bottom, and reach its total's height."""
    chart = layout(_days({"line": 2, "mail": 6}, {}))
    bar = chart.bars[0]
    assert [s.channel for s in bar.segments] == ["mail", "line"]
    mail, line = bar.segments
    assert mail.y + mail.height == pytest.approx(chart.baseline, abs=0.2)
    assert line.y + line.height == pytest.approx(mail.y, abs=0.2)
    assert line.y == pytest.approx(bar.top, abs=0.2)
    assert chart.channels == ("mail", "line")
    assert chart.total == 8


def test_days_without_records_have_no_segments() -> None:
    """An empty day is an empty slot; an empty chart still has a scale."""
    chart = layout(_days({}, {}))
    assert all(not bar.segments for bar in chart.bars)
    assert [t.value for t in chart.ticks] == [0, 1, 2, 3, 4]
    assert chart.ticks[0].y == chart.baseline == HEIGHT - 34
    assert [bar.label for bar in chart.bars] == ["11/12", "11/13"]
