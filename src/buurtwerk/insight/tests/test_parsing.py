"""The values read from a dashboard address: a month, a number of months, a team id."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.insight.engine.parsing import parse_month, parse_whole


def test_a_month_reads_as_year_and_month() -> None:
    assert parse_month("2026-10") == (2026, 10)
    assert parse_month("2026-3") == (2026, 3)


def test_impossible_months_are_refused() -> None:
    for value in ("2026-13", "2026-0", "1999-12", "26-10", "2026/10", "", "2026-10-01"):
        assert parse_month(value) is None


def test_digits_that_are_not_ascii_are_refused() -> None:
    assert parse_month("２０２６-１０") is None
    assert parse_whole("²") is None


@given(st.text(max_size=12))
def test_any_text_gives_a_valid_month_or_none(value: str) -> None:
    month = parse_month(value)
    assert month is None or (2000 <= month[0] <= 2100 and 1 <= month[1] <= 12)


@given(st.integers(min_value=2000, max_value=2100), st.integers(min_value=1, max_value=12))
def test_every_real_month_reads_back(year: int, month: int) -> None:
    assert parse_month(f"{year}-{month:02d}") == (year, month)


@given(st.text(max_size=12))
def test_any_text_gives_a_whole_number_or_none(value: str) -> None:
    number = parse_whole(value)
    assert number is None or (value.isascii() and int(value) == number)
