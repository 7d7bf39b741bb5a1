"""Reads of community data, scoped to the asking user; public reads carry no personal data."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.permissions import Action, scope
from buurtwerk.matching.engine import OfferIndex
from buurtwerk.people.models import Neighbourhood, Resident
from buurtwerk.people.queries import small_network_residents_visible_to

from . import rides
from .engine import charts, reconnect
from .engine.recurrence import slot_of
from .models import (
    Activity,
    ActivityRole,
    Initiative,
    Occurrence,
    ReconnectOutcome,
    ReconnectProfile,
    Registration,
    RideRequest,
    Shift,
    SignUp,
    SupportLog,
    Volunteer,
)

SELF_RELIANCE_MONTHS = 12


def _get(user: Any, queryset: QuerySet[Any], pk: Any, *, purpose: str, action: Action) -> Any:
    """One record in the user's reach, or 404 (the attempt is logged) when it is not."""
    found = scope(user, queryset, action).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        record(user, AuditVerb.DENIED, queryset.model, purpose=purpose, object_id=str(pk)[:64])
        raise Http404("Niet gevonden")
    return found


# --- Initiatives -------------------------------------------------------------------------


def initiatives_visible_to(user: Any) -> QuerySet[Initiative]:
    return scope(user, Initiative.objects.select_related("neighbourhood", "supported_by"))


