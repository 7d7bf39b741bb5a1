"""Team meetings: planning, agenda, decisions and closing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.models import Team

from ..models import AgendaItem, Decision, Meeting
from ..permissions import team_ids
from ..queries import agenda_sources
from .follow_ups import do_add_follow_up


@action(Purpose.PLAN_MEETING, Action.ADD, Meeting)
def do_plan_meeting(team: Team, starts_at: datetime, acting_user: Actor) -> Meeting:
    """Plan a team meeting and draw up its agenda from what happened since the last one."""
    if team.pk not in team_ids(acting_user) or team.kind not in (
        Team.Kind.WIJKTEAM,
        Team.Kind.AREA_TEAM,
    ):
        raise ValidationError({"team": _("Kies een wijkteam of gebiedsteam waar u zelf in zit.")})
    previous = (
        Meeting.objects.filter(team=team, starts_at__lt=starts_at).order_by("-starts_at").first()
    )
    meeting = Meeting.objects.create(
        team=team,
        starts_at=starts_at,
        previous=previous,
        since=previous.starts_at
        if previous
        else min(starts_at, timezone.now()) - timedelta(days=7),
        chair=user_of(acting_user),
    )
    added = _fill_agenda(meeting)
    audit(
        acting_user,
        AuditVerb.CREATE,
        meeting,
        fields=["team", "starts_at", *(["agenda"] if added else [])],
    )
    return meeting


def _fill_agenda(meeting: Meeting) -> int:
    """Add what is not yet on the agenda: new and changed signals, cases due, overdue actions."""

    present = set(meeting.items.values_list("kind", "signal_id", "case_id", "follow_up_id"))
    position = meeting.items.aggregate(models.Max("position"))["position__max"] or 0
    new_items = []
    sources = agenda_sources(meeting)
    for kind, field_name, objects in (
        (AgendaItem.Kind.SIGNAL, "signal", sources.signals),
        (AgendaItem.Kind.CASE, "case", sources.cases),
        (AgendaItem.Kind.OVERDUE, "follow_up", sources.overdue),
    ):
        for obj in objects:
            key = (
                kind,
                obj.pk if field_name == "signal" else None,
                obj.pk if field_name == "case" else None,
                obj.pk if field_name == "follow_up" else None,
            )
            if key in present:
                continue
            position += 1
            new_items.append(
                AgendaItem(meeting=meeting, kind=kind, position=position, **{field_name: obj})
            )
    AgendaItem.objects.bulk_create(new_items)
    return len(new_items)


def _require_open_meeting(meeting: Meeting, acting_user: Actor, purpose: Purpose) -> None:
    require(acting_user, Action.CHANGE, meeting, purpose=purpose)
    if meeting.closed_at is not None:
        raise ValidationError(_("De notulen van dit overleg zijn al vastgesteld."))


@action(Purpose.UPDATE_AGENDA)
def do_refresh_agenda(meeting: Meeting, acting_user: Actor) -> int:
    _require_open_meeting(meeting, acting_user, Purpose.UPDATE_AGENDA)
    added = _fill_agenda(meeting)
    audit(acting_user, AuditVerb.CHANGE, meeting, fields=["agenda"])
    return added


@action(Purpose.ADD_AGENDA_ITEM)
def do_add_agenda_item(meeting: Meeting, title: str, acting_user: Actor) -> AgendaItem:
    _require_open_meeting(meeting, acting_user, Purpose.ADD_AGENDA_ITEM)
    if not title.strip():
        raise ValidationError({"title": _("Schrijf het onderwerp op.")})
    position = meeting.items.aggregate(models.Max("position"))["position__max"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting, kind=AgendaItem.Kind.OTHER, position=position + 1, title=title.strip()
    )
    audit(acting_user, AuditVerb.CREATE, item, fields=["title"])
    return item


@action(Purpose.RECORD_DECISION)
def do_record_decision(
    meeting: Meeting,
    text: str,
    acting_user: Actor,
    *,
    item: AgendaItem | None = None,
    action_description: str = "",
    action_due_on: date | None = None,
    action_assignee: Any = None,
) -> Decision:
    """Write down a decision; with an action description it becomes a follow-up action too."""
    _require_open_meeting(meeting, acting_user, Purpose.RECORD_DECISION)
    if not text.strip():
        raise ValidationError({"text": _("Schrijf het besluit op.")})
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("Dit agendapunt hoort niet bij dit overleg.")})
    if action_description.strip() and action_due_on is None:
        raise ValidationError({"action_due_on": _("Kies een datum voor de actie.")})
    decision = Decision.objects.create(
        meeting=meeting, item=item, text=text.strip(), recorded_by=user_of(acting_user)
    )
    audit(
        acting_user,
        AuditVerb.CREATE,
        decision,
        fields=["text"],
    )
    if action_description.strip():
        signal = item.signal if item is not None else None
        case = item.case if item is not None else None
        if item is not None and item.follow_up is not None:
            signal, case = item.follow_up.signal, item.follow_up.case
        do_add_follow_up(
            acting_user,
            description=action_description,
            due_on=action_due_on,
            team=meeting.team,
            assignee=action_assignee,
            signal=signal if signal is not None and signal.team_id == meeting.team_id else None,
            case=case if case is not None and case.team_id == meeting.team_id else None,
            decision=decision,
        )
    return decision


@action(Purpose.CLOSE_MINUTES)
def do_close_meeting(meeting: Meeting, attendees: Iterable[Any], acting_user: Actor) -> Meeting:
    """Settle the minutes: from now on the meeting is read-only."""
    _require_open_meeting(meeting, acting_user, Purpose.CLOSE_MINUTES)
    attendees = list(attendees)
    if any(not attendee.teams.filter(pk=meeting.team_id).exists() for attendee in attendees):
        raise ValidationError({"attendees": _("Kies alleen mensen uit het team.")})
    meeting.attendees.set(attendees)
    meeting.closed_at = timezone.now()
    meeting.save(update_fields=["closed_at"])
    audit(
        acting_user,
        AuditVerb.CHANGE,
        meeting,
        fields=["attendees", "closed_at"],
    )
    return meeting
