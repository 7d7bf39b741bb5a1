"""Initiatives and the support given to them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, signed_in, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.models import Resident

from ..models import HandoverTask, Initiative, SupportLog

INITIATIVE_FIELDS = (
    "name", "neighbourhood", "team", "goal", "contact_name", "contact_phone", "contact_email",
    "supported_by", "support_description", "step_back_on",
)  # fmt: skip


def check_neighbourhood(neighbourhood_id: int | None, acting_user: Actor) -> None:
    if neighbourhood_id not in signed_in(acting_user).neighbourhood_ids():
        raise ValidationError({"neighbourhood": _("Kies een buurt van uw eigen team.")})


@action(Purpose.CREATE_INITIATIVE, Action.ADD, Initiative)
def do_create_initiative(
    data: Mapping[str, Any], acting_user: Actor, *, organisers: Sequence[Resident] = ()
) -> Initiative:
    """Register an initiative residents run; the buurtwerker's support is logged separately."""
    initiative = Initiative(**{k: v for k, v in data.items() if k in INITIATIVE_FIELDS})
    initiative.full_clean()
    check_neighbourhood(initiative.neighbourhood_id, acting_user)
    initiative.save()
    initiative.organisers.set(organisers)
    audit(
        acting_user,
        AuditVerb.CREATE,
        initiative,
        fields=[*data, *(["organisers"] if organisers else [])],
    )
    return initiative


@action(Purpose.CHANGE_INITIATIVE, Action.CHANGE, "initiative")
def do_update_initiative(
    initiative: Initiative,
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    organisers: Sequence[Resident] | None = None,
) -> Initiative:
    changed = [k for k, v in data.items() if k in INITIATIVE_FIELDS and getattr(initiative, k) != v]
    for name in changed:
        setattr(initiative, name, data[name])
    initiative.full_clean()
    if "neighbourhood" in changed:
        check_neighbourhood(initiative.neighbourhood_id, acting_user)
    initiative.save()
    if organisers is not None:
        initiative.organisers.set(organisers)
        changed.append("organisers")
    audit(
        acting_user,
        AuditVerb.CHANGE,
        initiative,
        fields=changed,
    )
    return initiative


@action(Purpose.RECORD_SUPPORT, Action.CHANGE, "initiative")
def do_log_support(
    initiative: Initiative, data: Mapping[str, Any], acting_user: Actor
) -> SupportLog:
    """Write down time spent supporting the initiative (it should go down over the months)."""
    require(acting_user, Action.ADD, SupportLog, purpose=Purpose.RECORD_SUPPORT)
    entry = SupportLog(
        initiative=initiative,
        given_by=user_of(acting_user),
        given_on=data.get("given_on") or timezone.localdate(),
        hours=data.get("hours", 0),
        note=data.get("note", ""),
    )
    entry.full_clean(exclude=["given_by"])
    if entry.given_on > timezone.localdate():
        raise ValidationError({"given_on": _("Ondersteuning kan niet in de toekomst liggen.")})
    entry.save()
    audit(
        acting_user,
        AuditVerb.CREATE,
        entry,
        fields=["given_on", "hours", "note"],
    )
    return entry


@action(Purpose.STEP_BACK_PLAN, Action.CHANGE, "initiative")
def do_add_handover_task(
    initiative: Initiative, data: Mapping[str, Any], acting_user: Actor
) -> HandoverTask:
    """Put a task on the step-back plan; it starts with the buurtwerker."""
    task = HandoverTask(
        initiative=initiative,
        kind=data.get("kind", ""),
        description=(data.get("description") or "").strip(),
    )
    if task.kind == HandoverTask.Kind.OTHER and not task.description:
        raise ValidationError({"description": _("Schrijf op welke taak het is.")})
    task.full_clean()
    if initiative.handover_tasks.filter(kind=task.kind, description=task.description).exists():
        raise ValidationError(_("Deze taak staat al op het plan."))
    task.save()
    audit(acting_user, AuditVerb.CREATE, task, fields=["kind", "description"])
    return task


@action(Purpose.STEP_BACK_PLAN, Action.CHANGE, "task.initiative")
def do_hand_over_task(
    task: HandoverTask, handed_to: str, acting_user: Actor, *, on: date | None = None
) -> HandoverTask:
    """Someone of the initiative takes the task over from the buurtwerker."""
    handed_to = (handed_to or "").strip()
    on = on or timezone.localdate()
    if task.handed_over:
        raise ValidationError(_("Deze taak is al overgedragen."))
    if not handed_to:
        raise ValidationError({"handed_to": _("Vul in wie de taak overneemt.")})
    if on > timezone.localdate():
        raise ValidationError({"handed_over_on": _("Overdragen kan vandaag of eerder.")})
    task.handed_to = handed_to[:150]
    task.handed_over_on = on
    task.save(update_fields=["handed_to", "handed_over_on"])
    audit(acting_user, AuditVerb.CHANGE, task, fields=["handed_to", "handed_over_on"])
    return task


@action(Purpose.STEP_BACK_PLAN, Action.CHANGE, "task.initiative")
def do_take_back_task(task: HandoverTask, acting_user: Actor) -> HandoverTask:
    """It did not work out (yet): the task is with the buurtwerker again."""
    task.handed_to = ""
    task.handed_over_on = None
    task.save(update_fields=["handed_to", "handed_over_on"])
    audit(acting_user, AuditVerb.CHANGE, task, fields=["handed_to", "handed_over_on"])
    return task
