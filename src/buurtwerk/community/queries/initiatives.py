"""Initiatives and how self-reliant they have become."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.charts.months import last_months, monthly_totals, trend
from buurtwerk.core.charts.svg import Series, bar_chart
from buurtwerk.core.figures import trusted_svg
from buurtwerk.core.permissions import Action, scope

from ..models import Initiative, Occurrence, SupportLog
from .reach import get_in_reach

SELF_RELIANCE_MONTHS = 12


def initiatives_visible_to(user: Any) -> QuerySet[Initiative]:
    return scope(user, Initiative.objects.select_related("neighbourhood", "supported_by"))


def get_initiative_for(
    user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW
) -> Initiative:
    return get_in_reach(
        user, Initiative.objects.select_related("neighbourhood"), pk, purpose=purpose, action=action
    )


@dataclass(frozen=True)
class SelfReliance:
    """How far an initiative runs on its own: the figures for its page."""

    volunteers: int
    volunteers_with_certificate: int
    activities: int
    held_total: int
    held: list[tuple[str, float]]
    support: list[tuple[str, float]]
    support_chart: SafeString
    held_chart: SafeString
    support_trend: str
    support_last_quarter: float
    days_to_step_back: int | None


def self_reliance(initiative: Initiative, today: date | None = None) -> SelfReliance:
    today = today or timezone.localdate()
    months = last_months(today, SELF_RELIANCE_MONTHS)
    first_day = date(months[0][0], months[0][1], 1)
    support_entries = SupportLog.objects.filter(
        initiative=initiative, given_on__gte=first_day, given_on__lte=today
    ).values_list("given_on", "hours")
    support = monthly_totals(support_entries, months)
    held_occurrences = Occurrence.objects.filter(
        activity__initiative=initiative,
        cancelled=False,
        starts_at__date__gte=first_day,
        starts_at__lte=timezone.now(),
    ).values_list("starts_at", flat=True)
    held = monthly_totals(
        ((timezone.localtime(start).date(), 1) for start in held_occurrences), months
    )
    volunteers = initiative.volunteers.filter(active=True)
    return SelfReliance(
        volunteers=volunteers.count(),
        volunteers_with_certificate=volunteers.filter(
            resident__certificate_of_conduct_on__isnull=False
        ).count(),
        activities=initiative.activities.count(),
        held_total=int(sum(value for _, value in held)),
        held=held,
        support=support,
        support_chart=_monthly_chart(
            support,
            "support",
            _("Uren ondersteuning door de buurtwerker per maand"),
            _("Ondersteuning"),
            " u",
        ),
        held_chart=_monthly_chart(
            held, "held", _("Aantal keer een activiteit gehouden per maand"), _("Activiteiten")
        ),
        support_trend=trend(_since_first_support([value for _, value in support])),
        support_last_quarter=round(sum(value for _, value in support[-3:]), 2),
        days_to_step_back=(
            (initiative.step_back_on - today).days if initiative.step_back_on else None
        ),
    )


def _monthly_chart(
    months: list[tuple[str, float]], chart_id: str, title: str, name: str, unit: str = ""
) -> SafeString:
    labels = [label for label, _value in months]
    values = tuple(value for _label, value in months)
    svg = bar_chart(
        labels,
        [Series(name, values)],
        chart_id=chart_id,
        title=title,
        description=_(
            "Staafdiagram van de afgelopen twaalf maanden; "
            "dezelfde cijfers staan in de tabel eronder."
        ),
        unit=unit,
    )
    return trusted_svg(svg)


def _since_first_support(values: list[float]) -> list[float]:
    """Months before the first support say nothing about the trend: the work had not begun."""
    first = next((i for i, value in enumerate(values) if value), len(values))
    return values[first:]
