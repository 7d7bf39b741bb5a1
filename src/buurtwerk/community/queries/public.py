"""The public neighbourhood page and the registrations it brings in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, can, scope
from buurtwerk.people.models import Neighbourhood

from ..models import Activity, Occurrence, PublicSignUp, Registration, SignUp
from .reach import get_in_reach


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
    """The coming dates, each with the number of places taken (a count, never a name)."""
    now = timezone.now()
    return with_places_taken(
        Occurrence.objects.filter(
            activity__neighbourhood=neighbourhood,
            activity__is_public=True,
            starts_at__gte=now,
            starts_at__lte=now + timedelta(days=days),
        )
        .select_related("activity")
        .order_by("starts_at")
    )


def with_places_taken(occurrences: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    return occurrences.annotate(
        taken=Count(
            "signups",
            filter=~Q(signups__attendance=SignUp.Attendance.CANCELLED),
            distinct=True,
        )
        + Count(
            "public_signups",
            filter=Q(public_signups__status=PublicSignUp.Status.CONFIRMED),
            distinct=True,
        )
    )


def public_occurrence(neighbourhood: Neighbourhood, pk: Any) -> Occurrence:
    """A coming date of a public activity with places, or 404."""
    found = (
        with_places_taken(
            Occurrence.objects.filter(
                activity__neighbourhood=neighbourhood,
                activity__is_public=True,
                activity__capacity__isnull=False,
                starts_at__gte=timezone.now(),
                cancelled=False,
            ).select_related("activity")
        )
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Http404("Niet gevonden")
    return found


def public_signups_for(occurrence: Occurrence, user: Any) -> QuerySet[PublicSignUp]:
    """Who signed up on the public page, for those who may see sign-ups of this date."""
    if not can(user, Action.VIEW, SignUp):
        return PublicSignUp.objects.none()
    return occurrence.public_signups.exclude(status=PublicSignUp.Status.CANCELLED)


def pending_registrations_for(user: Any) -> QuerySet[Registration]:
    return scope(
        user,
        Registration.objects.filter(status=Registration.Status.PENDING).select_related(
            "neighbourhood"
        ),
    )


def get_registration_for(user: Any, pk: Any, *, purpose: Purpose) -> Registration:
    registration = get_in_reach(
        user,
        Registration.objects.select_related("neighbourhood"),
        pk,
        purpose=purpose,
        action=Action.CHANGE,
    )
    record(user, AuditVerb.VIEW, registration, purpose=purpose)
    return registration
