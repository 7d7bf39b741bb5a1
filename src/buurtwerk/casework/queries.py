"""Reads of casework data, always scoped to the asking user.

Opening a confidential signal or a case writes an audit entry here, so views, API and CLI
cannot forget to. A record outside the user's reach gives 404 and the attempt is logged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth, TruncWeek
from django.http import Http404
from django.utils import timezone

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.permissions import Action, can, scope
from buurtwerk.people.models import Relation, Resident, Team

from .engine.diagrams import NetworkMap, NetworkMember, layout_network
from .models import (
    AgendaItem,
    Case,
    CaseParticipant,
    Contact,
    FollowUp,
    Meeting,
    RoutingRule,
    Signal,
    SignalCategory,
)
from .permissions import cases_in_reach, team_ids, team_signals
from .permissions import team_members as team_workers


class SignalAccess(StrEnum):
    """How much of a signal the user may read."""

    TEAM = "team"  # everything: notes, actions, history
    REPORTER = "reporter"  # only what they wrote and whether it was picked up


def _deny(user: Any, model: Any, pk: Any, purpose: str) -> Http404:
    record(user, AuditVerb.DENIED, model, purpose=purpose, object_id=str(pk)[:64])
    return Http404("Niet gevonden")


# Signals -------------------------------------------------------------------------------------


def categories_for_reporting() -> QuerySet[SignalCategory]:
    return SignalCategory.objects.filter(active=True).order_by("route", "name")


def signals_visible_to(user: Any, *, reported_by_me: bool = False) -> QuerySet[Signal]:
    signals = scope(
        user, Signal.objects.select_related("category", "neighbourhood", "team", "assignee")
    )
    if reported_by_me:
        signals = signals.filter(reporter=user)
    return signals


def team_signals_for(user: Any) -> QuerySet[Signal]:
    """The signals the user works on as a member of the receiving team."""
    return team_signals(user, signals_visible_to(user))


def signal_access(user: Any, signal: Signal) -> SignalAccess | None:
    if team_signals(user, Signal.objects.filter(pk=signal.pk)).exists():
        return SignalAccess.TEAM
    if signal.reporter_id is not None and signal.reporter_id == user.pk:
        return SignalAccess.REPORTER
    return None


def get_signal_for(
    user: Any, pk: Any, *, purpose: str, action: Action = Action.VIEW
) -> tuple[Signal, SignalAccess]:
    """One signal the user may see, and how much of it; confidential reads are audited."""
    signals = scope(
        user,
        Signal.objects.select_related(
            "category", "neighbourhood", "team", "assignee", "resident", "reporter"
        ),
        action,
    )
    signal = signals.filter(pk=pk).first() if str(pk).isdigit() else None
    access = signal_access(user, signal) if signal is not None else None
    if signal is None or access is None:
        raise _deny(user, Signal, pk, purpose)
    if action == Action.VIEW and signal.is_confidential:
        record(user, AuditVerb.VIEW, signal, purpose=purpose)
    return signal, access


def signal_follow_ups(user: Any, signal: Signal) -> QuerySet[FollowUp]:
    return scope(user, signal.follow_ups.select_related("assignee"))


def team_members(team: Team) -> QuerySet[Any]:
    return team_workers(team).order_by("first_name", "username")


def routing_rules_for(user: Any) -> QuerySet[RoutingRule]:
    return scope(user, RoutingRule.objects.select_related("category", "neighbourhood", "team"))


def teams_for_rules(user: Any) -> QuerySet[Team]:
    teams = Team.objects.filter(kind__in=[Team.Kind.WIJKTEAM, Team.Kind.AREA_TEAM])
    return teams if user.role == "admin" else teams.filter(pk__in=team_ids(user))


# Cases ---------------------------------------------------------------------------------------


def cases_visible_to(user: Any, *, include_closed: bool = False) -> QuerySet[Case]:
    cases = scope(user, Case.objects.select_related("resident", "team", "coordinator"))
    if not include_closed:
        cases = cases.exclude(status=Case.Status.CLOSED)
    return cases


def list_cases_for(user: Any, *, include_closed: bool = False, purpose: str) -> QuerySet[Case]:
    """The case list, itself confidential (titles and residents): the read is audited."""
    record(user, AuditVerb.LIST, Case, purpose=purpose)
    return cases_visible_to(user, include_closed=include_closed)


def get_case_for(user: Any, pk: Any, *, purpose: str, action: Action = Action.VIEW) -> Case:
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
        raise _deny(user, Case, pk, purpose)
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


# Contact log ---------------------------------------------------------------------------------


def contacts_visible_to(user: Any) -> QuerySet[Contact]:
    return scope(
        user,
        Contact.objects.select_related("worker", "case").prefetch_related(
            "residents", "organisations"
        ),
    )


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class SplitLine:
    """A worker's minutes in one week or month, split by purpose."""

    worker: str
    period_start: date
    casework_minutes: int
    community_minutes: int


