"""The contact log and its split by period."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from buurtwerk.core.permissions import scope

from ..models import Contact


def contacts_visible_to(user: Any) -> QuerySet[Contact]:
    return scope(
        user,
        Contact.objects.select_related("worker", "case").prefetch_related(
            "residents", "organisations"
        ),
    )


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class SplitLine:
    """A worker's minutes in one week or month, split by purpose."""

    worker: str
    period_start: date
    casework_minutes: int
    community_minutes: int


def contact_split(
    user: Any, *, period: Period = Period.WEEK, start: date, end: date
) -> list[SplitLine]:
    """Per worker and period: minutes of individual casework and of community building."""
    trunc = TruncWeek if period == Period.WEEK else TruncMonth
    visible = contacts_visible_to(user).values("pk")
    rows = (
        Contact.objects.filter(pk__in=visible, happened_on__gte=start, happened_on__lte=end)
        .annotate(period_start=trunc("happened_on"))
        .values(
            "worker__username",
            "worker__first_name",
            "worker__last_name",
            "period_start",
            "purpose",
        )
        .annotate(minutes=Sum("duration_minutes"))
        .order_by()
    )
    totals: dict[tuple[str, date], dict[str, int]] = defaultdict(
        lambda: {Contact.Purpose.CASEWORK: 0, Contact.Purpose.COMMUNITY: 0}
    )
    for row in rows:
        name = (
            f"{row['worker__first_name']} {row['worker__last_name']}".strip()
            or row["worker__username"]
        )
        period_start = row["period_start"]
        if hasattr(period_start, "date"):
            period_start = period_start.date()
        totals[(name, period_start)][row["purpose"]] += row["minutes"] or 0
    return [
        SplitLine(
            worker=name,
            period_start=period_start,
            casework_minutes=minutes[Contact.Purpose.CASEWORK],
            community_minutes=minutes[Contact.Purpose.COMMUNITY],
        )
        for (name, period_start), minutes in sorted(
            totals.items(), key=lambda kv: (kv[0][1], kv[0][0])
        )
    ]


def recent_days(days: int) -> tuple[date, date]:
    end = timezone.localdate()
    return end - timedelta(days=days), end
