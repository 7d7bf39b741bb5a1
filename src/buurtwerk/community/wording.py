"""Words for what the pure recurrence module returns as codes and parts, in the user's language."""

from __future__ import annotations

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .engine.recurrence import Pattern, RecurrenceError, pattern

RECURRENCE_ERRORS = {
    "weekday": gettext_lazy("Kies een dag van de week."),
    "week_interval": gettext_lazy("Kies om de hoeveel weken: 1 tot en met 8."),
    "month_week": gettext_lazy("Kies de eerste, tweede, derde, vierde of laatste week."),
    "empty": gettext_lazy("Vul een herhaling in."),
    "unknown_part": gettext_lazy("Onbekend onderdeel in de herhaling: %(part)s"),
    "unsupported_part": gettext_lazy(
        "Dit onderdeel van een herhaling wordt niet ondersteund: %(part)s"
    ),
    "repeated_part": gettext_lazy("%(part)s staat twee keer in de herhaling."),
    "frequency": gettext_lazy("Een activiteit herhaalt zich dagelijks, wekelijks of maandelijks."),
    "interval": gettext_lazy("De tussenpoos moet een getal van 1 tot 52 zijn."),
    "count": gettext_lazy("Het aantal keren moet tussen 1 en 500 liggen."),
    "invalid": gettext_lazy("Deze herhaling is niet geldig."),
    "pattern_repeat": gettext_lazy("Kies hoe vaak: elke keer, om de week of één keer per maand."),
}
MONTH_WEEKS = {
    1: gettext_lazy("eerste"),
    2: gettext_lazy("tweede"),
    3: gettext_lazy("derde"),
    4: gettext_lazy("vierde"),
    -1: gettext_lazy("laatste"),
}


def recurrence_error(error: RecurrenceError) -> str:
    """The message for a refused rule, for the coordinator."""
    return str(RECURRENCE_ERRORS[error.code]) % error.params


def _weekday(number: int) -> str:
    # Django's own catalogue: "dinsdag" in Dutch, "Tuesday" in English.
    return str(WEEKDAYS[number])


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s en %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def describe(rule: str) -> str:
    """How often an activity happens, in plain words: "om de week op dinsdag"."""
    return _describe(pattern(rule))


def _describe(rule: Pattern) -> str:
    n = rule.interval
    if rule.frequency == "daily":
        return ngettext("elke dag", "om de %(n)s dagen", n) % {"n": n}
    if rule.frequency == "weekly":
        if n == 2:
            every = _("om de week")
        else:
            every = ngettext("elke week", "om de %(n)s weken", n) % {"n": n}
        days = _join([_weekday(day) for day in rule.weekdays])
        return _("%(every)s op %(days)s") % {"every": every, "days": days} if days else every
    days = _join(
        [
            f"{MONTH_WEEKS[week]} {_weekday(day)}" if week in MONTH_WEEKS else _weekday(day)
            for day, week in zip(rule.weekdays, rule.month_weeks, strict=True)
        ]
    )
    if not days:
        return ngettext("elke maand", "om de %(n)s maanden", n) % {"n": n}
    if n == 1:
        return _("elke %(days)s van de maand") % {"days": days}
    return _("om de %(n)s maanden op de %(days)s") % {"n": n, "days": days}
