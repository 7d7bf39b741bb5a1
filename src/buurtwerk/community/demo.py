"""Demo: Buurthuis De Espel in Espelerhof, with a dinner club, fortnightly coffee mornings and a
monthly walk-in with the buurtwerker, the police officer, the municipality and the housing
corporation; about thirty volunteers (Henk and Annie among them), two months of rota with
fixed patterns, a couple of rides and a step-back plan half handed over.

Who does what is drawn from the shared seeded generator, so it is the same every time; the
dates follow the day the demo is made, so the rota is always the coming month.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from buurtwerk.core.actions import SYSTEM
from buurtwerk.core.demo import DemoContext
from buurtwerk.people.models import Organisation, Resident

from .engine.recurrence import TIMEZONE, monthly_rule, weekly_rule
from .models import (
    Activity,
    DriverOffer,
    HandoverTask,
    Initiative,
    Occurrence,
    Registration,
    RideArrangement,
    RideRequest,
    RotaPattern,
    Shift,
    SupportLog,
    Volunteer,
)

CENTRE_NAME = "Buurthuis De Espel"
CENTRE_LOCATION = (52.7118, 5.7523)
# Two months ahead: long enough to show fixed patterns and the gaps of the coming weeks.
DEMO_HORIZON = timedelta(days=63)
DEMO_VOLUNTEERS = 30
WEEKDAY_SLOTS = [f"{day}-{part}" for day in ("mon", "tue", "wed", "thu", "fri")
                 for part in ("morning", "afternoon", "evening")]  # fmt: skip


def remove() -> None:
    initiatives = Initiative.objects.filter(name=CENTRE_NAME)
    Volunteer.objects.filter(initiatives__in=initiatives).delete()
    initiatives.delete()
    Registration.objects.filter(phone="06-00000000").delete()


def _next(weekday: int, hour: int, minute: int = 0) -> datetime:
    today = timezone.localdate()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 or 7)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TIMEZONE)


def populate(context: DemoContext) -> None:
    from buurtwerk.people.demo import TEAM_CENTRE

    rng = context.rng
    users = context.objects["users"]
    neighbourhood = context.objects["neighbourhoods"]["espelerhof"]
    residents: list[Resident] = [
        r for r in context.objects["residents"] if r.neighbourhood_id == neighbourhood.pk
    ]
    centre = Initiative.objects.create(
        name=CENTRE_NAME,
        neighbourhood=neighbourhood,
        team=context.objects["teams"][TEAM_CENTRE],
        goal="Een huiskamer voor de buurt: elkaar ontmoeten, samen eten, vragen kwijt kunnen.",
        contact_name="Balie De Espel",
        contact_phone="0527-000000",
        supported_by=users["fatima"],
        support_description="Coacht het bestuur, helpt met roosters en subsidie.",
        step_back_on=timezone.localdate() + timedelta(days=240),
    )
    _support_history(centre, users["fatima"])
    partners = list(
        Organisation.objects.filter(
            municipality=neighbourhood.district.municipality,
            kind__in=[Organisation.Kind.POLICE, Organisation.Kind.MUNICIPALITY,
                      Organisation.Kind.HOUSING],
        ).order_by("name")
    )  # fmt: skip
    place = {"location_name": CENTRE_NAME, "address": "Espelerlaan 1, Emmeloord",
             "lat": CENTRE_LOCATION[0], "lon": CENTRE_LOCATION[1]}  # fmt: skip
    dinner = Activity.objects.create(
        initiative=centre, neighbourhood=neighbourhood, title="Eetclub", kind=Activity.Kind.MEAL,
        description="Samen koken en eten voor 5 euro.", themes=["meals", "company"],
        starts_at=_next(3, 17, 30), duration_minutes=150, rrule=weekly_rule(3), capacity=24,
        roles_needed={"cook": 2, "host": 1, "driver": 1}, **place,
    )  # fmt: skip
    coffee = Activity.objects.create(
        initiative=centre, neighbourhood=neighbourhood, title="Koffieochtend",
        kind=Activity.Kind.COFFEE, description="Koffie, thee en een praatje.",
        themes=["company", "listening"], starts_at=_next(1, 10), duration_minutes=120,
        rrule=weekly_rule(1, 2), capacity=30,
        roles_needed={"host": 2, "listening_ear": 1, "driver": 1}, **place,
    )  # fmt: skip
    walk_in_start = _first_wednesday()
    walk_in = Activity.objects.create(
        initiative=centre, neighbourhood=neighbourhood, title="Inloopspreekuur",
        kind=Activity.Kind.WALK_IN, themes=["paperwork", "listening"],
        description="Met vragen over wonen, geld, veiligheid of zorg kunt u zo binnenlopen.",
        partners_note="De buurtwerker, de wijkagent, de gemeente en de woonconsulent.",
        starts_at=walk_in_start, duration_minutes=120, rrule=monthly_rule(2, 1),
        roles_needed={"host": 1, "listening_ear": 1}, **place,
    )  # fmt: skip
    walk_in.partners.set(partners)
    horizon = timezone.now() + DEMO_HORIZON
    for activity in (dinner, coffee, walk_in):
        _plan(activity, horizon)
    _past_occurrences(coffee, dinner)

    volunteers = _volunteers(rng, centre, residents, users)
    _patterns(walk_in, coffee, volunteers)
    _rota([dinner, coffee, walk_in], volunteers, rng)
    _step_back_plan(centre)
    _rides(rng, coffee, residents, volunteers, users["fatima"])
    _sign_ups(neighbourhood)
    context.objects["community"] = {"centre": centre, "activities": [dinner, coffee, walk_in]}


def _sign_ups(neighbourhood) -> None:  # type: ignore[no-untyped-def]
    """Two residents who signed up on the public page and wait for a coffee visit."""
    from .actions import CONSENT_TEXT

    now = timezone.now()
    for kind, category, message, name in (
        (Registration.Kind.OFFER, "shopping", "Ik doe graag boodschappen voor een ander.",
         "Wilma de Groot"),
        (Registration.Kind.NEED, "garden", "Mijn heg groeit me boven het hoofd.", "Gerrit Mol"),
    ):  # fmt: skip
        Registration.objects.create(
            neighbourhood=neighbourhood, kind=kind, category=category, message=message,
            name=name, phone="06-00000000", consent_text=str(CONSENT_TEXT),
            consent_given_at=now - timedelta(days=2),
        )  # fmt: skip


def _first_wednesday() -> datetime:
    today = timezone.localdate()
    year, month = (today.year, today.month + 1) if today.month < 12 else (today.year + 1, 1)
    first = date(year, month, 1)
    day = first + timedelta(days=(2 - first.weekday()) % 7)
    return datetime(day.year, day.month, day.day, 14, 0, tzinfo=TIMEZONE)


def _plan(activity: Activity, until: datetime) -> None:
    from .actions.activities import _planned_dates

    duration = timedelta(minutes=activity.duration_minutes)
    Occurrence.objects.bulk_create(
        Occurrence(activity=activity, starts_at=start, ends_at=start + duration)
        for start in _planned_dates(activity, until)
    )


def _past_occurrences(*activities: Activity) -> None:
    """Half a year of history, with the walk-ins counted, for the self-reliance page."""
    for activity in activities:
        step = 14 if activity.kind == Activity.Kind.COFFEE else 7
        for weeks_back in range(step, 182, step):
            start = activity.starts_at - timedelta(days=weeks_back)
            Occurrence.objects.create(
                activity=activity,
                starts_at=start,
                ends_at=start + timedelta(minutes=activity.duration_minutes),
                walk_in_count=12 + weeks_back % 9,
            )


def _support_history(centre: Initiative, buurtwerker) -> None:  # type: ignore[no-untyped-def]
    """Support shrinking from 16 to 4 hours a month: the centre is finding its feet."""
    today = timezone.localdate()
    SupportLog.objects.bulk_create(
        SupportLog(
            initiative=centre,
            given_by=buurtwerker,
            given_on=today - timedelta(days=30 * months_ago + 3),
            hours=Decimal(4 + months_ago),
            note="Overleg met het bestuur",
        )
        for months_ago in range(11, -1, -1)
    )


def _volunteers(rng, centre, residents, users):  # type: ignore[no-untyped-def]
    helpers = [r for r in residents if r.lat is not None]
    rng.shuffle(helpers)
    volunteers = []
    for username in ("henk", "annie"):
        user = users[username]
        # An account already linked to a resident (a helper in a match) keeps that identity.
        resident = user.resident if user.resident_id else helpers.pop()
        if resident in helpers:
            helpers.remove(resident)
        resident.name = user.get_full_name()
        resident.certificate_of_conduct_on = timezone.localdate() - timedelta(days=200)
        resident.save(update_fields=["name", "certificate_of_conduct_on"])
        user.resident = resident
        user.save(update_fields=["resident"])
        roles = ["host", "driver", "listening_ear"] if username == "henk" else ["host", "cook"]
        volunteers.append(_volunteer(centre, resident, roles))
    for resident in helpers[: DEMO_VOLUNTEERS - len(volunteers)]:
        roles = rng.sample(["host", "cook", "listening_ear", "driver"], 2)
        if resident.certificate_of_conduct_on is None:
            roles = [role for role in roles if role not in ("driver", "listening_ear")] or ["host"]
        volunteers.append(_volunteer(centre, resident, roles))
    return volunteers


def _volunteer(centre, resident, roles):  # type: ignore[no-untyped-def]
    volunteer = Volunteer.objects.create(
        resident=resident, roles=sorted(roles), slots=WEEKDAY_SLOTS, skills=["company"],
        joined_on=timezone.localdate() - timedelta(days=400),
    )  # fmt: skip
    volunteer.initiatives.set([centre])
    return volunteer


def _patterns(walk_in, coffee, volunteers) -> None:  # type: ignore[no-untyped-def]
    """Henk is host at every walk-in (the first Wednesday) and Annie every coffee morning."""
    from .actions.rota import _fill_pattern

    henk, annie = volunteers[0], volunteers[1]
    for activity, volunteer, role in ((walk_in, henk, "host"), (coffee, annie, "host")):
        pattern = RotaPattern.objects.create(
            activity=activity,
            volunteer=volunteer,
            role=role,
            repeat=RotaPattern.Repeat.EVERY,
            starts_on=timezone.localdate(),
        )
        _fill_pattern(pattern, SYSTEM)


def _step_back_plan(centre: Initiative) -> None:
    today = timezone.localdate()
    HandoverTask.objects.bulk_create(
        [
            HandoverTask(initiative=centre, kind=HandoverTask.Kind.KEY, handed_to="Annie",
                         handed_over_on=today - timedelta(days=90)),
            HandoverTask(initiative=centre, kind=HandoverTask.Kind.ROTA, handed_to="Henk",
                         handed_over_on=today - timedelta(days=30)),
            HandoverTask(initiative=centre, kind=HandoverTask.Kind.MONEY),
            HandoverTask(initiative=centre, kind=HandoverTask.Kind.CONTACTS),
        ]
    )  # fmt: skip


def _rota(activities, volunteers, rng) -> None:  # type: ignore[no-untyped-def]
    """Fill two months of rota around the fixed patterns: each needed role from the
    volunteers who do it, in turn. The first coffee morning's listening ear is left open, as a
    gap to fill."""
    now = timezone.now()
    shifts = []
    gap_left = False
    for activity in activities:
        for occurrence in activity.occurrences.filter(starts_at__gt=now).order_by("starts_at"):
            existing = list(occurrence.shifts.all())
            taken: set[int] = {shift.volunteer_id for shift in existing}
            for role, needed in sorted(activity.roles_needed.items()):
                needed -= sum(1 for shift in existing if shift.role == role)
                if (
                    role == "listening_ear"
                    and activity.kind == Activity.Kind.COFFEE
                    and not gap_left
                ):
                    gap_left = True
                    continue
                able = [v for v in volunteers if role in v.roles and v.pk not in taken]
                rng.shuffle(able)
                # The demo's Henk drives to the coffee mornings, so his phone shows a full week.
                if activity.kind == Activity.Kind.COFFEE:
                    able.sort(key=lambda v: v.pk != volunteers[0].pk)
                for volunteer in able[: max(0, needed)]:
                    taken.add(volunteer.pk)
                    shifts.append(Shift(occurrence=occurrence, volunteer=volunteer, role=role))
    Shift.objects.bulk_create(shifts)


def _rides(rng, coffee, residents, volunteers, coordinator) -> None:  # type: ignore[no-untyped-def]
    henk = volunteers[0]
    offer = DriverOffer.objects.create(
        volunteer=henk, slots=["tue-morning", "thu-evening"], seats=3, per_week=3,
        max_pickup_km=3.0, goes_anyway=True,
    )  # fmt: skip
    offer.activities.set([coffee])
    riders = [r for r in residents if r.lat is not None and r.pk != henk.resident_id]
    riders = rng.sample(riders, 2)
    upcoming = list(coffee.occurrences.filter(starts_at__gt=timezone.now()).order_by("starts_at"))
    arrangement = RideArrangement.objects.create(
        resident=riders[0], activity=coffee, driver_offer=offer, created_by=coordinator
    )
    now = timezone.now()
    for occurrence in upcoming:
        RideRequest.objects.create(
            resident=riders[0], occurrence=occurrence, arrangement=arrangement,
            wants_repeat=True, status=RideRequest.Status.CONFIRMED, driver_offer=offer,
            confirmed_at=now, confirmed_by=coordinator, created_by=coordinator,
            match_reasons=["vaste rit"],
        )  # fmt: skip
    RideRequest.objects.create(resident=riders[1], occurrence=upcoming[0], created_by=coordinator)
