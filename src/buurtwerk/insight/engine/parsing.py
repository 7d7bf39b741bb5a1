"""Reading the few values a dashboard address carries: a month, a number of months, an id.

`str.isdigit()` also accepts digits such as "²" that `int()` refuses, so only ASCII digits count.
"""

from __future__ import annotations

import re

_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_WHOLE = re.compile(r"[0-9]{1,9}")


def parse_month(value: str) -> tuple[int, int] | None:
    """'2026-10' -> (2026, 10); None for anything else, or a year outside 2000-2100."""
    found = _MONTH.fullmatch(value)
    if found is None:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None


def parse_whole(value: str) -> int | None:
    """A non-negative whole number of at most nine digits, or None."""
    return int(value) if _WHOLE.fullmatch(value) else None
