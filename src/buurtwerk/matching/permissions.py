"""Who may see and change offers, needs and matches.

Professionals (buurtwerker, teamleider, wijkteam) manage offers, needs and matches of the
residents in their teams' neighbourhoods. A volunteer who is also a resident (User.resident)
sees their own offers, and the matches in which they help once the introduction has happened,
with the need behind them; never suggestions about other people. Area partners and the
administrator see nothing of it: matching is about residents' private lives. Nothing is deleted:
offers end, needs close and matches end or are declined, so the history stays.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from buurtwerk.core.permissions import PROFESSIONALS, Action, Policy, Role, register
from buurtwerk.people.permissions import residents_in_reach

from .models import Match, MatchEvent, Need, Offer

NOBODY: frozenset[Role] = frozenset()
PROFESSIONALS_AND_VOLUNTEERS = PROFESSIONALS | {Role.VOLUNTEER}


def _own_resident_id(user: Any) -> int | None:
    return getattr(user, "resident_id", None)


def _offer_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if user.role == Role.VOLUNTEER:
        own = _own_resident_id(user)
        return queryset.filter(resident_id=own) if own else queryset.none()
    return residents_in_reach(user, queryset, via="resident")


def _need_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if user.role == Role.VOLUNTEER:
        own = _own_resident_id(user)
        if not own:
            return queryset.none()
        return queryset.filter(
            matches__offer__resident_id=own,
            matches__state__in=Match.KNOWN_TO_HELPER_STATES,
            resident__erased_at__isnull=True,
        ).distinct()
    return residents_in_reach(user, queryset, via="resident")


def _match_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if user.role == Role.VOLUNTEER:
        own = _own_resident_id(user)
        if not own:
            return queryset.none()
        return queryset.filter(offer__resident_id=own, state__in=Match.KNOWN_TO_HELPER_STATES)
    return residents_in_reach(user, queryset, via="need__resident")


def _event_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return residents_in_reach(user, queryset, via="match__need__resident")


for model, scope_function in ((Offer, _offer_scope), (Need, _need_scope)):
    register(
        Policy(
            model,
            {
                Action.VIEW: PROFESSIONALS_AND_VOLUNTEERS,
                Action.ADD: PROFESSIONALS,
                Action.CHANGE: PROFESSIONALS,
                Action.DELETE: NOBODY,
            },
            scope=scope_function,
        )
    )

register(
    Policy(
        Match,
        {
            Action.VIEW: PROFESSIONALS_AND_VOLUNTEERS,
            Action.ADD: PROFESSIONALS,
            Action.CHANGE: PROFESSIONALS,
            Action.DELETE: NOBODY,
        },
        scope=_match_scope,
        restricted_fields={"score": PROFESSIONALS, "reasons": PROFESSIONALS},
    )
)

register(
    Policy(
        MatchEvent,
        {
            Action.VIEW: PROFESSIONALS,
            Action.ADD: NOBODY,
            Action.CHANGE: NOBODY,
            Action.DELETE: NOBODY,
        },
        scope=_event_scope,
    )
)
