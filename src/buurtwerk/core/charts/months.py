"""Monthly series: which months a chart covers, their Dutch labels, totals and the trend."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

MONTH_ABBREVIATIONS = (
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
)  # fmt: skip


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
