"""The geometry of a simple bar chart, drawn as SVG by a template.

The chart is server-rendered (no script, no inline style) and always comes with a table of
the same numbers, so people who cannot see it lose nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


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
