"""Changes to the social map and to what the vraagbaak records.

Each action checks permission, runs atomically and writes the audit log (field names only).
Views, the API and the command line call these functions; none of them saves a model itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.accounts.models import User
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import (
    Actor,
    action,
    apply_changes,
    audit,
    is_system,
    signed_in,
    user_of,
)
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.locking import lock_version
from buurtwerk.core.permissions import Action, Role, can, require
from buurtwerk.people.models import Neighbourhood, Resident

from .hsds.reader import HsdsTables
from .interchange import bump_revision, save_tables
from .learning import learn_from_outcome
from .models import (
    Attribute,
    Escalation,
    LearnedTerm,
    Phone,
    Referral,
    Schedule,
    Service,
    TaxonomyTerm,
    UnansweredSearch,
)

SERVICE_FIELDS = (
    "name", "alternate_name", "organization", "description", "status", "application_process",
    "eligibility_description", "fees_description", "url", "email", "minimum_age", "maximum_age",
)  # fmt: skip
MAX_QUESTION_LENGTH = 1000
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@action(Purpose.IMPORT_SOCIAL_MAP)
def do_import_hsds(read: HsdsTables, acting_user: Actor) -> dict[str, int]:
    """Save all records read from an HSDS file, or nothing at all when one of them fails.

    `acting_user` is None only for the command line of the server admin.
    """
    if not is_system(acting_user):
        require(acting_user, Action.ADD, Service, purpose=Purpose.IMPORT_SOCIAL_MAP)
    counts = save_tables(read)
    bump_revision()
    audit(
        acting_user,
        AuditVerb.CREATE,
        Service,
        fields=sorted(counts),
    )
    return counts


def _clean_service_data(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = {key: value for key, value in data.items() if key in SERVICE_FIELDS}
    for key, value in list(cleaned.items()):
        if isinstance(value, str):
            cleaned[key] = value.strip() or None
    if not cleaned.get("name"):
        raise ValidationError({"name": _("Vul de naam van de dienst in.")})
    low, high = cleaned.get("minimum_age"), cleaned.get("maximum_age")
    if low is not None and high is not None and low > high:
        raise ValidationError(
            {"maximum_age": _("De maximumleeftijd moet hoger zijn dan de minimumleeftijd.")}
        )
    return cleaned


def _save_contact_details(service: Service, data: Mapping[str, Any]) -> list[str]:
    """The service's main phone number and opening hours in words, as HSDS phone and schedule."""
    changed = []
    number = (data.get("phone_number") or "").strip()
    phone = service.phones.order_by("id").first()
    if number and (phone is None or phone.number != number):
        if phone is None:
            phone = Phone(id=str(uuid.uuid4()), service=service, type="voice")
        phone.number = number
        phone.save()
        changed.append("phone_number")
    hours = (data.get("hours_description") or "").strip()
    schedule = service.schedules.order_by("id").first()
    if hours and (schedule is None or schedule.description != hours):
        if schedule is None:
            schedule = Schedule(id=str(uuid.uuid4()), service=service)
        schedule.description = hours
        schedule.save()
        changed.append("hours_description")
    return changed


@action(Purpose.ADD_SERVICE, Action.ADD, Service)
def do_create_service(data: Mapping[str, Any], acting_user: Actor) -> Service:
    """Add a service to the map, with a new HSDS id (a UUID, as HSDS advises)."""
    cleaned = _clean_service_data(data)
    service = Service(id=str(uuid.uuid4()), **cleaned)
    service.last_modified = timezone.now().isoformat(timespec="seconds")
    service.full_clean()
    service.save()
    changed = _save_contact_details(service, data)
    bump_revision()
    audit(
        acting_user,
        AuditVerb.CREATE,
        service,
        fields=[*cleaned, *changed],
    )
    return service


@action(Purpose.CHANGE_SERVICE, Action.CHANGE, "service")
def do_update_service(
    service: Service,
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    expected_version: int | None = None,
) -> Service:
    """Change a service's description, how to apply, phone and opening hours."""
    cleaned = _clean_service_data(data)
    current = lock_version(service, expected_version)
    changed = apply_changes(current, cleaned)
    current.last_modified = timezone.now().isoformat(timespec="seconds")
    current.full_clean()
    current.save()
    changed += _save_contact_details(current, data)
    bump_revision()
    audit(acting_user, AuditVerb.CHANGE, current, fields=changed)
    return current


def _clean_question(question: str) -> str:
    text = " ".join((question or "").split())
    if not text:
        raise ValidationError({"question": _("Typ eerst de vraag.")})
    if len(text) > MAX_QUESTION_LENGTH:
        raise ValidationError(
            {"question": _("De vraag is te lang. Houd het kort, zonder namen of adressen.")}
        )
    return text


def default_neighbourhood(user: Any) -> Neighbourhood | None:
    """The neighbourhood a user works in, when there is exactly one."""
    ids = user.neighbourhood_ids()
    return Neighbourhood.objects.filter(pk=next(iter(ids))).first() if len(ids) == 1 else None


def escalation_recipients(team_ids: list[int]) -> list[User]:
    """The buurtwerkers of the teams; the teamleiders when a team has no buurtwerker."""
    members = User.objects.filter(teams__in=team_ids, is_active=True).distinct()
    buurtwerkers = list(members.filter(role=Role.BUURTWERKER).order_by("pk"))
    return buurtwerkers or list(members.filter(role=Role.TEAMLEIDER).order_by("pk"))


def _email_configured() -> bool:
    return settings.EMAIL_BACKEND != SMTP_BACKEND or settings.EMAIL_HOST != "localhost"


