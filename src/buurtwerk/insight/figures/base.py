"""The shapes every domain's figures take: a place, a period, sections of tables and key figures.

A table is the unit of everything: the page draws its chart from it, shows it as the text
alternative, and exports it as CSV, XLSX and in the PDF report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from django.utils import timezone

from buurtwerk.core.charts.months import last_months, month_label

ChartKind = Literal["", "bar", "stacked", "line", "hbar", "hstacked"]


@dataclass(frozen=True)
class Area:
    """The place a dashboard is about: one neighbourhood, or the neighbourhoods of one team."""

    kind: Literal["buurt", "team"]
    key: str
    name: str
    neighbourhood_ids: frozenset[int]
    team_id: int | None = None
    record: Any = None

    @property
    def kind_label(self) -> str:
        return "Buurt" if self.kind == "buurt" else "Team"


@dataclass(frozen=True)
class Period:
    """Whole calendar months in the local time zone, oldest first."""

    months: tuple[tuple[int, int], ...]

    @classmethod
    def ending(cls, year: int, month: int, count: int = 12) -> Period:
        return cls(tuple(last_months(date(year, month, 1), count)))

    @classmethod
    def recent(cls, count: int = 12) -> Period:
        today = timezone.localdate()
        return cls.ending(today.year, today.month, count)

    @staticmethod
    def _start_of(year: int, month: int) -> datetime:
        return timezone.make_aware(datetime(year, month, 1))

    @staticmethod
    def _next(year: int, month: int) -> tuple[int, int]:
        return (year + 1, 1) if month == 12 else (year, month + 1)

    @property
    def start(self) -> datetime:
        return self._start_of(*self.months[0])

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return self._start_of(*self._next(*self.months[-1]))

    @property
    def last_month(self) -> tuple[int, int]:
        return self.months[-1]

    def bounds(self) -> list[tuple[datetime, datetime]]:
        return [
            (self._start_of(*month), self._start_of(*self._next(*month))) for month in self.months
        ]

    @property
    def labels(self) -> list[str]:
        return [month_label(*month) for month in self.months]

    def per_month(self, rows: Iterable[tuple[date | datetime | None, float]]) -> list[float]:
        """Values in month order from (month, value) rows of a TruncMonth query; missing is 0."""
        values = dict.fromkeys(self.months, 0.0)
        for month, value in rows:
            if month is None:
                continue
            if isinstance(month, datetime) and timezone.is_aware(month):
                month = timezone.localtime(month)
            key = (month.year, month.month)
            if key in values:
                values[key] += float(value or 0)
        return [values[month] for month in self.months]


@dataclass
class Table:
    """Rows of figures; the first column names the row (a month, a category)."""

    key: str
    title: str
    description: str
    columns: list[str]
    rows: list[list[Any]]
    chart: ChartKind = ""
    unit: str = ""

    def column(self, index: int) -> tuple[float, ...]:
        return tuple(float(row[index] or 0) for row in self.rows)


@dataclass
class KeyFigure:
    label: str
    value: str
    note: str = ""


@dataclass
class Section:
    key: str
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)
    key_figures: list[KeyFigure] = field(default_factory=list)


Contributor = Callable[[Area, Period], Section | None]


def monthly_table(
    key: str,
    title: str,
    description: str,
    period: Period,
    columns: dict[str, list[float]],
    *,
    chart: ChartKind,
    unit: str = "",
) -> Table:
    """A month-by-month table: one row per month, one column per series."""
    rows = [
        [label, *(_whole(values[index]) for values in columns.values())]
        for index, label in enumerate(period.labels)
    ]
    return Table(key, title, description, ["Maand", *columns], rows, chart=chart, unit=unit)


def _whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 1)
