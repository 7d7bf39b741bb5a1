"""Initiatives and the support given to them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.models import Resident

from ..models import HandoverTask, Initiative, SupportLog

INITIATIVE_FIELDS = (
    "name", "neighbourhood", "team", "goal", "contact_name", "contact_phone", "contact_email",
    "supported_by", "support_description", "step_back_on",
)  # fmt: skip


def check_neighbourhood(neighbourhood_id: int | None, acting_user: Any) -> None:
    if neighbourhood_id not in acting_user.neighbourhood_ids():
        raise ValidationError({"neighbourhood": _("Kies een buurt van uw eigen team.")})


def do_create_initiative(
    data: Mapping[str, Any], acting_user: Any, *, organisers: Sequence[Resident] = ()
) -> Initiative:
    """Register an initiative residents run; the buurtwerker's support is logged separately."""
    require(acting_user, Action.ADD, Initiative, purpose="initiatief aanmaken")
    initiative = Initiative(**{k: v for k, v in data.items() if k in INITIATIVE_FIELDS})
    initiative.full_clean()
    check_neighbourhood(initiative.neighbourhood_id, acting_user)
    with transaction.atomic():
        initiative.save()
        initiative.organisers.set(organisers)
        record(
            acting_user,
            AuditVerb.CREATE,
            initiative,
            purpose="initiatief aanmaken",
            fields=[*data, *(["organisers"] if organisers else [])],
        )
    return initiative


def do_update_initiative(
    initiative: Initiative,
    data: Mapping[str, Any],
    acting_user: Any,
    *,
    organisers: Sequence[Resident] | None = None,
) -> Initiative:
    require(acting_user, Action.CHANGE, initiative, purpose="initiatief wijzigen")
    changed = [k for k, v in data.items() if k in INITIATIVE_FIELDS and getattr(initiative, k) != v]
    for name in changed:
        setattr(initiative, name, data[name])
    initiative.full_clean()
    if "neighbourhood" in changed:
        check_neighbourhood(initiative.neighbourhood_id, acting_user)
    with transaction.atomic():
        initiative.save()
        if organisers is not None:
            initiative.organisers.set(organisers)
            changed.append("organisers")
        record(
            acting_user, AuditVerb.CHANGE, initiative, purpose="initiatief wijzigen", fields=changed
        )
    return initiative


def do_log_support(initiative: Initiative, data: Mapping[str, Any], acting_user: Any) -> SupportLog:
    """Write down time spent supporting the initiative (it should go down over the months)."""
    require(acting_user, Action.CHANGE, initiative, purpose="ondersteuning vastleggen")
    require(acting_user, Action.ADD, SupportLog, purpose="ondersteuning vastleggen")
    entry = SupportLog(
        initiative=initiative,
        given_by=acting_user,
        given_on=data.get("given_on") or timezone.localdate(),
        hours=data.get("hours", 0),
        note=data.get("note", ""),
    )
    entry.full_clean(exclude=["given_by"])
    if entry.given_on > timezone.localdate():
        raise ValidationError({"given_on": _("Ondersteuning kan niet in de toekomst liggen.")})
    with transaction.atomic():
        entry.save()
        record(
            acting_user,
            AuditVerb.CREATE,
            entry,
            purpose="ondersteuning vastleggen",
            fields=["given_on", "hours", "note"],
        )
    return entry


def do_add_handover_task(
    initiative: Initiative, data: Mapping[str, Any], acting_user: Any
) -> HandoverTask:
    """Put a task on the step-back plan; it starts with the buurtwerker."""
    require(acting_user, Action.CHANGE, initiative, purpose="terugstapplan")
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
    with transaction.atomic():
        task.save()
        record(
            acting_user,
            AuditVerb.CREATE,
            task,
            purpose="terugstapplan",
            fields=["kind", "description"],
        )
    return task


def do_hand_over_task(
    task: HandoverTask, handed_to: str, acting_user: Any, *, on: date | None = None
) -> HandoverTask:
    """Someone of the initiative takes the task over from the buurtwerker."""
    require(acting_user, Action.CHANGE, task.initiative, purpose="terugstapplan")
    handed_to = (handed_to or "").strip()
    on = on or timezone.localdate()
    if task.handed_over:
        raise ValidationError(_("Deze taak is al overgedragen."))
    if not handed_to:
        raise ValidationError({"handed_to": _("Vul in wie de taak overneemt.")})
    if on > timezone.localdate():
        raise ValidationError({"handed_over_on": _("Overdragen kan vandaag of eerder.")})
    with transaction.atomic():
        task.handed_to = handed_to[:150]
        task.handed_over_on = on
        task.save(update_fields=["handed_to", "handed_over_on"])
        record(
            acting_user,
            AuditVerb.CHANGE,
            task,
            purpose="terugstapplan",
            fields=["handed_to", "handed_over_on"],
        )
    return task


def do_take_back_task(task: HandoverTask, acting_user: Any) -> HandoverTask:
    """It did not work out (yet): the task is with the buurtwerker again."""
    require(acting_user, Action.CHANGE, task.initiative, purpose="terugstapplan")
    with transaction.atomic():
        task.handed_to = ""
        task.handed_over_on = None
        task.save(update_fields=["handed_to", "handed_over_on"])
        record(
            acting_user,
            AuditVerb.CHANGE,
            task,
            purpose="terugstapplan",
            fields=["handed_to", "handed_over_on"],
        )
    return task