def _notify_by_email(escalation: Escalation, recipients: list[User]) -> None:
    addresses = [user.email for user in recipients if user.email]
    if not addresses or not _email_configured():
        return
    # The subject shows in lock screens and mail lists: it never carries the question.
    subject = _("Nieuwe vraag voor de buurtwerker")
    body = _(
        "Een vrijwilliger vond geen goed antwoord op de sociale kaart en vraagt uw hulp.\n\n"
        "Vraag: %(question)s\n\nBekijk de vraag op uw overzicht: %(path)s\n"
    ) % {"question": escalation.question, "path": reverse("socialmap:escalation_list")}
    sender = settings.DEFAULT_FROM_EMAIL
    send_mass_mail([(subject, body, sender, [address]) for address in addresses])


@action(Purpose.QUESTION_TO_WORKER, Action.ADD, Escalation)
def do_escalate(
    question: str, acting_user: Actor, *, neighbourhood: Neighbourhood | None = None
) -> Escalation:
    """Send a question the map could not answer to the buurtwerkers of the volunteer's team."""
    text = _clean_question(question)
    team_ids = list(signed_in(acting_user).teams.values_list("pk", flat=True))
    recipients = escalation_recipients(team_ids)
    if not recipients:
        raise ValidationError(
            _("Uw team heeft nog geen buurtwerker. Bel de teamleider van het buurtwerk.")
        )
    escalation = Escalation.objects.create(
        question=text,
        asked_by=signed_in(acting_user),
        team_id=team_ids[0] if team_ids else None,
        neighbourhood=neighbourhood or default_neighbourhood(acting_user),
    )
    escalation.recipients.set(recipients)
    audit(
        acting_user,
        AuditVerb.CREATE,
        escalation,
        fields=["question", "team", "neighbourhood"],
    )
    transaction.on_commit(lambda: _notify_by_email(escalation, recipients))
    return escalation


@action(Purpose.TAKE_UP_QUESTION, Action.CHANGE, "escalation")
def do_mark_escalation_handled(escalation: Escalation, acting_user: Actor) -> Escalation:
    escalation.handled_at = timezone.now()
    escalation.handled_by = user_of(acting_user)
    escalation.save(update_fields=["handled_at", "handled_by"])
    audit(
        acting_user,
        AuditVerb.CHANGE,
        escalation,
        fields=["handled_at", "handled_by"],
    )
    return escalation


def topic_of(service: Service) -> str:
    """The theme of a service on the map: the name of its first taxonomy term."""
    term_ids = service_term_ids(service.pk)
    term = TaxonomyTerm.objects.filter(pk__in=term_ids).order_by("name").first()
    return term.name if term else ""


def service_term_ids(service_id: str) -> list[str]:
    return list(
        Attribute.objects.filter(link_id=service_id)
        .exclude(taxonomy_term__isnull=True)
        .order_by("id")
        .values_list("taxonomy_term_id", flat=True)
    )


@action(Purpose.RECORD_REFERRAL, Action.ADD, Referral)
def do_record_referral(
    question: str,
    service: Service,
    acting_user: Actor,
    *,
    resident: Resident | None = None,
    neighbourhood: Neighbourhood | None = None,
) -> Referral:
    """Log that someone was sent to a service; whether it helped is asked later."""
    text = _clean_question(question)
    if resident is not None:
        if not can(acting_user, Action.VIEW, resident):
            raise ValidationError({"resident": _("Deze bewoner kunt u niet kiezen.")})
        neighbourhood = neighbourhood or resident.neighbourhood
    referral = Referral.objects.create(
        question=text,
        service=service,
        topic=topic_of(service)[:200],
        referred_by=signed_in(acting_user),
        resident=resident,
        neighbourhood=neighbourhood or default_neighbourhood(acting_user),
    )
    audit(
        acting_user,
        AuditVerb.CREATE,
        referral,
        fields=["question", "service", "neighbourhood"] + (["resident"] if resident else []),
    )
    return referral


@action(Purpose.CALL_BACK_REFERRAL, Action.CHANGE, "referral")
def do_record_referral_outcome(referral: Referral, outcome: str, acting_user: Actor) -> Referral:
    """The follow-up: did the service help the resident?"""
    if outcome not in Referral.Outcome.values:
        raise ValidationError({"outcome": _("Kies of de dienst heeft geholpen.")})
    previous = referral.outcome
    referral.outcome = outcome
    referral.followed_up_at = timezone.now()
    referral.save(update_fields=["outcome", "followed_up_at"])
    learn_from_outcome(referral, previous)
    audit(
        acting_user,
        AuditVerb.CHANGE,
        referral,
        fields=["outcome", "followed_up_at"],
    )
    return referral


def do_log_unanswered_search(
    question: str, best_score: float, acting_user: Actor
) -> UnansweredSearch | None:
    """Keep a question the map had no good answer for, as a gap to fill (no user is stored)."""
    require(acting_user, Action.VIEW, Service, purpose=Purpose.QUESTION_BOX)
    text = " ".join((question or "").split())[:MAX_QUESTION_LENGTH]
    if not text:
        return None
    return UnansweredSearch.objects.create(
        question=text, best_score=best_score, neighbourhood=default_neighbourhood(acting_user)
    )


@action(Purpose.FORGET_LEARNED_TERM, Action.DELETE, "learned")
def do_forget_learned_term(learned: LearnedTerm, acting_user: Actor) -> None:
    """Undo what was learned: the term no longer raises the service."""
    audit(
        acting_user, AuditVerb.DELETE, learned, fields=["term", "service", "helped", "not_helped"]
    )
    learned.delete()
