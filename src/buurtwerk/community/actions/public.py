"""Registrations from the public neighbourhood page and their handling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.hooks import run_hooks
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.actions import do_create_resident, do_record_consent
from buurtwerk.people.models import Resident

from ..models import Occurrence, PublicSignUp, Registration
from .signups import places_taken

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


SIGNUP_SALT = "community.public-signup"
SIGNUP_SUBJECT = "Uw aanmelding bij het buurthuis"
PLACE_FREE_SUBJECT = "Er is een plek vrij bij het buurthuis"


def signup_token(signup: PublicSignUp) -> str:
    """The secret part of the cancel link: the sign-up's number, signed with the secret key."""
    return signing.dumps(signup.pk, salt=SIGNUP_SALT)


def signup_from_token(token: str) -> PublicSignUp | None:
    try:
        pk = signing.loads(token, salt=SIGNUP_SALT)
    except signing.BadSignature:
        return None
    return PublicSignUp.objects.select_related("occurrence__activity").filter(pk=pk).first()


def do_public_sign_up(
    occurrence: Occurrence, data: Mapping[str, Any], *, cancel_url: Any = None
) -> PublicSignUp:
    """A resident signs up for one date on the public page. No account, so no permission
    check: the view protects this with CSRF, a honeypot and the rate limit.

    When the date is full the resident can choose the waiting list. With an e-mail address
    they get a confirmation with the cancel link (`cancel_url(signup)` builds it).
    """
    activity = occurrence.activity
    if not activity.is_public or activity.capacity is None:
        raise ValidationError(_("Voor deze activiteit hoeft u zich niet aan te melden."))
    if occurrence.cancelled:
        raise ValidationError(_("Deze keer gaat niet door."))
    if occurrence.starts_at < timezone.now():
        raise ValidationError(_("Deze keer is al geweest."))
    if not (data.get("phone") or data.get("email")):
        raise ValidationError({"phone": _("Vul een telefoonnummer of e-mailadres in.")})
    signup = PublicSignUp(
        occurrence=occurrence,
        name=data.get("name", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
    )
    signup.full_clean(exclude=["occurrence", "status"])
    with transaction.atomic():
        locked = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
        if places_taken(locked) >= activity.capacity:
            if not data.get("waiting_list"):
                raise ValidationError(
                    _("Deze keer is vol. Kies de wachtlijst, dan hoort u het als er plek komt.")
                )
            signup.status = PublicSignUp.Status.WAITING
        signup.save()
        record(
            None,
            AuditVerb.CREATE,
            signup,
            purpose=Purpose.PUBLIC_SIGN_UP,
            fields=["occurrence", "name", "phone", "email", "status"],
        )
    if signup.email and cancel_url is not None:
        _mail_signup(signup, cancel_url(signup), SIGNUP_SUBJECT)
    return signup


def _mail_signup(signup: PublicSignUp, cancel_url: str, subject: str) -> None:
    start = timezone.localtime(signup.occurrence.starts_at)
    status = (
        _("U staat op de wachtlijst. Komt er een plek vrij, dan krijgt u bericht.")
        if signup.status == PublicSignUp.Status.WAITING
        else _("U bent aangemeld. Welkom!")
    )
    body = _(
        "%(status)s\n\n%(activity)s\n%(when)s\n%(where)s\n\n"
        "Kunt u toch niet? Meld u dan af via deze link:\n%(link)s\n"
    ) % {
        "status": status,
        "activity": signup.occurrence.activity.title,
        "when": date_format(start, "DATETIME_FORMAT"),
        "where": signup.occurrence.activity.location_name,
        "link": cancel_url,
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [signup.email])


def do_cancel_public_sign_up(signup: PublicSignUp, *, cancel_url: Any = None) -> PublicSignUp:
    """The resident cancels with their link: their data is wiped at once, and the first on
    the waiting list gets the place (and an e-mail, if they left an address).
    """
    if signup.status == PublicSignUp.Status.CANCELLED:
        raise ValidationError(_("U bent al afgemeld."))
    with transaction.atomic():
        Occurrence.objects.select_for_update().filter(pk=signup.occurrence_id).first()
        had_place = signup.status == PublicSignUp.Status.CONFIRMED
        signup.status = PublicSignUp.Status.CANCELLED
        signup.cancelled_at = timezone.now()
        signup.name = signup.phone = signup.email = ""
        signup.save()
        record(
            None,
            AuditVerb.CHANGE,
            signup,
            purpose=Purpose.PUBLIC_SIGN_UP_CANCELLED,
            fields=["status", "name", "phone", "email"],
        )
        promoted = None
        if had_place:
            promoted = (
                signup.occurrence.public_signups.filter(status=PublicSignUp.Status.WAITING)
                .order_by("created_at", "id")
                .first()
            )
            if promoted is not None:
                promoted.status = PublicSignUp.Status.CONFIRMED
                promoted.save(update_fields=["status"])
                record(
                    None,
                    AuditVerb.CHANGE,
                    promoted,
                    purpose=Purpose.FROM_WAITING_LIST,
                    fields=["status"],
                )
    if promoted is not None and promoted.email and cancel_url is not None:
        _mail_signup(promoted, cancel_url(promoted), PLACE_FREE_SUBJECT)
    return signup
