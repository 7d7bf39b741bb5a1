"""Activities, their occurrences and who signed up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, scope

from ..models import Activity, Occurrence, SignUp
from .reach import get_in_reach


def activities_visible_to(user: Any) -> QuerySet[Activity]:
    return scope(user, Activity.objects.select_related("initiative", "neighbourhood"))


def get_activity_for(
    user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW
) -> Activity:
    return get_in_reach(
        user,
        Activity.objects.select_related("initiative", "neighbourhood"),
        pk,
        purpose=purpose,
        action=action,
    )


def upcoming_occurrences_visible_to(user: Any, days: int = 31) -> QuerySet[Occurrence]:
    now = timezone.now()
    return scope(
        user,
        Occurrence.objects.filter(starts_at__gte=now, starts_at__lte=now + timedelta(days=days))
        .select_related("activity")
        .annotate(
            shift_count=Count("shifts", distinct=True),
            signup_count=Count(
                "signups",
                filter=~Q(signups__attendance=SignUp.Attendance.CANCELLED),
                distinct=True,
            ),
        ),
    )


def get_occurrence_for(
    user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW
) -> Occurrence:
    return get_in_reach(
        user,
        Occurrence.objects.select_related("activity__initiative"),
        pk,
        purpose=purpose,
        action=action,
    )


def signups_for(occurrence: Occurrence, user: Any) -> QuerySet[SignUp]:
    return scope(user, occurrence.signups.select_related("resident"))
