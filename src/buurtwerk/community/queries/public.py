"""The public neighbourhood page and the registrations it brings in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, scope
from buurtwerk.people.models import Neighbourhood

from ..models import Activity, Occurrence, Registration
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
