"""Community: activities held, who came, and the volunteers who made it happen."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from buurtwerk.community.models import Occurrence, Shift, SignUp, Volunteer
from buurtwerk.core.charts.numbers import format_number

from .base import Area, KeyFigure, Period, Section, monthly_table


def section(area: Area, period: Period) -> Section:
    """Activiteiten en vrijwilligers: four queries, whatever the number of activities."""
    ids = area.neighbourhood_ids
    # Only what has already happened counts as held; planned dates later this month do not.
    until = min(period.end, timezone.now())
    held_rows = list(
        Occurrence.objects.filter(
            activity__neighbourhood_id__in=ids,
            cancelled=False,
            starts_at__gte=period.start,
            starts_at__lt=until,
        )
        .annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(held=Count("id"), walk_ins=Sum("walk_in_count"))
        .order_by()
    )
    held = period.per_month((row["month"], row["held"]) for row in held_rows)
    walk_ins = period.per_month((row["month"], row["walk_ins"]) for row in held_rows)
    attended_rows = (
        SignUp.objects.filter(
            attendance=SignUp.Attendance.ATTENDED,
            occurrence__activity__neighbourhood_id__in=ids,
            occurrence__cancelled=False,
            occurrence__starts_at__gte=period.start,
            occurrence__starts_at__lt=until,
        )
        .annotate(month=TruncMonth("occurrence__starts_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    attended = period.per_month((row["month"], row["n"]) for row in attended_rows)
    shift_rows = (
        Shift.objects.filter(
            occurrence__activity__neighbourhood_id__in=ids,
            occurrence__cancelled=False,
            occurrence__starts_at__gte=period.start,
            occurrence__starts_at__lt=until,
        )
        .annotate(month=TruncMonth("occurrence__starts_at"))
        .values("month")
        .annotate(n=Count("volunteer_id", distinct=True))
        .order_by()
    )
    on_duty = period.per_month((row["month"], row["n"]) for row in shift_rows)
    volunteers = Volunteer.objects.filter(resident__neighbourhood_id__in=ids).aggregate(
        active=Count("id", filter=Q(active=True))
    )["active"]
    tables = [
        monthly_table(
            "activiteiten-per-maand",
            "Activiteiten die doorgingen",
            "Aantal keren dat een activiteit doorging, per maand.",
            period,
            {"Keer gehouden": held},
            chart="bar",
        ),
        monthly_table(
            "bezoekers-per-maand",
            "Bezoekers van activiteiten",
            "Bezoekers per maand: aangemeld en aanwezig, en binnengelopen zonder aanmelding.",
            period,
            {"Aangemeld en aanwezig": attended, "Zonder aanmelding": walk_ins},
            chart="stacked",
        ),
        monthly_table(
            "vrijwilligers-per-maand",
            "Vrijwilligers met een dienst",
            "Aantal verschillende vrijwilligers dat een dienst draaide, per maand.",
            period,
            {"Vrijwilligers": on_duty},
            chart="bar",
        ),
    ]
    return Section(
        "activiteiten",
        "Activiteiten en vrijwilligers",
        "Wat er in de buurt gebeurt en wie het mogelijk maakt.",
        tables,
        [
            KeyFigure("Activiteiten gehouden", format_number(sum(held)), "in de hele periode"),
            KeyFigure("Bezoekers", format_number(sum(attended) + sum(walk_ins))),
            KeyFigure("Actieve vrijwilligers", format_number(volunteers)),
        ],
    )