def contact_split(
    user: Any, *, period: Period = Period.WEEK, start: date, end: date
) -> list[SplitLine]:
    """Per worker and period: minutes of individual casework and of community building."""
    trunc = TruncWeek if period == Period.WEEK else TruncMonth
    visible = contacts_visible_to(user).values("pk")
    rows = (
        Contact.objects.filter(pk__in=visible, happened_on__gte=start, happened_on__lte=end)
        .annotate(period_start=trunc("happened_on"))
        .values(
            "worker__username",
            "worker__first_name",
            "worker__last_name",
            "period_start",
            "purpose",
        )
        .annotate(minutes=Sum("duration_minutes"))
        .order_by()
    )
    totals: dict[tuple[str, date], dict[str, int]] = defaultdict(
        lambda: {Contact.Purpose.CASEWORK: 0, Contact.Purpose.COMMUNITY: 0}
    )
    for row in rows:
        name = (
            f"{row['worker__first_name']} {row['worker__last_name']}".strip()
            or row["worker__username"]
        )
        period_start = row["period_start"]
        if hasattr(period_start, "date"):
            period_start = period_start.date()
        totals[(name, period_start)][row["purpose"]] += row["minutes"] or 0
    return [
        SplitLine(
            worker=name,
            period_start=period_start,
            casework_minutes=minutes[Contact.Purpose.CASEWORK],
            community_minutes=minutes[Contact.Purpose.COMMUNITY],
        )
        for (name, period_start), minutes in sorted(
            totals.items(), key=lambda kv: (kv[0][1], kv[0][0])
        )
    ]


# Team meetings -------------------------------------------------------------------------------


def meeting_teams_of(user: Any) -> QuerySet[Team]:
    return Team.objects.filter(
        pk__in=team_ids(user), kind__in=[Team.Kind.WIJKTEAM, Team.Kind.AREA_TEAM]
    )


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return scope(user, Meeting.objects.select_related("team", "chair"))


def get_meeting_for(user: Any, pk: Any, *, purpose: str, action: Action = Action.VIEW) -> Meeting:
    meetings = scope(user, Meeting.objects.select_related("team", "chair", "previous"), action)
    meeting = meetings.filter(pk=pk).first() if str(pk).isdigit() else None
    if meeting is None:
        raise _deny(user, Meeting, pk, purpose)
    if action == Action.VIEW:
        record(user, AuditVerb.VIEW, meeting, purpose=purpose)
    return meeting


@dataclass
class AgendaSources:
    signals: list[Signal]
    cases: list[Case]
    overdue: list[FollowUp]


