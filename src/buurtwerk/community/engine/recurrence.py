"""Recurring activities as RFC 5545 RRULE strings, expanded with python-dateutil.

Rules are expanded on local wall-clock time in Europe/Amsterdam and only then given the time
zone: a coffee morning at 10:00 stays at 10:00 after the change to summer time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule, rrulestr

TIMEZONE_NAME = "Europe/Amsterdam"
TIMEZONE = ZoneInfo(TIMEZONE_NAME)

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
ORDINALS = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", -1: "laatste"}
ALLOWED_FREQUENCIES = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY}
ALLOWED_PARTS = {"FREQ", "INTERVAL", "BYDAY", "COUNT", "WKST"}
# An activity happens at most daily; more than this many dates in one window means a mistake.
MAX_OCCURRENCES = 1000


class RecurrenceError(ValueError):
    """A rule the platform does not accept, with a Dutch message for the coordinator."""


def weekly_rule(weekday: int, interval: int = 1) -> str:
    """Every `interval` weeks on `weekday` (0 = Monday): "every other Tuesday" is (1, 2)."""
    if not 0 <= weekday <= 6:
        raise RecurrenceError("Kies een dag van de week.")
    if not 1 <= interval <= 8:
        raise RecurrenceError("Kies om de hoeveel weken: 1 tot en met 8.")
    interval_part = f";INTERVAL={interval}" if interval > 1 else ""
    return f"FREQ=WEEKLY{interval_part};BYDAY={WEEKDAY_CODES[weekday]}"


def monthly_rule(weekday: int, position: int) -> str:
    """The `position`-th `weekday` of each month: "first Wednesday" is (2, 1); last is -1."""
    if not 0 <= weekday <= 6:
        raise RecurrenceError("Kies een dag van de week.")
    if position not in ORDINALS:
        raise RecurrenceError("Kies de eerste, tweede, derde, vierde of laatste week.")
    return f"FREQ=MONTHLY;BYDAY={position}{WEEKDAY_CODES[weekday]}"


def _parts(rule: str) -> dict[str, str]:
    text = rule.strip().upper().removeprefix("RRULE:")
    if not text:
        raise RecurrenceError("Vul een herhaling in.")
    parts: dict[str, str] = {}
    for piece in text.split(";"):
        name, sep, value = piece.partition("=")
        if not sep or not value:
            raise RecurrenceError(f"Onbekend onderdeel in de herhaling: {piece[:20]}")
        if name not in ALLOWED_PARTS:
            raise RecurrenceError(f"Dit onderdeel van een herhaling wordt niet ondersteund: {name}")
        if name in parts:
            raise RecurrenceError(f"{name} staat twee keer in de herhaling.")
        parts[name] = value
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise RecurrenceError("Een activiteit herhaalt zich dagelijks, wekelijks of maandelijks.")
    return parts


def normalise_rule(rule: str) -> str:
    """Check a rule and return it in canonical form (upper case, no RRULE: prefix).

    Sub-daily frequencies, UNTIL (the activity's end date is kept separately so that the
    calendar feed can give it in UTC) and unknown parts are refused.
    """
    parts = _parts(rule)
    if "INTERVAL" in parts and not _number_between(parts["INTERVAL"], 1, 52):
        raise RecurrenceError("De tussenpoos moet een getal van 1 tot 52 zijn.")
    if "COUNT" in parts and not _number_between(parts["COUNT"], 1, 500):
        raise RecurrenceError("Het aantal keren moet tussen 1 en 500 liggen.")
    text = ";".join(f"{name}={parts[name]}" for name in _ordered(parts))
    try:
        rrulestr(text, dtstart=datetime(2026, 1, 1))
    except (ValueError, TypeError) as error:
        raise RecurrenceError("Deze herhaling is niet geldig.") from error
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


def describe(rule: str) -> str:
    """Say in plain Dutch how often an activity happens, e.g. "om de week op dinsdag"."""
    parts = _parts(rule)
    interval = int(parts.get("INTERVAL", "1"))
    days = [day for day in parts.get("BYDAY", "").split(",") if day]
    frequency = parts["FREQ"]
    if frequency == "DAILY":
        return "elke dag" if interval == 1 else f"om de {interval} dagen"
    if frequency == "WEEKLY":
        names = _join([WEEKDAY_NAMES[WEEKDAY_CODES.index(day[-2:])] for day in days])
        every = {1: "elke week", 2: "om de week"}.get(interval, f"om de {interval} weken")
        return f"{every} op {names}" if names else every
    descriptions = []
    for day in days:
        position, code = day[:-2], day[-2:]
        ordinal = ORDINALS.get(int(position)) if position else None
        name = WEEKDAY_NAMES[WEEKDAY_CODES.index(code)]
        descriptions.append(f"{ordinal} {name}" if ordinal else name)
    if not descriptions:
        return "elke maand" if interval == 1 else f"om de {interval} maanden"
    if interval == 1:
        return f"elke {_join(descriptions)} van de maand"
    return f"om de {interval} maanden op de {_join(descriptions)}"


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
    raise RecurrenceError("Kies hoe vaak: elke keer, om de week of één keer per maand.")


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} en {words[-1]}"


def slot_of(moment: datetime) -> str:
    """The matching engine's weekly slot of a moment, e.g. "tue-morning" (local time)."""
    local = moment.astimezone(TIMEZONE)
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[local.weekday()]
    # Half past five is dinner time: the evening, as the eetclub's volunteers would say.
    part = "morning" if local.hour < 12 else "afternoon" if local.hour < 17 else "evening"
    return f"{day}-{part}"
