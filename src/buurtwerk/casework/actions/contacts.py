"""The contact log of the wijkteams."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, can
from buurtwerk.people.models import Organisation, Resident
from buurtwerk.people.queries import residents_visible_to

from ..models import Case, Contact


@action(Purpose.RECORD_CONTACT, Action.ADD, Contact)
def do_log_contact(
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    residents: Iterable[Resident] = (),
    organisations: Iterable[Organisation] = (),
) -> Contact:
    """Write one contact in the user's own contact log."""
    residents = list(residents)
    reachable = set(
        residents_visible_to(acting_user)
        .filter(pk__in=[r.pk for r in residents])
        .values_list("pk", flat=True)
    )
    if any(resident.pk not in reachable for resident in residents):
        raise ValidationError({"residents": _("Kies alleen bewoners die u kent.")})
    case: Case | None = data.get("case")
    if case is not None and not can(acting_user, Action.VIEW, case):
        raise ValidationError({"case": _("Kies een casus van uw eigen team.")})
    contact = Contact(
        worker=user_of(acting_user),
        happened_on=data.get("happened_on") or timezone.localdate(),
        kind=data.get("kind") or "",
        purpose=data.get("purpose") or "",
        duration_minutes=data.get("duration_minutes") or 0,
        note=(data.get("note") or "").strip(),
        case=case,
    )
    if contact.happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("Een contact kan niet in de toekomst liggen.")})
    contact.full_clean(exclude=["worker"])
    contact.save()
    contact.residents.set(residents)
    contact.organisations.set(list(organisations))
    audit(
        acting_user,
        AuditVerb.CREATE,
        contact,
        fields=[name for name, value in data.items() if value not in (None, "")]
        + (["residents"] if residents else []),
    )
    return contact


@action(Purpose.DELETE_CONTACT, Action.DELETE, "contact")
def do_delete_contact(contact: Contact, acting_user: Actor) -> None:
    if contact.worker_id != acting_user.pk:
        raise PermissionDenied(_("U kunt alleen uw eigen contacten verwijderen."))
    audit(acting_user, AuditVerb.DELETE, contact)
    contact.delete()
