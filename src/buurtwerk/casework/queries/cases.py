"""Cases and what hangs off them, within the user's reach."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, scope
from buurtwerk.people.models import Team

from ..models import Case, CaseParticipant, Contact, FollowUp, Signal
from ..permissions import team_ids, team_signals
from .denied import denied


def cases_visible_to(user: Any, *, include_closed: bool = False) -> QuerySet[Case]:
    cases = scope(user, Case.objects.select_related("resident", "team", "coordinator"))
    if not include_closed:
        cases = cases.exclude(status=Case.Status.CLOSED)
    return cases


def list_cases_for(user: Any, *, include_closed: bool = False, purpose: Purpose) -> QuerySet[Case]:
    """The case list, itself confidential (titles and residents): the read is audited."""
    record(user, AuditVerb.LIST, Case, purpose=purpose)
    return cases_visible_to(user, include_closed=include_closed)


def get_case_for(user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW) -> Case:
    """One case the user may see; every read is confidential and audited."""
    cases = scope(
        user,
        Case.objects.select_related("resident", "team", "coordinator").prefetch_related(
            Prefetch(
                "participants",
                queryset=CaseParticipant.objects.select_related("user", "resident"),
            ),
            "goals",
        ),
        action,
    )
    case = cases.filter(pk=pk).first() if str(pk).isdigit() else None
    if case is None:
        raise denied(user, Case, pk, purpose)
    if action == Action.VIEW:
        record(user, AuditVerb.VIEW, case, purpose=purpose)
    return case


def case_follow_ups(user: Any, case: Case) -> QuerySet[FollowUp]:
    return scope(user, case.follow_ups.select_related("assignee"))


def case_contacts(user: Any, case: Case) -> QuerySet[Contact]:
    return scope(user, case.contacts.select_related("worker").prefetch_related("residents"))


def case_signals(user: Any, case: Case) -> QuerySet[Signal]:
    return team_signals(user, case.signals.select_related("category"))


def wijkteams_of(user: Any) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=team_ids(user), kind=Team.Kind.WIJKTEAM)
