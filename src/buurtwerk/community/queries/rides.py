"""Ride requests, for coordinators and for the volunteer driver."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, scope

from ..models import Occurrence, RideRequest, Volunteer
from .reach import get_in_reach


def ride_requests_for(occurrence: Occurrence, user: Any) -> QuerySet[RideRequest]:
    return scope(
        user,
        occurrence.ride_requests.exclude(status=RideRequest.Status.CANCELLED).select_related(
            "resident", "driver_offer__volunteer__resident", "arrangement"
        ),
    )


def get_ride_request_for(
    user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW
) -> RideRequest:
    ride = get_in_reach(
        user,
        RideRequest.objects.select_related("resident__neighbourhood", "occurrence__activity"),
        pk,
        purpose=purpose,
        action=action,
    )
    if action == Action.VIEW:
        record(user, AuditVerb.VIEW, ride, purpose=purpose)
    return ride


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


def rides_driven_by(volunteer: Volunteer, user: Any) -> QuerySet[RideRequest]:
    """The rides a volunteer drives (from four weeks ago on), as far as the user may see them."""
    since = timezone.now() - timedelta(weeks=4)
    return scope(
        user,
        RideRequest.objects.filter(
            driver_offer__volunteer=volunteer,
            occurrence__starts_at__gte=since,
            status=RideRequest.Status.CONFIRMED,
        ).select_related("resident", "occurrence__activity"),
    ).order_by("occurrence__starts_at")
