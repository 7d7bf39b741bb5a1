"""Small, dated fixtures for the dashboards, on top of the shared personas (core.testing).

Dates matter here, so every helper takes an exact moment; `month_start(n)` is noon on the
first day of the month n months ago, always in the past and never on a month boundary.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from buurtwerk.community.models import Activity, Initiative, Occurrence, Shift, SignUp, Volunteer
from buurtwerk.core.testing import ResidentFactory
from buurtwerk.matching.models import Match, MatchEvent, Need, Offer
from buurtwerk.matching.tests.factories import NeedFactory, OfferFactory
from buurtwerk.people.models import Neighbourhood, Relation, Resident
from buurtwerk.socialmap.models import Referral, Service


def month_start(months_ago: int, day: int = 1) -> datetime:
    today = timezone.localdate()
    year, month = today.year, today.month - months_ago
    while month < 1:
        year, month = year - 1, month + 12
    return timezone.make_aware(datetime(year, month, day, 12, 0))


def resident(neighbourhood: Neighbourhood, *, contacts: int = 0, **fields: Any) -> Resident:
    """A resident with `contacts` people of their own (family, outside the system)."""
    person = ResidentFactory(neighbourhood=neighbourhood, **fields)
    for index in range(contacts):
        Relation.objects.create(
            resident=person, kind=Relation.Kind.FAMILY, contact_name=f"Familie {index + 1}"
        )
    return person


def need(of: Resident, *, status: str = Need.Status.OPEN, created: datetime | None = None) -> Need:
    made = NeedFactory(resident=of, status=status)
    if created is not None:
        Need.objects.filter(pk=made.pk).update(created_at=created)
        made.refresh_from_db()
    return made


def offer(of: Resident) -> Offer:
    return OfferFactory(resident=of)


def match(need_of: Resident, helper: Resident, steps: list[tuple[str, datetime]]) -> Match:
    """A match that went through `steps` (state, when); its state is the last step's."""
    made = Match.objects.create(
        need=need(need_of, status=Need.Status.MATCHED),
        offer=offer(helper),
        state=steps[-1][0] if steps else Match.State.SUGGESTED,
    )
    previous = ""
    for state, when in steps:
        event = MatchEvent.objects.create(match=made, from_state=previous, to_state=state)
        MatchEvent.objects.filter(pk=event.pk).update(at=when)
        previous = state
    return made


def activity(neighbourhood: Neighbourhood, title: str = "Koffieochtend") -> Activity:
    initiative = Initiative.objects.create(name=f"Initiatief {title}", neighbourhood=neighbourhood)
    return Activity.objects.create(
        initiative=initiative,
        neighbourhood=neighbourhood,
        title=title,
        location_name="Buurthuis",
        starts_at=month_start(6),
    )


def occurrence(
    of: Activity, when: datetime, *, walk_ins: int = 0, cancelled: bool = False
) -> Occurrence:
    return Occurrence.objects.create(
        activity=of,
        starts_at=when,
        ends_at=when + timedelta(hours=2),
        walk_in_count=walk_ins,
        cancelled=cancelled,
    )


def came(person: Resident, to: Occurrence, attendance: str = SignUp.Attendance.ATTENDED) -> None:
    SignUp.objects.create(occurrence=to, resident=person, attendance=attendance)


def volunteer(person: Resident, *, active: bool = True) -> Volunteer:
    return Volunteer.objects.create(resident=person, active=active, joined_on=date(2025, 1, 1))


def shift(by: Volunteer, at: Occurrence, role: str = "host") -> Shift:
    return Shift.objects.create(volunteer=by, occurrence=at, role=role)


def referral(
    neighbourhood: Neighbourhood,
    by: Any,
    topic: str,
    *,
    helped: bool = False,
    when: datetime | None = None,
) -> Referral:
    service, _ = Service.objects.get_or_create(id="dienst-schuldhulp", defaults={"name": "Hulp"})
    made = Referral.objects.create(
        question="Vraag",
        service=service,
        topic=topic,
        referred_by=by,
        neighbourhood=neighbourhood,
        outcome=Referral.Outcome.HELPED if helped else Referral.Outcome.UNKNOWN,
    )
    if when is not None:
        Referral.objects.filter(pk=made.pk).update(created_at=when)
    return made


def signal(personas: Any, code: str, *, when: datetime | None = None, **fields: Any) -> Any:
    """A signal of category `code` in the north, reported through casework's own action."""
    from buurtwerk.casework.tests.factories import category, liveability_signal

    made = liveability_signal(personas, category=category(code), **fields)
    if when is not None:
        type(made).objects.filter(pk=made.pk).update(created_at=when)
    return made


def contact(worker: Any, when: date, purpose: str, minutes: int, *residents: Resident) -> Any:
    from buurtwerk.casework.models import Contact

    made = Contact.objects.create(
        worker=worker,
        happened_on=when,
        kind=Contact.Kind.COFFEE_VISIT,
        purpose=purpose,
        duration_minutes=minutes,
    )
    made.residents.set(residents)
    return made
