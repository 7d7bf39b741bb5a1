"""Monthly series and the geometry of a simple bar chart, drawn as SVG by a template.

The chart is server-rendered (no script, no inline style) and always comes with a table of
the same numbers, so people who cannot see it lose nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

MONTH_ABBREVIATIONS = (
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    value_label: str
    x: float
    y: float
    width: float
    height: float
    label_x: float


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    plot_left: int
    plot_bottom: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


def last_months(today: date, count: int) -> list[tuple[int, int]]:
    """The `count` months up to and including today's, oldest first, as (year, month)."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def month_label(year: int, month: int) -> str:
    return f"{MONTH_ABBREVIATIONS[month - 1]} {year % 100:02d}"


def monthly_totals(
    entries: Iterable[tuple[date, float | Decimal]], months: Sequence[tuple[int, int]]
) -> list[tuple[str, float]]:
    """Sum values per month for the given months (others are ignored), labelled in Dutch."""
    totals = {key: 0.0 for key in months}
    for day, value in entries:
        key = (day.year, day.month)
        if key in totals:
            totals[key] += float(value)
    return [(month_label(*key), round(totals[key], 2)) for key in months]


def trend(values: Sequence[float]) -> str:
    """ "down", "up" or "flat": the least-squares slope compared with the mean."""
    count = len(values)
    if count < 2:
        return "flat"
    mean_x = (count - 1) / 2
    mean_y = sum(values) / count
    denominator = sum((x - mean_x) ** 2 for x in range(count))
    slope = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / denominator
    # A change of under 2% of the mean per month is noise, not a trend.
    threshold = 0.02 * mean_y if mean_y else 0.0
    if slope < -threshold and slope < 0:
        return "down"
    if slope > threshold and slope > 0:
        return "up"
    return "flat"


def _nice_maximum(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if value <= step:
            return float(step)
    return float(int(value) + 1)


def _format(value: float) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",")


def bar_chart(
    series: Sequence[tuple[str, float]], *, width: int = 640, height: int = 260, unit: str = ""
) -> BarChart:
    """Lay out bars for `series` in a `width` x `height` box with room for axis labels."""
    plot_left, plot_top, plot_bottom = 44, 12, height - 36
    plot_height = plot_bottom - plot_top
    maximum = _nice_maximum(max((value for _, value in series), default=0.0))
    slot = (width - plot_left - 8) / max(1, len(series))
    bar_width = slot * 0.7
    bars = []
    for position, (label, value) in enumerate(series):
        bar_height = plot_height * value / maximum
        x = plot_left + position * slot + (slot - bar_width) / 2
        bars.append(
            Bar(
                label=label,
                value=value,
                value_label=f"{_format(value)}{unit}",
                x=round(x, 1),
                y=round(plot_bottom - bar_height, 1),
                width=round(bar_width, 1),
                height=round(bar_height, 1),
                label_x=round(x + bar_width / 2, 1),
            )
        )
    ticks = tuple(
        Tick(y=round(plot_bottom - plot_height * part / 4, 1), label=_format(maximum * part / 4))
        for part in range(5)
    )
    return BarChart(width, height, plot_left, plot_bottom, tuple(bars), ticks)
