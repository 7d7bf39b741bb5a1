"""Who may see and change initiatives, activities, rota, rides and registrations.

Activities and initiatives are not personal: everyone working in a neighbourhood sees those of
its teams' neighbourhoods. Everything about a resident (sign-ups, rides, wishes) follows the
people rules. A volunteer sees their own volunteer record, their own shifts and driving, and
the rides they drive: the residents they help.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from buurtwerk.core.permissions import PROFESSIONALS, Action, Policy, Role, register
from buurtwerk.people.permissions import residents_in_reach

from .models import (
    Activity,
    DriverOffer,
    Initiative,
    Occurrence,
    ReconnectOutcome,
    ReconnectProfile,
    Registration,
    RideArrangement,
    RideRequest,
    Shift,
    SignUp,
    SupportLog,
    Volunteer,
)

B, T, W, A, V = (
    Role.BUURTWERKER, Role.TEAMLEIDER, Role.WIJKTEAM, Role.AREA_PARTNER, Role.VOLUNTEER,
)  # fmt: skip
COORDINATORS = frozenset({B, T})
WORKING_IN_NEIGHBOURHOOD = frozenset({B, T, W, A, V})
NOBODY: frozenset[Role] = frozenset()


def _in_neighbourhoods(via: str) -> Any:
    def scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role not in WORKING_IN_NEIGHBOURHOOD:
            return queryset.none()
        return queryset.filter(**{f"{via}__in": user.neighbourhood_ids()})

    return scope


def _own_or_via_resident(own: str, via_resident: str) -> Any:
    """Professionals by the resident's neighbourhood; a volunteer only what is their own."""

    def scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user.role == Role.VOLUNTEER:
            if not user.resident_id:
                return queryset.none()
            return queryset.filter(**{own: user.resident_id})
        return residents_in_reach(user, queryset, via=via_resident)

    return scope


def _via_resident(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if user.role not in PROFESSIONALS:
        return queryset.none()
    return residents_in_reach(user, queryset, via="resident")


def _shift_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if user.role == Role.VOLUNTEER:
        if not user.resident_id:
            return queryset.none()
        return queryset.filter(volunteer__resident_id=user.resident_id)
    return queryset.filter(occurrence__activity__neighbourhood_id__in=user.neighbourhood_ids())


def _ride_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """A driver sees the confirmed rides they drive, never requests still being matched."""
    if user.role == Role.VOLUNTEER:
        if not user.resident_id:
            return queryset.none()
        return queryset.filter(
            driver_offer__volunteer__resident_id=user.resident_id,
            status=RideRequest.Status.CONFIRMED,
        )
    return residents_in_reach(user, queryset, via="resident")


def _roles(
    view: frozenset[Role],
    add: frozenset[Role],
    change: frozenset[Role],
    delete: frozenset[Role],
) -> dict[Action, frozenset[Role]]:
    return {Action.VIEW: view, Action.ADD: add, Action.CHANGE: change, Action.DELETE: delete}


register(
    Policy(
        Initiative,
        _roles(WORKING_IN_NEIGHBOURHOOD, COORDINATORS, COORDINATORS, frozenset({T})),
        scope=_in_neighbourhoods("neighbourhood_id"),
        restricted_fields={"organisers": PROFESSIONALS, "support_description": PROFESSIONALS},
    )
)
register(
    Policy(
        SupportLog,
        _roles(COORDINATORS, COORDINATORS, COORDINATORS, COORDINATORS),
        scope=_in_neighbourhoods("initiative__neighbourhood_id"),
    )
)
register(
    Policy(
        Activity,
        _roles(WORKING_IN_NEIGHBOURHOOD, COORDINATORS, COORDINATORS, frozenset({T})),
        scope=_in_neighbourhoods("neighbourhood_id"),
    )
)
register(
    Policy(
        Occurrence,
        _roles(WORKING_IN_NEIGHBOURHOOD, COORDINATORS, COORDINATORS, frozenset({T})),
        scope=_in_neighbourhoods("activity__neighbourhood_id"),
    )
)
register(
    Policy(
        SignUp,
        _roles(PROFESSIONALS, PROFESSIONALS, PROFESSIONALS, COORDINATORS),
        scope=_via_resident,
    )
)
register(
    Policy(
        Volunteer,
        _roles(PROFESSIONALS | {V}, COORDINATORS, COORDINATORS, frozenset({T})),
        scope=_own_or_via_resident("resident_id", "resident"),
    )
)
register(
    Policy(
        Shift,
        _roles(COORDINATORS | {V}, COORDINATORS, COORDINATORS, COORDINATORS),
        scope=_shift_scope,
    )
)
register(
    Policy(
        DriverOffer,
        _roles(COORDINATORS | {V}, COORDINATORS, COORDINATORS, COORDINATORS),
        scope=_own_or_via_resident("volunteer__resident_id", "volunteer__resident"),
    )
)
register(
    Policy(
        RideArrangement,
        _roles(COORDINATORS | {V}, COORDINATORS, COORDINATORS, NOBODY),
        scope=_own_or_via_resident("driver_offer__volunteer__resident_id", "resident"),
    )
)
register(
    Policy(
        RideRequest,
        _roles(PROFESSIONALS | {V}, PROFESSIONALS, COORDINATORS, NOBODY),
        scope=_ride_scope,
    )
)
register(
    Policy(
        Registration,
        # Residents add registrations themselves on the public page, without an account.
        _roles(COORDINATORS, NOBODY, COORDINATORS, frozenset({T})),
        scope=_in_neighbourhoods("neighbourhood_id"),
    )
)
register(
    Policy(
        ReconnectProfile,
        _roles(PROFESSIONALS, PROFESSIONALS, PROFESSIONALS, NOBODY),
        scope=_via_resident,
    )
)
register(
    Policy(
        ReconnectOutcome,
        _roles(PROFESSIONALS, PROFESSIONALS, NOBODY, NOBODY),
        scope=_via_resident,
    )
)
