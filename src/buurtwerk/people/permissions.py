"""Who may see and change residents, their consent, legal bases and relations."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from buurtwerk.accounts.models import User
from buurtwerk.core.permissions import ALL_ROLES, PROFESSIONALS, Action, Policy, Role, register

from .models import (
    Consent,
    District,
    Municipality,
    Neighbourhood,
    Organisation,
    ProcessingBasis,
    Relation,
    Resident,
    Team,
)

ADMIN_ONLY = frozenset({Role.ADMIN})


def residents_in_reach(user: Any, residents: QuerySet[Any], via: str = "") -> QuerySet[Any]:
    """Record-level rule for everything that belongs to a resident.

    Professionals work with the residents of their teams' neighbourhoods; a volunteer only with
    the residents they were introduced to (a relation to their account, or an "introduced"
    relation to their own resident record) and their own record.
    `via` is the lookup path from the queryset's model to the resident ("" for Resident itself).
    """
    prefix = f"{via}__" if via else ""
    role = user.role
    if role in PROFESSIONALS:
        return residents.filter(
            **{f"{prefix}neighbourhood_id__in": user.neighbourhood_ids()},
            **{f"{prefix}erased_at__isnull": True},
        )
    if role == Role.VOLUNTEER:
        introduced = Q(**{f"{prefix}relations__user": user})
        own = Q(**{f"{prefix}pk": user.resident_id}) if user.resident_id else Q(pk__in=[])
        if user.resident_id:
            # A volunteer who is a resident too meets people through a match: that relation
            # is recorded between the two residents (kind "introduced").
            introduced |= Q(
                **{
                    f"{prefix}relations__other_resident_id": user.resident_id,
                    f"{prefix}relations__kind": Relation.Kind.INTRODUCED,
                }
            )
        return residents.filter(introduced | own, **{f"{prefix}erased_at__isnull": True}).distinct()
    return residents.none()


MUNICIPALITY_PATHS = {
    Municipality: "pk",
    District: "municipality",
    Neighbourhood: "district__municipality",
    Organisation: "municipality",
    Team: "municipality",
}


def municipality_ids(user: Any) -> set[int]:
    """The municipalities a user works for, through their teams (one installation, many tenants)."""
    if not hasattr(user, "_municipality_ids"):
        user._municipality_ids = set(user.teams.values_list("municipality_id", flat=True))
    return user._municipality_ids


def _same_municipality(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Reference data of the user's own municipalities; an administrator without a team
    manages the whole installation."""
    if user.role == Role.ADMIN and not municipality_ids(user):
        return queryset
    path = MUNICIPALITY_PATHS[queryset.model]
    return queryset.filter(**{f"{path}__in": municipality_ids(user)})


def _resident_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return residents_in_reach(user, queryset)


def _via_resident(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return residents_in_reach(user, queryset, via="resident")


register(
    Policy(
        Resident,
        {
            Action.VIEW: PROFESSIONALS | {Role.VOLUNTEER},
            Action.ADD: PROFESSIONALS,
            Action.CHANGE: PROFESSIONALS,
            # Erasing and exporting everything about a person (AVG requests) is the team lead's.
            Action.DELETE: frozenset({Role.TEAMLEIDER}),
            Action.EXPORT: frozenset({Role.TEAMLEIDER}),
        },
        scope=_resident_scope,
        restricted_fields={
            "notes": PROFESSIONALS,
            "birth_year": PROFESSIONALS,
            "certificate_of_conduct_on": PROFESSIONALS,
            "seeks_participation": PROFESSIONALS,
            # A volunteer visits at the address they are given; where exactly someone lives on
            # the map and whether they agreed to matching is the professionals' business.
            "lat": PROFESSIONALS,
            "lon": PROFESSIONALS,
            "has_matching_consent": PROFESSIONALS,
        },
    )
)

for resident_part in (Consent, ProcessingBasis):
    register(
        Policy(
            resident_part,
            {Action.VIEW: PROFESSIONALS, Action.ADD: PROFESSIONALS, Action.CHANGE: PROFESSIONALS},
            scope=_via_resident,
        )
    )

register(
    Policy(
        Relation,
        {
            Action.VIEW: PROFESSIONALS,
            Action.ADD: PROFESSIONALS,
            Action.CHANGE: PROFESSIONALS,
            Action.DELETE: PROFESSIONALS,
        },
        scope=_via_resident,
    )
)

for reference_model in (Municipality, District, Neighbourhood, Organisation, Team):
    register(
        Policy(
            reference_model,
            {
                Action.VIEW: ALL_ROLES,
                Action.ADD: ADMIN_ONLY,
                Action.CHANGE: ADMIN_ONLY,
                Action.DELETE: ADMIN_ONLY,
            },
            scope=_same_municipality,
        )
    )

register(
    Policy(
        User,
        {
            Action.VIEW: ADMIN_ONLY,
            Action.ADD: ADMIN_ONLY,
            Action.CHANGE: ADMIN_ONLY,
            Action.DELETE: ADMIN_ONLY,
        },
    )
)
