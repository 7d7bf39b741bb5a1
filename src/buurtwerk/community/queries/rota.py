"""Volunteers and the rota, for coordinators and for the volunteer's own view."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, scope

from ..models import ActivityRole, Initiative, Occurrence, RotaPattern, Shift, Volunteer
from .reach import get_in_reach


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


def volunteers_visible_to(user: Any) -> QuerySet[Volunteer]:
    return scope(user, Volunteer.objects.select_related("resident")).prefetch_related("initiatives")


@dataclass(frozen=True)
class VolunteerFilter:
    """What the coordinator searches the volunteer list by; empty values do not filter."""

    text: str = ""
    role: str = ""
    skill: str = ""
    slot: str = ""
    status: str = ""
    certificate: str = ""


def volunteers_of(
    initiative: Initiative, user: Any, wanted: VolunteerFilter | None = None
) -> QuerySet[Volunteer]:
    """The initiative's volunteers the user may see, with the date of their last shift."""
    wanted = wanted or VolunteerFilter()
    today = timezone.localdate()
    volunteers = volunteers_visible_to(user).filter(initiatives=initiative)
    if wanted.text:
        volunteers = volunteers.filter(resident__name__icontains=wanted.text)
    # JSON lists: a plain "contains" works on SQLite and PostgreSQL alike for one code.
    for field, value in (("roles", wanted.role), ("skills", wanted.skill), ("slots", wanted.slot)):
        if value:
            volunteers = volunteers.filter(**{f"{field}__icontains": f'"{value}"'})
    if wanted.status == "active":
        volunteers = volunteers.filter(active=True).filter(
            Q(paused_until__isnull=True) | Q(paused_until__lt=today)
        )
    elif wanted.status == "paused":
        volunteers = volunteers.filter(active=True, paused_until__gte=today)
    elif wanted.status == "ended":
        volunteers = volunteers.filter(active=False)
    if wanted.certificate == "missing":
        volunteers = volunteers.filter(resident__certificate_of_conduct_on__isnull=True)
    elif wanted.certificate == "present":
        volunteers = volunteers.filter(resident__certificate_of_conduct_on__isnull=False)
    return volunteers.annotate(
        last_shift=Max(
            "shifts__occurrence__starts_at",
            filter=Q(
                shifts__occurrence__starts_at__lte=timezone.now(),
                shifts__occurrence__cancelled=False,
            ),
        )
    ).order_by("resident__name", "pk")


def get_volunteer_for(
    user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW
) -> Volunteer:
    return get_in_reach(
        user, Volunteer.objects.select_related("resident"), pk, purpose=purpose, action=action
    )


def shifts_of(volunteer: Volunteer, user: Any) -> QuerySet[Shift]:
    """A volunteer's shifts from four weeks ago on, as far as the user may see them."""
    since = timezone.now() - timedelta(weeks=4)
    return scope(
        user,
        volunteer.shifts.filter(occurrence__starts_at__gte=since).select_related(
            "occurrence__activity"
        ),
    ).order_by("occurrence__starts_at")


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


GAP_WEEKS = 4
LOAD_WEEKS_BACK = 4
LOAD_WEEKS_AHEAD = 8


@dataclass(frozen=True)
class Gap:
    occurrence: Occurrence
    role: str
    label: str
    missing: int


def rota_gaps(initiative: Initiative, user: Any, weeks: int = GAP_WEEKS) -> list[Gap]:
    """Roles still missing on the initiative's dates of the coming weeks, soonest first."""
    now = timezone.now()
    occurrences = (
        scope(
            user,
            Occurrence.objects.filter(
                activity__initiative=initiative,
                cancelled=False,
                starts_at__gte=now,
                starts_at__lte=now + timedelta(weeks=weeks),
            ),
        )
        .select_related("activity")
        .prefetch_related("shifts")
        .order_by("starts_at")
    )
    labels = dict(ActivityRole.choices)
    gaps = []
    for occurrence in occurrences:
        on_rota: dict[str, int] = {}
        for shift in occurrence.shifts.all():
            on_rota[shift.role] = on_rota.get(shift.role, 0) + 1
        for role, needed in sorted((occurrence.activity.roles_needed or {}).items()):
            missing = int(needed) - on_rota.get(role, 0)
            if missing > 0:
                gaps.append(Gap(occurrence, role, str(labels.get(role, role)), missing))
    return gaps


@dataclass(frozen=True)
class Load:
    volunteer: Volunteer
    shifts: int
    too_often: bool


def shift_load(initiative: Initiative, user: Any) -> list[Load]:
    """Shifts per active volunteer from four weeks back to eight weeks ahead, busiest first.

    Someone is asked too often with more than one shift a week on average, or with more than
    twice the usual number (the median) once that is at least four.
    """
    now = timezone.now()
    window = Q(
        shifts__occurrence__starts_at__gte=now - timedelta(weeks=LOAD_WEEKS_BACK),
        shifts__occurrence__starts_at__lte=now + timedelta(weeks=LOAD_WEEKS_AHEAD),
        shifts__occurrence__cancelled=False,
        shifts__occurrence__activity__initiative=initiative,
    )
    volunteers = list(
        volunteers_visible_to(user)
        .filter(initiatives=initiative, active=True)
        .annotate(n=Count("shifts", filter=window))
        .order_by("-n", "resident__name")
    )
    counts = [volunteer.n for volunteer in volunteers]  # type: ignore[attr-defined]
    median = statistics.median_low(counts) if counts else 0
    per_week_limit = LOAD_WEEKS_BACK + LOAD_WEEKS_AHEAD
    return [
        Load(
            volunteer,
            volunteer.n,  # type: ignore[attr-defined]
            volunteer.n > per_week_limit  # type: ignore[attr-defined]
            or (volunteer.n >= 4 and volunteer.n > 2 * median),  # type: ignore[attr-defined]
        )
        for volunteer in volunteers
    ]


def patterns_of(initiative: Initiative, user: Any) -> QuerySet[RotaPattern]:
    volunteers = volunteers_visible_to(user)
    return (
        RotaPattern.objects.filter(
            activity__initiative=initiative, active=True, volunteer__in=volunteers
        )
        .select_related("activity", "volunteer__resident")
        .order_by("activity__title", "role", "id")
    )


def swap_candidates(shift: Shift) -> QuerySet[Volunteer]:
    """Colleagues of the same initiative who take this role: names only, for the swap list."""
    return (
        Volunteer.objects.filter(
            initiatives=shift.occurrence.activity.initiative_id,
            active=True,
            roles__icontains=f'"{shift.role}"',
        )
        .exclude(pk=shift.volunteer_id)
        .select_related("resident")
        .order_by("resident__name")
    )