def agenda_sources(meeting: Meeting) -> AgendaSources:
    """What belongs on a team's agenda.

    New and changed signals since the previous meeting, open cases whose discussion date has
    come, and open actions past their due date.
    """
    meeting_day = timezone.localtime(meeting.starts_at).date()
    window: dict[str, Any] = {"gte": meeting.since}
    if meeting.starts_at < meeting.created_at:
        # A meeting written down afterwards shows what was new up to that meeting only.
        window["lt"] = meeting.starts_at
    signals = Signal.objects.filter(team=meeting.team).filter(
        Q(**{f"created_at__{bound}": moment for bound, moment in window.items()})
        | Q(**{f"updated_at__{bound}": moment for bound, moment in window.items()})
    )
    if meeting.team.kind == Team.Kind.AREA_TEAM:
        # An area team meets with partners: care and personal signals never reach its agenda.
        signals = signals.filter(route="liveability", about_person=False)
    cases = Case.objects.filter(team=meeting.team, next_discussion_on__lte=meeting_day).exclude(
        status=Case.Status.CLOSED
    )
    overdue = FollowUp.objects.filter(
        team=meeting.team, done_at__isnull=True, due_on__lt=meeting_day
    )
    return AgendaSources(
        signals=list(signals.order_by("created_at", "id")),
        cases=list(cases.order_by("next_discussion_on", "id")),
        overdue=list(overdue.order_by("due_on", "id")),
    )


@dataclass
class AgendaLine:
    """One agenda item as this user may see it: hidden content shows as confidential."""

    item: AgendaItem
    visible: bool
    url: str
    decisions: list[Any]

    @property
    def title(self) -> str:
        from django.utils.translation import gettext as _

        item = self.item
        if not self.visible:
            return _("Vertrouwelijk punt (alleen voor betrokkenen)")
        if item.signal is not None:
            return f"{item.signal.category.name}: {item.signal.summary}"
        if item.case is not None:
            return item.case.title
        if item.follow_up is not None:
            return item.follow_up.description
        return item.title


def agenda_for(user: Any, meeting: Meeting, *, purpose: str) -> list[AgendaLine]:
    """The agenda of a meeting, each item checked against the user's own reach.

    Each confidential signal or case shown is written to the audit log as read.
    """
    from django.urls import reverse

    items = meeting.items.select_related(
        "signal__category", "case__resident", "follow_up__assignee"
    ).prefetch_related("decisions__follow_ups")
    visible_signal_ids = set(
        team_signals(user, Signal.objects.filter(agenda_items__meeting=meeting)).values_list(
            "id", flat=True
        )
    )
    visible_case_ids = set(
        cases_in_reach(user, Case.objects.filter(agenda_items__meeting=meeting)).values_list(
            "id", flat=True
        )
    )
    visible_follow_up_ids = set(
        scope(user, FollowUp.objects.filter(agenda_items__meeting=meeting)).values_list(
            "id", flat=True
        )
    )
    lines = []
    for item in items:
        url = ""
        if item.signal_id:
            visible = item.signal_id in visible_signal_ids
            if visible:
                url = reverse("casework:signal_detail", args=[item.signal_id])
                if item.signal is not None and item.signal.is_confidential:
                    record(user, AuditVerb.VIEW, item.signal, purpose=purpose)
        elif item.case_id:
            visible = item.case_id in visible_case_ids
            if visible:
                url = reverse("casework:case_detail", args=[item.case_id])
                record(user, AuditVerb.VIEW, item.case, purpose=purpose)
        elif item.follow_up_id:
            visible = item.follow_up_id in visible_follow_up_ids
        else:
            visible = True
        lines.append(
            AgendaLine(item=item, visible=visible, url=url, decisions=list(item.decisions.all()))
        )
    return lines


def open_follow_ups_of(user: Any, meeting: Meeting) -> QuerySet[FollowUp]:
    return scope(
        user,
        FollowUp.objects.filter(decision__meeting=meeting).select_related("assignee", "decision"),
    )


# Netwerkkaart --------------------------------------------------------------------------------


def network_map_of(user: Any, resident: Resident) -> NetworkMap:
    """The resident's network as far as the user may see it, laid out by closeness."""
    from buurtwerk.people.queries import relations_of

    members = []
    for relation in relations_of(user, resident):
        if relation.resident_id == resident.pk:
            name = relation.counterpart_name()
        else:
            name = relation.resident.name
        members.append(NetworkMember(name=name, kind=relation.kind, closeness=relation.closeness))
    return layout_network(members)


def may_see_network(user: Any) -> bool:
    return can(user, Action.VIEW, Relation)


def recent_days(days: int) -> tuple[date, date]:
    end = timezone.localdate()
    return end - timedelta(days=days), end
