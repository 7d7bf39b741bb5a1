"""Reconnect: residents who may want company, and activities that would suit them."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from buurtwerk.core.permissions import scope
from buurtwerk.matching.engine import OfferIndex
from buurtwerk.people.models import Resident
from buurtwerk.people.queries import small_network_residents_visible_to

from .. import rides
from ..engine import reconnect
from ..engine.recurrence import slot_of
from ..models import Activity, Occurrence, ReconnectOutcome, ReconnectProfile, RideRequest, SignUp


def reconnect_candidates(user: Any, limit: int = 25) -> list[Resident]:
    """Residents in reach with a small network: the people to suggest activities to."""
    return small_network_residents_visible_to(user, limit=limit)


def _wish_for(resident: Resident, profile: ReconnectProfile | None) -> reconnect.ResidentWish:
    return reconnect.ResidentWish(
        interests=frozenset(profile.interests if profile else ()),
        slots=frozenset(profile.slots if profile else ()),
        lat=resident.lat,
        lon=resident.lon,
        neighbourhood=resident.neighbourhood.code,
        walking_km=profile.walking_km if profile else 0.5,
        travels_alone=profile.travels_alone if profile else True,
    )


@dataclass(frozen=True)
class ActivitySuggestion:
    activity: Activity
    next_occurrence: Occurrence
    suggestion: reconnect.Suggestion


def reconnect_suggestions(
    user: Any, resident: Resident, *, days: int = 28, limit: int = 5
) -> list[ActivitySuggestion]:
    """Activities near the resident that fit their wishes, each with its next date.

    Whether a ride is possible is asked of the matching engine: is there a driver for the
    next date who could pick this resident up?
    """
    profile = ReconnectProfile.objects.filter(resident=resident).first()
    wish = _wish_for(resident, profile)
    now = timezone.now()
    upcoming = (
        scope(user, Occurrence.objects.all())
        .filter(cancelled=False, starts_at__gte=now, starts_at__lte=now + timedelta(days=days))
        .select_related("activity__neighbourhood")
        .annotate(
            taken=Count("signups", filter=~Q(signups__attendance=SignUp.Attendance.CANCELLED))
        )
        .order_by("starts_at")
    )
    next_by_activity: dict[Hashable, Any] = {}
    slots_by_activity: dict[Hashable, set[str]] = {}
    for occurrence in upcoming:
        slots_by_activity.setdefault(occurrence.activity_id, set()).add(
            slot_of(occurrence.starts_at)
        )
        next_by_activity.setdefault(occurrence.activity_id, occurrence)
    options = []
    for activity_id, occurrence in next_by_activity.items():
        activity = occurrence.activity
        capacity = activity.capacity
        options.append(
            reconnect.ActivityOption(
                ref=activity_id,
                themes=frozenset(activity.themes),
                slots=frozenset(slots_by_activity[activity_id]),
                lat=activity.lat,
                lon=activity.lon,
                neighbourhood=activity.neighbourhood.code,
                places_left=None if capacity is None else capacity - occurrence.taken,
                ride_available=_driver_could_pick_up(resident, occurrence),
            )
        )
    suggestions = reconnect.suggest_activities(wish, options, limit=limit)
    return [
        ActivitySuggestion(
            next_by_activity[s.activity_ref].activity, next_by_activity[s.activity_ref], s
        )
        for s in suggestions
    ]


def _driver_could_pick_up(resident: Resident, occurrence: Occurrence) -> bool:
    drivers = rides.drivers_for(occurrence)
    if not drivers:
        return False
    probe = RideRequest(resident=resident, occurrence=occurrence)
    capacity = rides.remaining_capacity(occurrence, drivers)
    need = rides.need_for(probe, network_size=0)
    index = OfferIndex(rides.offer_for(driver) for driver in drivers)
    return bool(index.candidates_for(need, remaining_capacity=capacity))


def recent_reconnect_outcomes(user: Any, resident: Resident) -> QuerySet[ReconnectOutcome]:
    return scope(user, ReconnectOutcome.objects.filter(resident=resident)).select_related(
        "activity"
    )


def next_month_window(now: datetime | None = None) -> tuple[datetime, datetime]:
    """From now until the same day next month: what "plan a month" plans."""
    now = now or timezone.now()
    return now, now + timedelta(days=31)
