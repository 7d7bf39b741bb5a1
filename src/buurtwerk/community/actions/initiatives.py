"""Initiatives and the support given to them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, signed_in, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.models import Resident

from ..models import Initiative, SupportLog

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
