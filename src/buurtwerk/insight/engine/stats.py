"""Percentiles by nearest rank, so the database can hand over exactly one row per percentile."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def nearest_rank_offset(percentile: float, count: int) -> int | None:
    """The 0-based position of the `percentile` in `count` sorted values, or None if empty.

    Nearest rank: the smallest value with at least `percentile` % of the values at or below it.
    """
    if count <= 0:
        return None
    if not 0 < percentile <= 100:
        raise ValueError("percentile must be in (0, 100]")
    return max(1, math.ceil(percentile / 100 * count)) - 1


def nearest_rank(values: Sequence[float], percentile: float) -> float | None:
    """Reference implementation over a list (the database version uses the same offset)."""
    offset = nearest_rank_offset(percentile, len(values))
    return None if offset is None else sorted(values)[offset]


@dataclass(frozen=True, slots=True)
class Bucket:
    """A range of whole days, `upper` inclusive; None means open-ended. The Django layer words
    it (insight.figures.matching.waiting_label), so it can be translated."""

    lower: int
    upper: int | None

    def holds(self, days: int) -> bool:
        return days >= self.lower and (self.upper is None or days <= self.upper)


WAITING_BUCKETS = (Bucket(0, 7), Bucket(8, 30), Bucket(31, 90), Bucket(91, None))
