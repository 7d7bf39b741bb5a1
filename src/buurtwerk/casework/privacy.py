"""Retention and AVG rights for casework data: anonymise old signals, export and erase.

Registered from CaseworkConfig.ready(); `buurtwerk retention` runs the rule daily.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from buurtwerk.core.permissions import scope
from buurtwerk.core.privacy import scrub_free_text

from .models import (
    AgendaItem,
    Case,
    CaseGoal,
    CaseLink,
    CaseParticipant,
    Contact,
    Decision,
    FollowUp,
    Route,
    Signal,
    SignalTransition,
)

# Free text anywhere in casework that may name a resident without being linked to them.
FREE_TEXT: tuple[tuple[Any, list[str]], ...] = (
    (Signal, ["description", "address", "notes"]),
    (SignalTransition, ["reason"]),
    (Case, ["title", "household", "summary"]),
    (CaseParticipant, ["name", "note"]),
    (CaseGoal, ["description"]),
    (CaseLink, ["label"]),
    (FollowUp, ["description"]),
    (Contact, ["note"]),
    (AgendaItem, ["title"]),
    (Decision, ["text"]),
)

ANONYMISED = "[geanonimiseerd]"
DEFAULT_SIGNAL_RETENTION_DAYS = 730


def signal_retention_days() -> int:
    return int(getattr(settings, "BUURTWERK_SIGNAL_RETENTION_DAYS", DEFAULT_SIGNAL_RETENTION_DAYS))


def _personal_signals() -> QuerySet[Signal]:
    return Signal.objects.filter(Q(about_person=True) | Q(route=Route.CARE))


def _anonymise_signals(signals: QuerySet[Signal], now: datetime) -> int:
    """Strip everything that could point to a person; the category, place and dates stay
    for the neighbourhood statistics."""
    ids = list(signals.filter(anonymised_at__isnull=True).values_list("id", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        Signal.objects.filter(pk__in=ids).update(
            description=ANONYMISED,
            notes="",
            address="",
            lat=None,
            lon=None,
            resident=None,
            anonymised_at=now,
        )
        SignalTransition.objects.filter(signal_id__in=ids).update(reason="")
        FollowUp.objects.filter(signal_id__in=ids).update(description=ANONYMISED)
    return len(ids)


def anonymise_closed_signals(now: datetime, dry_run: bool) -> int:
    """Retention rule: closed signals about persons, older than the retention period."""
    cutoff = now - timedelta(days=signal_retention_days())
    due = _personal_signals().filter(
        status=Signal.Status.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
    )
    if dry_run:
        return due.count()
    return _anonymise_signals(due, now)


def residents_active_since(since: datetime) -> Iterable[int]:
    """Residents with casework since `since`: a signal about them reported or changed, a case
    (as its resident or a participant) changed or still open, or a contact with them."""
    active: set[int] = set(
        Signal.objects.filter(resident__isnull=False)
        .filter(Q(created_at__gte=since) | Q(updated_at__gte=since))
        .values_list("resident_id", flat=True)
    )
    # An open case is open work, however long ago it last changed.
    cases = Case.objects.filter(
        Q(updated_at__gte=since) | Q(closed_at__gte=since) | ~Q(status=Case.Status.CLOSED)
    )
    active.update(cases.filter(resident__isnull=False).values_list("resident_id", flat=True))
    active.update(
        CaseParticipant.objects.filter(case__in=cases, resident__isnull=False).values_list(
            "resident_id", flat=True
        )
    )
    active.update(
        Contact.residents.through.objects.filter(
            contact__happened_on__gte=since.date()
        ).values_list("resident_id", flat=True)
    )
    return active


def _openable_by(viewer: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The records the viewer could open on their own pages (everything on the command line)."""
    return queryset if viewer is None else scope(viewer, queryset)


def export_resident(resident: Any, viewer: Any) -> dict[str, Any]:
    """What casework holds about one resident, for an AVG access request.

    A confidential case ("alleen betrokkenen") or a signal of another team stays out of an
    export made by someone who may not open it: they ask the team involved (docs/privacy.md).
    """
    signals = _openable_by(viewer, Signal.objects.filter(resident=resident))
    cases = _openable_by(
        viewer, Case.objects.filter(Q(resident=resident) | Q(participants__resident=resident))
    )
    return {
        "signals": [
            {
                "id": signal.pk,
                "category": signal.category.name,
                "status": signal.status,
                "reported_on": signal.created_at.date().isoformat(),
                "description": signal.description,
            }
            for signal in signals.select_related("category")
        ],
        "cases": [
            {
                "id": case.pk,
                "title": case.title,
                "status": case.status,
                "summary": case.summary,
                "goals": [goal.description for goal in case.goals.all()],
                "opened_on": case.created_at.date().isoformat(),
            }
            for case in cases.distinct().prefetch_related("goals")
        ],
        "contacts": [
            {
                "date": contact.happened_on.isoformat(),
                "kind": contact.kind,
                "purpose": contact.purpose,
                "duration_minutes": contact.duration_minutes,
            }
            for contact in Contact.objects.filter(residents=resident)
        ],
    }


def erase_resident(resident: Any) -> int:
    """Erase a resident from casework; counts and dates stay for the statistics.

    Free text that can name the resident goes: in their own cases the title, summary,
    household, goals, actions, the notes of every participant and the names of participants
    named only in words; elsewhere their participant rows, participants named in words with
    their exact name, and the notes of contacts that list them or belong to their cases.
    Everywhere else (other signals and cases, contact notes, decisions and agenda topics) their
    name, phone number and e-mail address are replaced; the minutes themselves stay.
    """
    from django.utils import timezone

    now = timezone.now()
    with transaction.atomic():
        touched = _anonymise_signals(Signal.objects.filter(resident=resident), now)
        cases = list(Case.objects.filter(resident=resident))
        for case in cases:
            case.title = ANONYMISED
            case.summary = ""
            case.household = ""
            case.resident = None
            case.save(update_fields=["title", "summary", "household", "resident", "updated_at"])
            case.goals.update(description=ANONYMISED)
            case.follow_ups.update(description=ANONYMISED)
        touched += len(cases)
        in_own_cases = CaseParticipant.objects.filter(case__in=cases)
        touched += in_own_cases.exclude(note="").update(note="")
        named_in_words = CaseParticipant.objects.filter(user=None, resident=None)
        touched += (
            named_in_words.filter(Q(case__in=cases) | Q(name__iexact=resident.name))
            .exclude(name=ANONYMISED)
            .update(name=ANONYMISED, note="")
        )
        participations, _by_model = CaseParticipant.objects.filter(resident=resident).delete()
        touched += participations
        contacts = list(Contact.objects.filter(residents=resident))
        for contact in contacts:
            contact.residents.remove(resident)
        touched += len(contacts)
        touched += (
            Contact.objects.filter(
                Q(pk__in=[contact.pk for contact in contacts]) | Q(case__in=cases)
            )
            .exclude(note="")
            .update(note="")
        )
        for model, fields in FREE_TEXT:
            touched += scrub_free_text(resident, model.objects.all(), fields)
    return touched
