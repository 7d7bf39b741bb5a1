"""Registrations from the public neighbourhood page and their handling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.hooks import run_hooks
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.actions import do_create_resident, do_record_consent
from buurtwerk.people.models import Resident

from ..models import Registration

CONSENT_TEXT = _(
    "Ik vind het goed dat de buurtwerker mijn naam en telefoonnummer of e-mailadres bewaart "
    "om contact met mij op te nemen. Na een kennismaking mag de buurtwerker mij voorstellen "
    "aan buurtgenoten die hulp zoeken of bieden. Ik kan dit altijd weer intrekken."
)


def do_submit_registration(neighbourhood: Any, data: Mapping[str, Any]) -> Registration:
    """A resident signs up on the public page. No account, so no permission check: the view
    protects this with CSRF, a honeypot and a rate limit. Nothing enters matching yet.
    """
    if not data.get("consent"):
        raise ValidationError({"consent": _("Zonder toestemming kunnen we u niet bellen.")})
    if not (data.get("phone") or data.get("email")):
        raise ValidationError({"phone": _("Vul een telefoonnummer of e-mailadres in.")})
    registration = Registration(
        neighbourhood=neighbourhood,
        kind=data.get("kind", ""),
        category=data.get("category", ""),
        message=data.get("message", ""),
        name=data.get("name", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        consent_text=str(CONSENT_TEXT),
        consent_given_at=timezone.now(),
    )
    registration.full_clean()
    with transaction.atomic():
        registration.save()
        record(
            None,
            AuditVerb.CREATE,
            registration,
            purpose=Purpose.REGISTER_ON_NEIGHBOURHOOD_PAGE,
            fields=["kind", "category", "message", "name", "phone", "email"],
        )
    return registration


@action(Purpose.CONFIRM_REGISTRATION, Action.CHANGE, "registration")
def do_confirm_registration(
    registration: Registration,
    resident_data: Mapping[str, Any],
    acting_user: Actor,
    *,
    existing_resident: Resident | None = None,
) -> Resident:
    """After the coffee visit: make (or link) the resident, with the consent they gave.

    Only now can the offer or need enter matching: the hook "registration_confirmed" (keyword
    arguments `registration`, `resident`, `acting_user`) lets the matching app pick it up. The
    contact details on the registration are cleared: they now live on the resident.
    """
    if registration.status != Registration.Status.PENDING:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    if existing_resident is not None:
        require(acting_user, Action.CHANGE, existing_resident, purpose=Purpose.CONFIRM_REGISTRATION)
        resident = existing_resident
        if not resident.has_matching_consent:
            do_record_consent(resident, acting_user, statement=registration.consent_text)
    else:
        data = {
            "name": registration.name,
            "phone": registration.phone,
            "email": registration.email,
            "neighbourhood": registration.neighbourhood,
        }
        data.update({k: v for k, v in resident_data.items() if v not in (None, "")})
        resident = do_create_resident(
            data,
            acting_user,
            matching_consent=True,
            consent_statement=registration.consent_text,
            basis_note=_("Aangemeld via de buurtpagina, kennismaking gehad."),
        )
    registration.status = Registration.Status.CONFIRMED
    registration.resident = resident
    registration.handled_by = user_of(acting_user)
    registration.handled_at = timezone.now()
    registration.name = registration.phone = registration.email = ""
    registration.save()
    audit(
        acting_user,
        AuditVerb.CHANGE,
        registration,
        fields=["status", "resident", "name", "phone", "email"],
    )
    run_hooks(
        "registration_confirmed",
        registration=registration,
        resident=resident,
        acting_user=acting_user,
    )
    return resident


@action(Purpose.REJECT_REGISTRATION, Action.CHANGE, "registration")
def do_reject_registration(registration: Registration, acting_user: Actor) -> Registration:
    """Spam, a double, or the resident changed their mind: personal data is removed at once."""
    if registration.status != Registration.Status.PENDING:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    registration.status = Registration.Status.REJECTED
    registration.handled_by = user_of(acting_user)
    registration.handled_at = timezone.now()
    registration.name = registration.phone = registration.email = registration.message = ""
    registration.save()
    audit(
        acting_user,
        AuditVerb.CHANGE,
        registration,
        fields=["status", "name", "phone", "email", "message"],
    )
    return registration