def get_initiative_for(
    user: Any, pk: Any, *, purpose: str, action: Action = Action.VIEW
) -> Initiative:
    return _get(
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
    support_chart: charts.BarChart
    held_chart: charts.BarChart
    support_trend: str
    support_last_quarter: float
    days_to_step_back: int | None


def self_reliance(initiative: Initiative, today: date | None = None) -> SelfReliance:
    today = today or timezone.localdate()
    months = charts.last_months(today, SELF_RELIANCE_MONTHS)
    first_day = date(months[0][0], months[0][1], 1)
    support_entries = SupportLog.objects.filter(
        initiative=initiative, given_on__gte=first_day, given_on__lte=today
    ).values_list("given_on", "hours")
    support = charts.monthly_totals(support_entries, months)
    held_occurrences = Occurrence.objects.filter(
        activity__initiative=initiative,
        cancelled=False,
        starts_at__date__gte=first_day,
        starts_at__lte=timezone.now(),
    ).values_list("starts_at", flat=True)
    held = charts.monthly_totals(
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
        support_chart=charts.bar_chart(support, unit=" u"),
        held_chart=charts.bar_chart(held),
        support_trend=charts.trend(_since_first_support([value for _, value in support])),
        support_last_quarter=round(sum(value for _, value in support[-3:]), 2),
        days_to_step_back=(
            (initiative.step_back_on - today).days if initiative.step_back_on else None
        ),
    )


def _since_first_support(values: list[float]) -> list[float]:
    """Months before the first support say nothing about the trend: the work had not begun."""
    first = next((i for i, value in enumerate(values) if value), len(values))
    return values[first:]


# --- Activities and occurrences ----------------------------------------------------------


def activities_visible_to(user: Any) -> QuerySet[Activity]:
    return scope(user, Activity.objects.select_related("initiative", "neighbourhood"))


def get_activity_for(user: Any, pk: Any, *, purpose: str, action: Action = Action.VIEW) -> Activity:
    return _get(
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
    user: Any, pk: Any, *, purpose: str, action: Action = Action.VIEW
) -> Occurrence:
    return _get(
        user,
        Occurrence.objects.select_related("activity__initiative"),
        pk,
        purpose=purpose,
        action=action,
    )


@dataclass(frozen=True)
class RotaLine:
    role: str
    label: str
    needed: int
    shifts: list[Shift]

    @property
    def missing(self) -> int:
        return max(0, self.needed - len(self.shifts))


def rota(occurrence: Occurrence, user: Any) -> list[RotaLine]:
    """Per role: how many volunteers are needed and who is on the rota."""
    shifts = list(
        scope(user, occurrence.shifts.select_related("volunteer__resident")).order_by("id")
    )
    needed = occurrence.activity.roles_needed or {}
    lines = []
    for role, label in ActivityRole.choices:
        on_rota = [shift for shift in shifts if shift.role == role]
        if needed.get(role) or on_rota:
            lines.append(RotaLine(role, str(label), int(needed.get(role, 0)), on_rota))
    return lines


def signups_for(occurrence: Occurrence, user: Any) -> QuerySet[SignUp]:
    return scope(user, occurrence.signups.select_related("resident"))


def ride_requests_for(occurrence: Occurrence, user: Any) -> QuerySet[RideRequest]:
    return scope(
        user,
        occurrence.ride_requests.exclude(status=RideRequest.Status.CANCELLED).select_related(
            "resident", "driver_offer__volunteer__resident", "arrangement"
        ),
    )


def volunteers_visible_to(user: Any) -> QuerySet[Volunteer]:
    return scope(user, Volunteer.objects.select_related("resident")).prefetch_related("initiatives")


def get_ride_request_for(
    user: Any, pk: Any, *, purpose: str, action: Action = Action.VIEW
) -> RideRequest:
    ride = _get(
        user,
        RideRequest.objects.select_related("resident__neighbourhood", "occurrence__activity"),
        pk,
        purpose=purpose,
        action=action,
    )
    if action == Action.VIEW:
        record(user, AuditVerb.VIEW, ride, purpose=purpose)
    return ride


# --- The volunteer's own view ------------------------------------------------------------


def own_volunteer(user: Any) -> Volunteer | None:
    if not user.resident_id:
        return None
    return Volunteer.objects.filter(resident_id=user.resident_id).first()


def own_upcoming_shifts(user: Any) -> QuerySet[Shift]:
    """The signed-in volunteer's own shifts from today, whatever their role allows otherwise."""
    if not user.resident_id:
        return Shift.objects.none()
    return scope(
        user,
        Shift.objects.filter(
            volunteer__resident_id=user.resident_id,
            occurrence__starts_at__gte=timezone.localtime().replace(hour=0, minute=0, second=0),
        ).select_related("occurrence__activity"),
    ).order_by("occurrence__starts_at")


def own_upcoming_rides(user: Any) -> QuerySet[RideRequest]:
    """Confirmed rides the volunteer drives: the residents they help, with pickup address."""
    rides_driven = scope(
        user,
        RideRequest.objects.filter(
            occurrence__starts_at__gte=timezone.localtime().replace(hour=0, minute=0, second=0),
            status=RideRequest.Status.CONFIRMED,
        ).select_related("resident", "occurrence__activity"),
    ).order_by("occurrence__starts_at")
    if user.resident_id:
        rides_driven = rides_driven.filter(driver_offer__volunteer__resident_id=user.resident_id)
    return rides_driven


# --- Public pages ------------------------------------------------------------------------


def public_neighbourhood(code: str) -> Neighbourhood:
    neighbourhood = Neighbourhood.objects.filter(code=code).first()
    if neighbourhood is None:
        raise Http404("Buurt niet gevonden")
    return neighbourhood


def public_activities(neighbourhood: Neighbourhood) -> QuerySet[Activity]:
    """Activities anyone may know about: no organisers, no sign-ups, no volunteers."""
    return (
        Activity.objects.filter(neighbourhood=neighbourhood, is_public=True)
        .select_related("initiative")
        .prefetch_related("partners")
        .order_by("title")
    )


def public_upcoming(neighbourhood: Neighbourhood, days: int = 42) -> QuerySet[Occurrence]:
    now = timezone.now()
    return (
        Occurrence.objects.filter(
            activity__neighbourhood=neighbourhood,
            activity__is_public=True,
            starts_at__gte=now,
            starts_at__lte=now + timedelta(days=days),
        )
        .select_related("activity")
        .order_by("starts_at")
    )


# --- Registrations -----------------------------------------------------------------------


def pending_registrations_for(user: Any) -> QuerySet[Registration]:
    return scope(
        user,
        Registration.objects.filter(status=Registration.Status.PENDING).select_related(
            "neighbourhood"
        ),
    )


def get_registration_for(user: Any, pk: Any, *, purpose: str) -> Registration:
    registration = _get(
        user,
        Registration.objects.select_related("neighbourhood"),
        pk,
        purpose=purpose,
        action=Action.CHANGE,
    )
    record(user, AuditVerb.VIEW, registration, purpose=purpose)
    return registration


# --- Reconnect ---------------------------------------------------------------------------


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
