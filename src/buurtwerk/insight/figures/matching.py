"""Matching: matches made and running per month, and how long open needs have waited."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Min, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.core.charts.numbers import format_number
from buurtwerk.matching.models import Match, MatchEvent, Need

from ..engine.stats import WAITING_BUCKETS, Bucket, nearest_rank_offset
from .base import Area, KeyFigure, Period, Section, Table, monthly_table

# Residents know each other from the introduction on; until then a match is only a plan.
MADE_STATE = Match.State.INTRODUCED
RUNNING_STATES = (Match.State.INTRODUCED, Match.State.ACTIVE)
PERCENTILES = (50, 75, 90)


def matches_per_month(area: Area, period: Period) -> tuple[list[float], list[float]]:
    """(made, running) per month, in two queries whatever the number of matches.

    Made: matches whose residents were introduced that month. Running: matches introduced
    before the month ended and not ended or declined before it began.
    """
    made_rows = (
        MatchEvent.objects.filter(
            to_state=MADE_STATE,
            at__gte=period.start,
            at__lt=period.end,
            match__need__resident__neighbourhood_id__in=area.neighbourhood_ids,
        )
        .annotate(month=TruncMonth("at"))
        .values("month")
        .annotate(n=Count("match_id", distinct=True))
        .order_by()
    )
    made = period.per_month((row["month"], row["n"]) for row in made_rows)
    lives = Match.objects.filter(
        need__resident__neighbourhood_id__in=area.neighbourhood_ids
    ).annotate(
        began=Min("events__at", filter=Q(events__to_state__in=RUNNING_STATES)),
        stopped=Min("events__at", filter=Q(events__to_state__in=Match.CLOSED_STATES)),
    )
    running_counts = lives.aggregate(
        **{
            f"m{index}": Count(
                "id",
                filter=Q(began__lt=month_end)
                & (Q(stopped__isnull=True) | Q(stopped__gte=month_start)),
            )
            for index, (month_start, month_end) in enumerate(period.bounds())
        }
    )
    running = [float(running_counts[f"m{index}"]) for index in range(len(period.months))]
    return made, running


def waiting_needs(area: Area) -> tuple[int, list[int], dict[int, int], int | None]:
    """Open needs: their number, the count per waiting bucket, the waiting days at each
    percentile (nearest rank) and the longest wait; a fixed five queries."""
    now = timezone.now()
    open_needs = Need.objects.filter(
        status=Need.Status.OPEN, resident__neighbourhood_id__in=area.neighbourhood_ids
    )

    def waited_at_least(days: int) -> Q:
        return Q(created_at__lte=now - timedelta(days=days))

    buckets = {
        f"b{index}": Count(
            "id",
            filter=waited_at_least(bucket.lower)
            & (~waited_at_least(bucket.upper + 1) if bucket.upper is not None else Q()),
        )
        for index, bucket in enumerate(WAITING_BUCKETS)
    }
    summary = open_needs.aggregate(total=Count("id"), oldest=Min("created_at"), **buckets)
    total = summary["total"]
    per_bucket = [summary[f"b{index}"] for index in range(len(WAITING_BUCKETS))]
    by_wait = open_needs.order_by("-created_at", "-id").values_list("created_at", flat=True)
    percentiles: dict[int, int] = {}
    for percentile in PERCENTILES:
        offset = nearest_rank_offset(percentile, total)
        if offset is not None:
            percentiles[percentile] = (now - by_wait[offset]).days
    longest = (now - summary["oldest"]).days if summary["oldest"] else None
    return total, per_bucket, percentiles, longest


def section(area: Area, period: Period) -> Section:
    """Koppelen: made and running per month; open needs and their waiting times."""
    made, running = matches_per_month(area, period)
    total, per_bucket, percentiles, longest = waiting_needs(area)
    months = monthly_table(
        "koppelingen-per-maand",
        "Koppelingen per maand",
        "Nieuwe koppelingen (bewoners hebben kennisgemaakt) en lopende koppelingen per maand.",
        period,
        {"Nieuw": made, "Lopend": running},
        chart="line",
    )
    waiting = Table(
        "wachtende-hulpvragen",
        "Hoe lang open hulpvragen al wachten",
        "Aantal hulpvragen die nog geen helper hebben, naar wachttijd.",
        ["Wachttijd", "Hulpvragen"],
        [
            [waiting_label(bucket), count]
            for bucket, count in zip(WAITING_BUCKETS, per_bucket, strict=True)
        ],
        chart="bar",
    )
    days = Table(
        "wachttijd-in-dagen",
        "Wachttijd in dagen",
        "Hoeveel dagen de open hulpvragen al wachten.",
        ["Maat", "Dagen"],
        [
            ["De helft wacht hooguit", percentiles.get(50, "")],
            ["3 van de 4 wachten hooguit", percentiles.get(75, "")],
            ["9 van de 10 wachten hooguit", percentiles.get(90, "")],
            ["Langst wachtend", longest if longest is not None else ""],
        ],
    )
    key_figures = [
        KeyFigure("Lopende koppelingen", format_number(running[-1]), "deze maand"),
        KeyFigure("Nieuwe koppelingen", format_number(sum(made)), "in de hele periode"),
        KeyFigure("Hulpvragen die wachten", format_number(total)),
    ]
    if 50 in percentiles:
        key_figures.append(
            KeyFigure("De helft wacht hooguit", f"{format_number(percentiles[50])} dagen")
        )
    return Section(
        "koppelen",
        "Koppelen",
        "Bewoners die elkaar helpen: nieuwe en lopende koppelingen, en wie er nog wacht.",
        [months, waiting, days],
        key_figures,
    )


def waiting_label(bucket: Bucket) -> str:
    if bucket.upper is None:
        return _("meer dan %(days)s dagen") % {"days": bucket.lower - 1}
    return _("%(lower)s tot en met %(upper)s dagen") % {
        "lower": bucket.lower,
        "upper": bucket.upper,
    }
