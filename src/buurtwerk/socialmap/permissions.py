"""Who may read and maintain the social map, and who sees escalations and referrals.

The map itself is public information: every role reads it (and anonymous visitors read the
public pages and API). Buurtwerkers and teamleiders maintain it. Escalations and referrals are
about residents' questions, so they stay within the team that works in the neighbourhood.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from buurtwerk.core.permissions import ALL_ROLES, PROFESSIONALS, Action, Policy, Role, register
from buurtwerk.people.models import Neighbourhood

from .models import HSDS_MODELS, Escalation, LearnedTerm, Referral, UnansweredSearch

MAP_MAINTAINERS = frozenset({Role.BUURTWERKER, Role.TEAMLEIDER, Role.ADMIN})
TEAM_WORKERS = frozenset({Role.BUURTWERKER, Role.TEAMLEIDER})
REFERRERS = PROFESSIONALS | {Role.VOLUNTEER}

for hsds_model in HSDS_MODELS.values():
    register(
        Policy(
            hsds_model,
            {
                Action.VIEW: ALL_ROLES,
                Action.ADD: MAP_MAINTAINERS,
                Action.CHANGE: MAP_MAINTAINERS,
                Action.DELETE: frozenset({Role.ADMIN}),
            },
        )
    )


def _team_or_own(user: Any, queryset: QuerySet[Any], own_field: str) -> QuerySet[Any]:
    """Professionals: records of their teams' neighbourhoods (and their own); volunteers: own."""
    if user.role == Role.VOLUNTEER:
        return queryset.filter(**{own_field: user})
    return queryset.filter(
        Q(neighbourhood_id__in=user.neighbourhood_ids()) | Q(**{own_field: user})
    )


def _escalation_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if user.role == Role.VOLUNTEER:
        return queryset.filter(asked_by=user)
    return queryset.filter(
        Q(team__in=user.teams.all()) | Q(recipients=user) | Q(asked_by=user)
    ).distinct()


def _referral_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return _team_or_own(user, queryset, "referred_by")


def _gap_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(
        Q(neighbourhood_id__in=user.neighbourhood_ids()) | Q(neighbourhood__isnull=True)
    )


register(
    Policy(
        Escalation,
        {
            Action.VIEW: TEAM_WORKERS | {Role.VOLUNTEER},
            Action.ADD: frozenset({Role.VOLUNTEER}),
            Action.CHANGE: TEAM_WORKERS,
        },
        scope=_escalation_scope,
    )
)

register(
    Policy(
        Referral,
        {Action.VIEW: REFERRERS, Action.ADD: REFERRERS, Action.CHANGE: REFERRERS},
        scope=_referral_scope,
    )
)

register(Policy(UnansweredSearch, {Action.VIEW: TEAM_WORKERS}, scope=_gap_scope))


def _learned_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """What was learned in the municipalities the user works in; the beheerder sees all."""
    if user.role == Role.ADMIN:
        return queryset
    municipalities = Neighbourhood.objects.filter(id__in=user.neighbourhood_ids()).values(
        "district__municipality_id"
    )
    return queryset.filter(Q(municipality_id__in=municipalities) | Q(municipality__isnull=True))


# Buurtwerkers and the beheerder see what the vraagbaak learned from referrals and may undo it.
LEARNING_KEEPERS = TEAM_WORKERS | {Role.ADMIN}
register(
    Policy(
        LearnedTerm,
        {Action.VIEW: LEARNING_KEEPERS, Action.DELETE: LEARNING_KEEPERS},
        scope=_learned_scope,
    )
)
