"""The stacked bar chart of records per day and channel, laid out for an inline SVG (pure)."""

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ticketrelay.rules.channels import CHANNEL_KEYS
from ticketrelay.store.reports import DayCounts

COLORS: dict[str, str] = {
    "mail": "#3d6fb6",
    "sms": "#f28e2b",
    "memo": "#59a14f",
    "call": "#e15759",
    "line": "#76b7b2",
    "chatwork": "#d4a72c",
    "instagram_dm": "#b07aa1",
    "messenger": "#ff9da7",
    "chatplus": "#9c755f",
    "r_messe": "#8f8a86",
    "yahoo": "#8cd17d",
    "chat_widget": "#2f8a87",
}
WIDTH, HEIGHT = 1120, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 34


@dataclass(frozen=True, kw_only=True)
class Segment:
    """One channel's part of one day's bar."""

    channel: str
    count: int
    x: float
    y: float
    width: float
    height: float
    color: str


@dataclass(frozen=True, kw_only=True)
class Bar:
    """One day: its label, total and stacked segments."""

    label: str
    total: int
    center: float
    top: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True, kw_only=True)
class Tick:
    """A horizontal grid line with its value."""

    y: float
    value: int


@dataclass(frozen=True, kw_only=True)
class Chart:
    """Everything the template draws."""

    width: int
    height: int
    left: int
    right: int
    baseline: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    channels: tuple[str, ...]
    colors: Mapping[str, str]
    total: int


def layout(days: Sequence[DayCounts]) -> Chart:
    """Bars stacked in channel order, scaled to a round maximum with grid lines."""
    channels = tuple(c for c in CHANNEL_KEYS if any(d.by_channel.get(c) for d in days))
    top_value = nice_ceiling(max((d.total for d in days), default=0))
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = float(HEIGHT - BOTTOM)
    slot = (WIDTH - LEFT - RIGHT) / max(len(days), 1)

    def y_of(value: int) -> float:
        return baseline - plot_height * value / top_value

    bars = tuple(_bar(day, channels, LEFT + slot * i, slot, y_of) for i, day in enumerate(days))
    step = grid_step(top_value)
    ticks = tuple(Tick(y=y_of(v), value=v) for v in range(0, top_value + 1, step))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        baseline=baseline,
        bars=bars,
        ticks=ticks,
        channels=channels,
        colors=COLORS,
        total=sum(d.total for d in days),
    )


def _bar(
    day: DayCounts,
    channels: Sequence[str],
    start: float,
    slot: float,
    y_of: Callable[[int], float],
) -> Bar:
    width = slot * 0.62
    x = start + (slot - width) / 2
    segments: list[Segment] = []
    below = 0
    for channel in channels:
        count = day.by_channel.get(channel, 0)
        if count:
            top, bottom = y_of(below + count), y_of(below)
            segments.append(
                Segment(
                    channel=channel,
                    count=count,
                    x=round(x, 1),
                    y=round(top, 1),
                    width=round(width, 1),
                    height=round(bottom - top, 1),
                    color=COLORS[channel],
                )
            )
            below += count
    return Bar(
        label=f"{day.day.month}/{day.day.day}",
        total=day.total,
        center=round(start + slot / 2, 1),
        top=round(y_of(day.total), 1),
        segments=tuple(segments),
    )


def grid_step(top: int) -> int:
    """A round step (1, 2 or 5 times a power of ten) that cuts `top` into 4 or 5 parts."""
    for parts in (5, 4):
        step, rest = divmod(top, parts)
        if not rest and _round(step):
            return step
    return max(top // 4, 1)


def _round(number: int) -> bool:
    digits = str(number).rstrip("0")
    return digits in ("1", "2", "5")


def nice_ceiling(value: int) -> int:
    """The smallest of 4, 5, 8, 10, 20, 40, 50, 80, 100, ... that is at least `value`."""
    if value <= 4:
        return 4
    magnitude = int(10 ** math.floor(math.log10(value)))
    for factor in (1, 2, 4, 5, 8, 10):
        if factor * magnitude >= value:
            return factor * magnitude
    return 10 * magnitude
