"""Follow-up actions on signals and cases."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.models import Team

from ..models import Case, Decision, FollowUp, Signal
from ..permissions import team_ids, team_members
from .signals import require_team_member


@action(Purpose.ADD_FOLLOW_UP, Action.ADD, FollowUp)
def do_add_follow_up(
    acting_user: Actor,
    *,
    description: str,
    due_on: date | None,
    team: Team | None = None,
    assignee: Any = None,
    signal: Signal | None = None,
    case: Case | None = None,
    decision: Decision | None = None,
) -> FollowUp:
    """Add an action with a due date to a signal, a case or a meeting decision."""
    if signal is not None:
        require_team_member(signal, acting_user, Purpose.ADD_FOLLOW_UP)
        team = signal.team
    elif case is not None:
        require(acting_user, Action.CHANGE, case, purpose=Purpose.ADD_FOLLOW_UP)
        team = case.team
    elif decision is not None:
        team = decision.meeting.team
    if team is None or team.pk not in team_ids(acting_user):
        raise PermissionDenied(_("U kunt alleen acties voor uw eigen team toevoegen."))
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = _("Schrijf op wat er moet gebeuren.")
    if due_on is None:
        errors["due_on"] = _("Kies een datum.")
    if assignee is not None and not team_members(team).filter(pk=assignee.pk).exists():
        errors["assignee"] = _("Kies iemand uit het team.")
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    follow_up = FollowUp.objects.create(
        team=team,
        description=description.strip()[:300],
        due_on=due_on,
        assignee=assignee,
        signal=signal,
        case=case,
        decision=decision,
        created_by=user_of(acting_user),
    )
    audit(
        acting_user,
        AuditVerb.CREATE,
        follow_up,
        fields=["description", "due_on", *(["assignee"] if assignee else [])],
    )
    return follow_up


@action(Purpose.COMPLETE_FOLLOW_UP, Action.CHANGE, "follow_up")
def do_complete_follow_up(follow_up: FollowUp, acting_user: Actor) -> FollowUp:
    if follow_up.done_at is not None:
        raise ValidationError(_("Deze actie is al gedaan."))
    follow_up.done_at = timezone.now()
    follow_up.save(update_fields=["done_at"])
    audit(
        acting_user,
        AuditVerb.CHANGE,
        follow_up,
        fields=["done_at"],
    )
    return follow_up
