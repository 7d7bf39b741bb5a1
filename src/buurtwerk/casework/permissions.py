"""Who may see and change signals, cases, contacts and meetings.

A signal about a person is confidential: only the members of the receiving team and the
reporter see it, and the reporter only sees that it was picked up. Area partners (police,
housing corporation, municipality) work in front of the door: they see liveability signals of
their area team and never a signal about care or about a person. Volunteers and administrators
are never "the team": they see the signals they reported themselves.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from buurtwerk.core.permissions import (
    ALL_ROLES,
    PROFESSIONALS,
    Action,
    Policy,
    Role,
    register,
    scope,
)
from buurtwerk.people.models import Neighbourhood

from .models import (
    AgendaItem,
    Case,
    CaseGoal,
    CaseLink,
    CaseParticipant,
    Contact,
    Decision,
    FollowUp,
    Meeting,
    Route,
    RoutingRule,
    Signal,
    SignalCategory,
    SignalTransition,
)

ADMIN_ONLY = frozenset({Role.ADMIN})
TEAM_ROLES = PROFESSIONALS | {Role.AREA_PARTNER}
RULE_EDITORS = frozenset({Role.TEAMLEIDER, Role.ADMIN})
NOBODY: frozenset[Role] = frozenset()


def team_ids(user: Any) -> set[int]:
    """The teams the user belongs to, cached on the user object for one request."""
    if not hasattr(user, "_casework_team_ids"):
        user._casework_team_ids = set(user.teams.values_list("id", flat=True))
    return user._casework_team_ids


def team_members(team: Any) -> QuerySet[Any]:
    """Who can take on work for a team: its professionals and partners, never volunteers."""
    return team.members.filter(is_active=True, role__in=TEAM_ROLES)


def _team_signal_filter(user: Any, prefix: str = "") -> Q:
    """Signals the user handles as a member of the receiving team."""
    if user.role not in TEAM_ROLES:
        return Q(pk__in=[])
    condition = Q(**{f"{prefix}team_id__in": team_ids(user)})
    if user.role == Role.AREA_PARTNER:
        condition &= Q(**{f"{prefix}route": Route.LIVEABILITY, f"{prefix}about_person": False})
    return condition


def team_signals(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The signals whose content (notes, actions, history) the user may read."""
    return queryset.filter(_team_signal_filter(user))


def is_team_member_for(user: Any, signal: Signal) -> bool:
    return team_signals(user, Signal.objects.filter(pk=signal.pk)).exists()


def _signal_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    # A reporter follows their signal only where they work: never into another municipality.
    own_report = Q(reporter=user, neighbourhood__in=scope(user, Neighbourhood.objects.all()))
    return queryset.filter(_team_signal_filter(user) | own_report)


def _transition_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(_team_signal_filter(user, "signal__"))


def _case_filter(user: Any, prefix: str = "") -> Q:
    if user.role not in PROFESSIONALS:
        return Q(pk__in=[])
    involved = (
        Q(**{f"{prefix}confidentiality": Case.Confidentiality.TEAM})
        | Q(**{f"{prefix}participants__user": user})
        | Q(**{f"{prefix}coordinator": user})
        | Q(**{f"{prefix}created_by": user})
    )
    return Q(**{f"{prefix}team_id__in": team_ids(user)}) & involved


def cases_in_reach(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    ids = Case.objects.filter(_case_filter(user)).values("id")
    return queryset.filter(pk__in=ids)


def _via_case(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(case__in=cases_in_reach(user, Case.objects.all()))


def _follow_up_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if user.role not in TEAM_ROLES:
        return queryset.none()
    visible_cases = cases_in_reach(user, Case.objects.all())
    queryset = queryset.filter(team_id__in=team_ids(user)).filter(
        Q(case__isnull=True) | Q(case__in=visible_cases)
    )
    if user.role == Role.AREA_PARTNER:
        queryset = queryset.filter(case__isnull=True).exclude(
            Q(signal__route=Route.CARE) | Q(signal__about_person=True)
        )
    return queryset


def _contact_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    own = Q(worker=user)
    if user.role == Role.TEAMLEIDER:
        return queryset.filter(own | Q(worker__teams__in=team_ids(user))).distinct()
    return queryset.filter(own)


def _meeting_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if user.role not in TEAM_ROLES:
        return queryset.none()
    return queryset.filter(team_id__in=team_ids(user))


def _via_meeting(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(meeting__in=_meeting_scope(user, Meeting.objects.all()))


def _rule_scope(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if user.role == Role.ADMIN:
        return queryset
    return queryset.filter(team_id__in=team_ids(user))


def _roles(view: frozenset[Role], add: frozenset[Role], change: frozenset[Role], delete=NOBODY):  # type: ignore[no-untyped-def]
    return {Action.VIEW: view, Action.ADD: add, Action.CHANGE: change, Action.DELETE: delete}


register(Policy(SignalCategory, _roles(ALL_ROLES, ADMIN_ONLY, ADMIN_ONLY, ADMIN_ONLY)))
register(
    Policy(RoutingRule, _roles(RULE_EDITORS, RULE_EDITORS, RULE_EDITORS, RULE_EDITORS), _rule_scope)
)
register(
    Policy(
        Signal,
        _roles(ALL_ROLES, ALL_ROLES, TEAM_ROLES),
        _signal_scope,
        restricted_fields={"notes": TEAM_ROLES, "assignee": TEAM_ROLES},
    )
)
register(Policy(SignalTransition, _roles(TEAM_ROLES, NOBODY, NOBODY), _transition_scope))
register(Policy(FollowUp, _roles(TEAM_ROLES, TEAM_ROLES, TEAM_ROLES), _follow_up_scope))
register(Policy(Case, _roles(PROFESSIONALS, PROFESSIONALS, PROFESSIONALS), cases_in_reach))
for case_part in (CaseParticipant, CaseGoal, CaseLink):
    register(
        Policy(
            case_part, _roles(PROFESSIONALS, PROFESSIONALS, PROFESSIONALS, PROFESSIONALS), _via_case
        )
    )
register(
    Policy(
        Contact, _roles(PROFESSIONALS, PROFESSIONALS, PROFESSIONALS, PROFESSIONALS), _contact_scope
    )
)
register(Policy(Meeting, _roles(TEAM_ROLES, TEAM_ROLES, TEAM_ROLES), _meeting_scope))
for meeting_part in (AgendaItem, Decision):
    register(Policy(meeting_part, _roles(TEAM_ROLES, TEAM_ROLES, TEAM_ROLES), _via_meeting))
