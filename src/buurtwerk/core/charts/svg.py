"""Bar, stacked bar and line charts as accessible SVG.

Every chart is an `<svg role="img">` with a `<title>` and `<desc>` and is meant to sit next to
a table of the same numbers. Colours come from the Okabe-Ito palette (distinguishable with
colour blindness) restricted to the shades with at least 3:1 contrast on white; lines also
differ by dash pattern and marker, so colour is never the only difference.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .numbers import axis_ticks, format_number

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#5B5B5B")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")
TEXT = "#1A1A1A"
GRID = "#D0D0D0"
AXIS = "#595959"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
EMPTY_TEXT = "Nog geen gegevens in deze periode."
MIN_LABEL_WIDTH = 40
# Drawn at about this size on a phone, so 12-unit text stays readable there and is not huge
# on a wide screen either.
WIDTH, HEIGHT = 420, 240


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _attrs(**attributes: object) -> str:
    parts = []
    for name, value in attributes.items():
        if value is None or value == "":
            continue
        parts.append(f"{name.rstrip('_').replace('_', '-')}={quoteattr(_value(value))}")
    return " ".join(parts)


def _value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0")
    return str(value)


def _text(x: float, y: float, content: str, **attributes: object) -> str:
    attributes.setdefault("fill", TEXT)
    attributes.setdefault("font_size", 12)
    return f"<text {_attrs(x=x, y=y, **attributes)}>{escape(content)}</text>"


def _rect(
    x: float, y: float, width: float, height: float, fill: str, tooltip: str, outlined: bool
) -> str:
    """A bar with its value as a tooltip; stacked parts get a white edge to set them apart."""
    shape = _attrs(
        x=x,
        y=y,
        width=width,
        height=height,
        fill=fill,
        stroke="#FFFFFF" if outlined else None,
        stroke_width=1 if outlined else None,
    )
    return f"<rect {shape}><title>{escape(tooltip)}</title></rect>"


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _open_svg(chart_id: str, width: int, height: int, title: str, description: str) -> list[str]:
    ids = f"{chart_id}-title {chart_id}-desc"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{escape(ids)}" focusable="false" '
        f"font-family={quoteattr(FONT)}>",
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def _empty(parts: list[str], width: int, height: int) -> str:
    parts.append(_text(width / 2, height / 2, EMPTY_TEXT, text_anchor="middle", font_size=14))
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(series: Sequence[Series], width: int, *, lines: bool = False) -> list[str]:
    """One row of swatches and names above the plot (wraps to a second row when needed)."""
    parts: list[str] = []
    x, y = 8.0, 14.0
    for index, one in enumerate(series):
        label_width = 22 + 7 * len(one.name)
        if x + label_width > width and x > 8:
            x, y = 8.0, y + 18
        if lines:
            line = _attrs(
                x1=x,
                y1=y - 4,
                x2=x + 16,
                y2=y - 4,
                stroke=colour(index),
                stroke_width=3,
                stroke_dasharray=DASHES[index % len(DASHES)],
            )
            parts.append(f"<line {line}/>")
        else:
            parts.append(
                f"<rect {_attrs(x=x, y=y - 10, width=12, height=12, fill=colour(index))}/>"
            )
        parts.append(_text(x + 20, y, one.name))
        x += label_width + 12
    return parts


def _legend_height(series: Sequence[Series], width: int) -> int:
    if len(series) < 2:
        return 0
    rows, x = 1, 8.0
    for one in series:
        label_width = 22 + 7 * len(one.name)
        if x + label_width > width and x > 8:
            rows, x = rows + 1, 8.0
        x += label_width + 12
    return 18 * rows + 6


def _value_axis(ticks: list[float], left: float, right: float, top: float, bottom: float) -> list:
    parts = []
    span = ticks[-1] or 1.0
    for tick in ticks:
        y = bottom - (bottom - top) * tick / span
        parts.append(f"<line {_attrs(x1=left, x2=right, y1=y, y2=y, stroke=GRID)}/>")
        parts.append(_text(left - 6, y + 4, format_number(tick), text_anchor="end", font_size=11))
    parts.append(f"<line {_attrs(x1=left, x2=right, y1=bottom, y2=bottom, stroke=AXIS)}/>")
    return parts


def _category_labels(labels: Sequence[str], left: float, slot: float, y: float) -> list[str]:
    # A label needs about 40 units; where slots are narrower, every second (third, ...) label
    # is written, and the table and tooltips still name every one.
    every = max(1, math.ceil(MIN_LABEL_WIDTH / slot))
    return [
        _text(
            left + slot * (index + 0.5), y, _shorten(label, 10), text_anchor="middle", font_size=11
        )
        for index, label in enumerate(labels)
        if index % every == 0
    ]


def _check(labels: Sequence[str], series: Sequence[Series]) -> None:
    for one in series:
        if len(one.values) != len(labels):
            raise ValueError(f"series {one.name!r} has {len(one.values)} values for {len(labels)}")


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    stacked: bool = False,
    unit: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """Vertical bars per label: one bar per series side by side, or stacked."""
    _check(labels, series)
    parts = _open_svg(chart_id, width, height, title, description)
    values = [value for one in series for value in one.values]
    if not labels or not any(values):
        return _empty(parts, width, height)
    if stacked:
        maximum = max(sum(one.values[index] for one in series) for index in range(len(labels)))
    else:
        maximum = max(values)
    left, right = 48.0, width - 8.0
    top = 12.0 + _legend_height(series, width)
    bottom = height - 28.0
    ticks = axis_ticks(maximum)
    scale = (bottom - top) / ticks[-1]
    parts += _legend(series, width) if len(series) > 1 else []
    parts += _value_axis(ticks, left, right, top, bottom)
    slot = (right - left) / len(labels)
    group = slot * 0.72
    bar_width = group if stacked else group / max(1, len(series))
    for index, label in enumerate(labels):
        x0 = left + slot * index + (slot - group) / 2
        base = bottom
        for series_index, one in enumerate(series):
            value = one.values[index]
            bar_height = value * scale
            x = x0 if stacked else x0 + series_index * bar_width
            y = base - bar_height if stacked else bottom - bar_height
            tooltip = f"{label}, {one.name}: {format_number(value)}{unit}"
            if value:
                parts.append(
                    _rect(x, y, bar_width, bar_height, colour(series_index), tooltip, stacked)
                )
            if stacked:
                base -= bar_height
    parts += _category_labels(labels, left, slot, bottom + 18)
    parts.append("</svg>")
    return "\n".join(parts)


def horizontal_bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    unit: str = "",
    width: int = WIDTH,
    label_width: int = 150,
    reference: float | None = None,
) -> str:
    """Horizontal (stacked) bars: for categories with long names, such as topics.

    `reference` draws a dashed line across all bars at that value, such as a target share.
    """
    _check(labels, series)
    legend = _legend_height(series, width)
    row = 26
    height = int(legend + 16 + row * max(1, len(labels)) + 24)
    parts = _open_svg(chart_id, width, height, title, description)
    totals = [sum(one.values[index] for one in series) for index in range(len(labels))]
    if not labels or not any(totals):
        return _empty(parts, width, height)
    parts += _legend(series, width) if len(series) > 1 else []
    left, right = float(label_width), width - 40.0
    top = legend + 10.0
    ticks = axis_ticks(max(totals))
    scale = (right - left) / ticks[-1]
    bottom = top + row * len(labels)
    for tick in ticks:
        x = left + tick * scale
        parts.append(f"<line {_attrs(x1=x, x2=x, y1=top, y2=bottom, stroke=GRID)}/>")
        parts.append(_text(x, bottom + 16, format_number(tick), text_anchor="middle", font_size=11))
    for index, label in enumerate(labels):
        y = top + row * index
        parts.append(_text(left - 8, y + row / 2 + 4, _shorten(label, 22), text_anchor="end"))
        x = left
        for series_index, one in enumerate(series):
            value = one.values[index]
            if not value:
                continue
            bar_width = value * scale
            tooltip = f"{label}, {one.name}: {format_number(value)}{unit}"
            parts.append(_rect(x, y + 4, bar_width, row - 8, colour(series_index), tooltip, True))
            x += bar_width
        parts.append(
            _text(x + 4, y + row / 2 + 4, format_number(totals[index]) + unit, font_size=11)
        )
    parts.append(f"<line {_attrs(x1=left, x2=left, y1=top, y2=bottom, stroke=AXIS)}/>")
    if reference is not None:
        x = left + reference * scale
        line = _attrs(
            x1=x, x2=x, y1=top, y2=bottom, stroke=TEXT, stroke_width=2, stroke_dasharray="4 3"
        )
        parts.append(f"<line {line}/>")
    parts.append("</svg>")
    return "\n".join(parts)


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    unit: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """One line per series over the labels (months), with markers at each value."""
    _check(labels, series)
    parts = _open_svg(chart_id, width, height, title, description)
    values = [value for one in series for value in one.values]
    if not labels or not any(values):
        return _empty(parts, width, height)
    left, right = 48.0, width - 8.0
    top = 12.0 + _legend_height(series, width)
    bottom = height - 28.0
    ticks = axis_ticks(max(values))
    scale = (bottom - top) / ticks[-1]
    parts += _legend(series, width, lines=True) if len(series) > 1 else []
    parts += _value_axis(ticks, left, right, top, bottom)
    slot = (right - left) / len(labels)
    for series_index, one in enumerate(series):
        points = [
            (left + slot * (index + 0.5), bottom - value * scale)
            for index, value in enumerate(one.values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        line = _attrs(
            points=path,
            fill="none",
            stroke=colour(series_index),
            stroke_width=3,
            stroke_dasharray=DASHES[series_index % len(DASHES)],
            stroke_linejoin="round",
        )
        parts.append(f"<polyline {line}/>")
        for (x, y), label, value in zip(points, labels, one.values, strict=True):
            tooltip = f"{label}, {one.name}: {format_number(value)}{unit}"
            marker = _attrs(
                cx=x, cy=y, r=4, fill=colour(series_index), stroke="#FFFFFF", stroke_width=1
            )
            parts.append(f"<circle {marker}><title>{escape(tooltip)}</title></circle>")
    parts += _category_labels(labels, left, slot, bottom + 18)
    parts.append("</svg>")
    return "\n".join(parts)
