"""Cases: opening, updating, participants, goals and links to signals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.locking import lock_version
from buurtwerk.core.permissions import Action, can, require
from buurtwerk.people.models import Resident, Team

from ..engine.status_flow import CASE_FLOW
from ..models import Case, CaseGoal, CaseLink, CaseParticipant, Signal
from ..permissions import is_team_member_for, team_ids
from .reach import resident_in_reach

CASE_FIELDS = (
    "title", "household", "status", "confidentiality", "summary", "next_discussion_on",
    "coordinator",
)  # fmt: skip


@action(Purpose.OPEN_CASE, Action.ADD, Case, reach=[resident_in_reach("data.resident")])
def do_open_case(data: Mapping[str, Any], acting_user: Actor) -> Case:
    """Open a case around one resident for one of the user's wijkteams."""
    resident: Resident | None = data.get("resident")
    if resident is None:
        raise ValidationError({"resident": _("Kies de bewoner om wie het gaat.")})
    team: Team | None = data.get("team")
    if team is None or team.pk not in team_ids(acting_user) or team.kind != Team.Kind.WIJKTEAM:
        raise ValidationError({"team": _("Kies een wijkteam waar u zelf in zit.")})
    case = Case(
        resident=resident,
        team=team,
        created_by=user_of(acting_user),
        **{name: data[name] for name in CASE_FIELDS if data.get(name) not in (None, "")},
    )
    if case.coordinator is None:
        case.coordinator = user_of(acting_user)
    case.full_clean(exclude=["created_by"])
    signals: Iterable[Signal] = data.get("signals") or []
    case.save()
    CaseParticipant.objects.create(case=case, role=CaseParticipant.Role.RESIDENT, resident=resident)
    CaseParticipant.objects.create(
        case=case, role=CaseParticipant.Role.COORDINATOR, user=case.coordinator
    )
    audit(acting_user, AuditVerb.CREATE, case, fields=list(data))
    for signal in signals:
        _link_signal(case, signal, acting_user)
    return case


@action(Purpose.CHANGE_CASE, Action.CHANGE, "case")
def do_update_case(
    case: Case,
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    expected_version: int | None = None,
) -> Case:
    # Compare with the stored case: a bound form may already have changed `case` itself.
    current = lock_version(case, expected_version)
    changed = [
        name for name in CASE_FIELDS if name in data and getattr(current, name) != data[name]
    ]
    if "status" in changed and not CASE_FLOW.is_allowed(current.status, data["status"]):
        raise ValidationError({"status": _("Een afgesloten casus gaat alleen terug naar 'Loopt'.")})
    for name in changed:
        setattr(current, name, data[name])
    if "status" in changed:
        current.closed_at = timezone.now() if current.status == Case.Status.CLOSED else None
    current.full_clean(exclude=["created_by"])
    current.save()
    audit(acting_user, AuditVerb.CHANGE, current, fields=changed)
    return current


@action(Purpose.ADD_PARTICIPANT, Action.CHANGE, "case", reach=[resident_in_reach("data.resident")])
def do_add_participant(case: Case, data: Mapping[str, Any], acting_user: Actor) -> CaseParticipant:
    participant = CaseParticipant(
        case=case,
        role=data.get("role") or "",
        user=data.get("user"),
        resident=data.get("resident"),
        name=(data.get("name") or "").strip(),
        note=(data.get("note") or "").strip(),
    )
    counterparts = [p for p in (participant.user, participant.resident, participant.name) if p]
    if len(counterparts) != 1:
        raise ValidationError(
            {"name": _("Kies een medewerker of een bewoner, of vul een naam in. Eén van de drie.")}
        )
    if participant.user is not None and not participant.user.teams.filter(pk=case.team_id).exists():
        raise ValidationError({"user": _("Kies iemand uit het team van de casus.")})
    participant.full_clean()
    participant.save()
    audit(
        acting_user,
        AuditVerb.CREATE,
        participant,
        fields=[name for name in ("role", "user", "resident", "name") if data.get(name)],
    )
    return participant


@action(Purpose.REMOVE_PARTICIPANT, Action.CHANGE, "participant.case")
def do_remove_participant(participant: CaseParticipant, acting_user: Actor) -> None:
    audit(acting_user, AuditVerb.DELETE, participant)
    participant.delete()


@action(Purpose.ADD_GOAL, Action.CHANGE, "case")
def do_add_goal(case: Case, description: str, acting_user: Actor) -> CaseGoal:
    if not description.strip():
        raise ValidationError({"description": _("Schrijf het doel op.")})
    goal = CaseGoal.objects.create(case=case, description=description.strip()[:300])
    audit(acting_user, AuditVerb.CREATE, goal, fields=["description"])
    return goal


@action(Purpose.GOAL_ACHIEVED, Action.CHANGE, "goal.case")
def do_mark_goal_achieved(goal: CaseGoal, acting_user: Actor) -> CaseGoal:
    goal.achieved_at = timezone.now()
    goal.save(update_fields=["achieved_at"])
    audit(
        acting_user,
        AuditVerb.CHANGE,
        goal,
        fields=["achieved_at"],
    )
    return goal


def _link_signal(case: Case, signal: Signal, acting_user: Actor) -> None:
    if not is_team_member_for(acting_user, signal):
        raise ValidationError({"signals": _("U kunt alleen signalen van uw eigen team koppelen.")})
    case.signals.add(signal)
    record(
        acting_user,
        AuditVerb.CHANGE,
        case,
        purpose=Purpose.LINK_SIGNAL_TO_CASE,
        fields=["signals"],
    )


def do_link_signal_to_case(case: Case, signal: Signal, acting_user: Actor) -> None:
    require(acting_user, Action.CHANGE, case, purpose=Purpose.LINK_SIGNAL_TO_CASE)
    with transaction.atomic():
        _link_signal(case, signal, acting_user)


@action(Purpose.LINK_TO_CASE, Action.CHANGE, "case")
def do_link_to_case(
    case: Case, target: models.Model, acting_user: Actor, *, label: str = ""
) -> CaseLink:
    """Link any record the user may see, such as a match, to a case (see `CaseLink`)."""
    if not can(acting_user, Action.VIEW, target):
        raise ValidationError(_("U kunt alleen iets koppelen dat u zelf mag zien."))
    from django.contrib.contenttypes.models import ContentType

    link, _created = CaseLink.objects.get_or_create(
        case=case,
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        defaults={"label": label[:150], "created_by": user_of(acting_user)},
    )
    audit(acting_user, AuditVerb.CREATE, link, fields=["target"])
    return link
