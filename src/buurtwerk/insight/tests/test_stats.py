"""Nearest-rank percentiles, as the database computes them one row at a time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.insight.engine.stats import WAITING_BUCKETS, nearest_rank, nearest_rank_offset


def test_the_median_of_an_odd_count_is_the_middle_value() -> None:
    assert nearest_rank([5, 1, 3], 50) == 3


def test_the_median_of_an_even_count_is_the_lower_middle_value() -> None:
    assert nearest_rank([1, 2, 3, 4], 50) == 2


def test_the_ninetieth_percentile_of_ten_values_is_the_ninth() -> None:
    assert nearest_rank(list(range(1, 11)), 90) == 9


def test_an_empty_list_has_no_percentile() -> None:
    assert nearest_rank_offset(50, 0) is None


def test_a_percentile_outside_the_range_is_refused() -> None:
    with pytest.raises(ValueError):
        nearest_rank_offset(0, 10)


@given(
    st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=200),
    st.integers(min_value=1, max_value=100),
)
def test_at_least_that_share_of_values_lies_at_or_below_the_percentile(
    values: list[int], percentile: int
) -> None:
    result = nearest_rank(values, percentile)
    at_or_below = sum(1 for value in values if value <= result)
    assert at_or_below / len(values) >= percentile / 100
    below = sum(1 for value in values if value < result)
    assert below / len(values) < percentile / 100


@given(st.integers(min_value=0, max_value=5000))
def test_every_waiting_time_falls_in_exactly_one_bucket(days: int) -> None:
    assert sum(bucket.holds(days) for bucket in WAITING_BUCKETS) == 1
