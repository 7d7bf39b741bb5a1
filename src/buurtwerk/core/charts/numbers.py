"""Dutch number formatting and tidy axis steps."""

from __future__ import annotations

import math


def format_number(value: float, decimals: int = 1) -> str:
    """1234.5 -> '1.234,5'; whole numbers lose their decimals (Dutch separators)."""
    if value == int(value):
        text = f"{int(value):,}"
    else:
        text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def nice_step(maximum: float, target_ticks: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about `target_ticks` steps."""
    if maximum <= 0:
        return 1.0
    raw = maximum / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 5, 10) if raw <= m * power))


def axis_ticks(maximum: float, target_ticks: int = 4, *, whole: bool = True) -> list[float]:
    """Tick values from 0 up to the first step at or above `maximum`.

    Counts never get a tick at 0.5: with `whole` the step is at least 1.
    """
    step = nice_step(maximum, target_ticks)
    if whole:
        step = max(1.0, math.ceil(step))
    top = step * max(1, math.ceil(maximum / step)) if maximum > 0 else step
    count = round(top / step)
    return [round(step * index, 10) for index in range(count + 1)]
