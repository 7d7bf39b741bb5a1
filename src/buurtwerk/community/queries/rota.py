"""Volunteers and the rota, for coordinators and for the volunteer's own view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from buurtwerk.core.permissions import scope

from ..models import ActivityRole, Occurrence, Shift, Volunteer


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
