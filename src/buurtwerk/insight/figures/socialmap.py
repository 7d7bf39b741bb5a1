"""Social map: referrals to services by topic, and whether they helped."""

from __future__ import annotations

from django.db.models import Count, Q

from buurtwerk.core.charts.numbers import format_number
from buurtwerk.socialmap.models import Referral

from .base import Area, KeyFigure, Period, Section, Table

TOP_TOPICS = 10
NO_TOPIC = "Zonder onderwerp"
OTHER_TOPICS = "Overige onderwerpen"


def section(area: Area, period: Period) -> Section:
    """Doorverwijzingen: the ten most frequent topics and the rest together; two queries."""
    referrals = Referral.objects.filter(
        neighbourhood_id__in=area.neighbourhood_ids,
        created_at__gte=period.start,
        created_at__lt=period.end,
    )
    helped = Q(outcome=Referral.Outcome.HELPED)
    totals = referrals.aggregate(n=Count("id"), helped=Count("id", filter=helped))
    top = list(
        referrals.values("topic")
        .annotate(n=Count("id"), helped=Count("id", filter=helped))
        .order_by("-n", "topic")[:TOP_TOPICS]
    )
    rows = [[row["topic"] or NO_TOPIC, row["n"], row["helped"]] for row in top]
    rest = totals["n"] - sum(row["n"] for row in top)
    if rest:
        rest_helped = totals["helped"] - sum(row["helped"] for row in top)
        rows.append([OTHER_TOPICS, rest, rest_helped])
    table = Table(
        "doorverwijzingen-per-onderwerp",
        "Doorverwijzingen per onderwerp",
        "Hoe vaak bewoners per onderwerp naar een dienst zijn doorverwezen, en hoe vaak dat hielp.",
        ["Onderwerp", "Doorverwezen", "Geholpen"],
        rows,
        chart="hbar",
    )
    return Section(
        "doorverwijzingen",
        "Doorverwijzingen",
        "Naar welke hulp en diensten bewoners de weg vonden.",
        [table],
        [
            KeyFigure("Doorverwijzingen", format_number(totals["n"]), "in de hele periode"),
            KeyFigure("Daarvan geholpen", format_number(totals["helped"])),
        ],
    )
