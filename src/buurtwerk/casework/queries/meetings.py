"""Team meetings and the agenda built from open work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, scope
from buurtwerk.people.models import Team

from ..models import AgendaItem, Case, FollowUp, Meeting, Signal
from ..permissions import cases_in_reach, team_ids, team_signals
from .denied import denied


def meeting_teams_of(user: Any) -> QuerySet[Team]:
    return Team.objects.filter(
        pk__in=team_ids(user), kind__in=[Team.Kind.WIJKTEAM, Team.Kind.AREA_TEAM]
    )


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return scope(user, Meeting.objects.select_related("team", "chair"))


def get_meeting_for(
    user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW
) -> Meeting:
    meetings = scope(user, Meeting.objects.select_related("team", "chair", "previous"), action)
    meeting = meetings.filter(pk=pk).first() if str(pk).isdigit() else None
    if meeting is None:
        raise denied(user, Meeting, pk, purpose)
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


def agenda_for(user: Any, meeting: Meeting, *, purpose: Purpose) -> list[AgendaLine]:
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
