"""Recurring activities as RFC 5545 RRULE strings, expanded with python-dateutil.

Rules are expanded on local wall-clock time in Europe/Amsterdam and only then given the time
zone: a coffee morning at 10:00 stays at 10:00 after the change to summer time. This module
speaks no language: errors carry a code and `pattern` gives the parts of a rule; the Django
layer (community/wording.py) puts them in words, in Dutch or English.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule, rrulestr

TIMEZONE_NAME = "Europe/Amsterdam"
TIMEZONE = ZoneInfo(TIMEZONE_NAME)

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The week of the month a monthly rule may name: first to fourth, or the last (-1).
MONTH_WEEKS = (1, 2, 3, 4, -1)
ALLOWED_FREQUENCIES = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY}
ALLOWED_FREQUENCY_NAMES = {"DAILY": "daily", "WEEKLY": "weekly", "MONTHLY": "monthly"}
ALLOWED_PARTS = {"FREQ", "INTERVAL", "BYDAY", "COUNT", "WKST"}
# An activity happens at most daily; more than this many dates in one window means a mistake.
MAX_OCCURRENCES = 1000


class RecurrenceError(ValueError):
    """A rule the platform does not accept: `code` says why, `params` name the offending part."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True, slots=True)
class Pattern:
    """How often a rule repeats: `frequency` "daily", "weekly" or "monthly", every `interval`
    of them, on `weekdays` (0 = Monday); for monthly rules `month_weeks` says which week of the
    month each weekday is in (None: every such weekday)."""

    frequency: str
    interval: int
    weekdays: tuple[int, ...]
    month_weeks: tuple[int | None, ...]


def weekly_rule(weekday: int, interval: int = 1) -> str:
    """Every `interval` weeks on `weekday` (0 = Monday): "every other Tuesday" is (1, 2)."""
    if not 0 <= weekday <= 6:
        raise RecurrenceError("weekday")
    if not 1 <= interval <= 8:
        raise RecurrenceError("week_interval")
    interval_part = f";INTERVAL={interval}" if interval > 1 else ""
    return f"FREQ=WEEKLY{interval_part};BYDAY={WEEKDAY_CODES[weekday]}"


def monthly_rule(weekday: int, position: int) -> str:
    """The `position`-th `weekday` of each month: "first Wednesday" is (2, 1); last is -1."""
    if not 0 <= weekday <= 6:
        raise RecurrenceError("weekday")
    if position not in MONTH_WEEKS:
        raise RecurrenceError("month_week")
    return f"FREQ=MONTHLY;BYDAY={position}{WEEKDAY_CODES[weekday]}"


def _parts(rule: str) -> dict[str, str]:
    text = rule.strip().upper().removeprefix("RRULE:")
    if not text:
        raise RecurrenceError("empty")
    parts: dict[str, str] = {}
    for piece in text.split(";"):
        name, sep, value = piece.partition("=")
        if not sep or not value:
            raise RecurrenceError("unknown_part", part=piece[:20])
        if name not in ALLOWED_PARTS:
            raise RecurrenceError("unsupported_part", part=name[:20])
        if name in parts:
            raise RecurrenceError("repeated_part", part=name[:20])
        parts[name] = value
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise RecurrenceError("frequency")
    return parts


def normalise_rule(rule: str) -> str:
    """Check a rule and return it in canonical form (upper case, no RRULE: prefix).

    Sub-daily frequencies, UNTIL (the activity's end date is kept separately so that the
    calendar feed can give it in UTC) and unknown parts are refused.
    """
    parts = _parts(rule)
    if "INTERVAL" in parts and not _number_between(parts["INTERVAL"], 1, 52):
        raise RecurrenceError("interval")
    if "COUNT" in parts and not _number_between(parts["COUNT"], 1, 500):
        raise RecurrenceError("count")
    text = ";".join(f"{name}={parts[name]}" for name in _ordered(parts))
    try:
        rrulestr(text, dtstart=datetime(2026, 1, 1))
    except (ValueError, TypeError) as error:
        raise RecurrenceError("invalid") from error
    return text


def _number_between(text: str, low: int, high: int) -> bool:
    return text.isdigit() and low <= int(text) <= high


def _ordered(parts: dict[str, str]) -> list[str]:
    order = ["FREQ", "INTERVAL", "BYDAY", "COUNT", "WKST"]
    return [name for name in order if name in parts]


def _local_naive(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    return moment.astimezone(TIMEZONE).replace(tzinfo=None)


def _rule(rule: str, dtstart: datetime) -> rrule:
    parsed = rrulestr(normalise_rule(rule), dtstart=_local_naive(dtstart))
    assert isinstance(parsed, rrule)
    return parsed


def occurrences_between(
    rule: str, dtstart: datetime, start: datetime, end: datetime, *, until: datetime | None = None
) -> list[datetime]:
    """Start times (aware, Europe/Amsterdam) of the rule's dates from `start` up to `end`.

    `dtstart` is the first occurrence and fixes the time of day; `until` (aware) ends the
    series early. Both bounds are inclusive.
    """
    last = min(end, until) if until is not None else end
    if last < start:
        return []
    local_start = _local_naive(start)
    local_end = _local_naive(last)
    dates: Iterator[datetime] = _rule(rule, dtstart).xafter(local_start, inc=True)
    result = []
    for local in islice(dates, MAX_OCCURRENCES):
        if local > local_end:
            break
        result.append(local.replace(tzinfo=TIMEZONE))
    return result


def pattern(rule: str) -> Pattern:
    """The parts of a rule that say how often it repeats, for wording it."""
    parts = _parts(rule)
    days = [day for day in parts.get("BYDAY", "").split(",") if day]
    return Pattern(
        frequency=ALLOWED_FREQUENCY_NAMES[parts["FREQ"]],
        interval=int(parts.get("INTERVAL", "1")),
        weekdays=tuple(WEEKDAY_CODES.index(day[-2:]) for day in days),
        month_weeks=tuple(int(day[:-2]) if day[:-2] else None for day in days),
    )


def pattern_rule(repeat: str, weekday: int, week_of_month: int | None = None) -> str | None:
    """The rule of a rota pattern on a weekly or monthly activity; None means every date.

    "every" takes each date of the activity, "fortnightly" every other week, "monthly" the
    `week_of_month`-th `weekday` of the month ("Henk is host every first Wednesday").
    """
    if repeat == "every":
        return None
    if repeat == "fortnightly":
        return weekly_rule(weekday, 2)
    if repeat == "monthly":
        return monthly_rule(weekday, week_of_month or 1)
    raise RecurrenceError("pattern_repeat")


def slot_of(moment: datetime) -> str:
    """The matching engine's weekly slot of a moment, e.g. "tue-morning" (local time)."""
    local = moment.astimezone(TIMEZONE)
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[local.weekday()]
    # Half past five is dinner time: the evening, as the eetclub's volunteers would say.
    part = "morning" if local.hour < 12 else "afternoon" if local.hour < 17 else "evening"
    return f"{day}-{part}"
