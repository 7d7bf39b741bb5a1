"""Community test data on top of the shared personas: a centre in Noorderhof with activities,
volunteers (Henk among them, linked to his own resident record) and drivers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from buurtwerk.community.engine.recurrence import TIMEZONE, weekly_rule
from buurtwerk.community.models import (
    Activity,
    DriverOffer,
    Initiative,
    Occurrence,
    Volunteer,
)
from buurtwerk.core.testing import Personas, ResidentFactory, UserFactory
from buurtwerk.people.models import Resident

# Noorderhof: the centre and the homes around it, a few hundred metres apart.
CENTRE = (52.7115, 5.7520)
ALL_SLOTS = [f"{day}-{part}" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
             for part in ("morning", "afternoon", "evening")]  # fmt: skip


def next_weekday_at(weekday: int, hour: int, minute: int = 0) -> datetime:
    """The next `weekday` (0 = Monday), at least a day from now, at a local time."""
    today = timezone.localdate()
    days_ahead = (weekday - today.weekday()) % 7 or 7
    day = today + timedelta(days=days_ahead)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TIMEZONE)


@dataclass
class Community:
    personas: Personas
    centre: Initiative
    coffee: Activity
    henk_volunteer: Volunteer
    annie_volunteer: Volunteer
    driver: DriverOffer


def make_resident(personas: Personas, name: str, offset_km: float = 0.3, **extra) -> Resident:
    """A resident in Noorderhof about `offset_km` north of the centre."""
    values = {
        "name": name,
        "neighbourhood": personas.north,
        "lat": CENTRE[0] + offset_km / 111.0,
        "lon": CENTRE[1],
        "consent": True,
    }
    values.update(extra)
    return ResidentFactory(**values)


def make_community(personas: Personas, *, from_user=None) -> Community:
    """The Noorderhof centre with a fortnightly Tuesday coffee morning planned 8 weeks ahead."""
    from buurtwerk.community import actions

    fatima = from_user or personas.fatima
    centre = actions.do_create_initiative(
        {"name": "Buurthuis Noorderhof", "neighbourhood": personas.north, "goal": "Ontmoeten"},
        fatima,
    )
    coffee = actions.do_create_activity(
        centre,
        {
            "title": "Koffieochtend",
            "kind": Activity.Kind.COFFEE,
            "themes": ["company", "listening"],
            "location_name": "Buurthuis Noorderhof",
            "lat": CENTRE[0],
            "lon": CENTRE[1],
            "starts_at": next_weekday_at(1, 10),
            "duration_minutes": 120,
            "rrule": weekly_rule(1, 2),
            "capacity": 20,
            "roles_needed": {"host": 2, "driver": 1},
        },
        fatima,
    )
    henk_resident = make_resident(
        personas, "Henk Kuipers", 0.5, certificate_of_conduct_on=timezone.localdate()
    )
    personas.henk.resident = henk_resident
    personas.henk.save(update_fields=["resident"])
    annie_user = UserFactory(username="annie", role="volunteer", teams=[personas.team_north])
    annie_resident = make_resident(personas, "Annie Dijkstra", 0.2)
    annie_user.resident = annie_resident
    annie_user.save(update_fields=["resident"])
    henk_volunteer = actions.do_register_volunteer(
        henk_resident,
        {"roles": ["host", "driver"], "slots": ALL_SLOTS},
        fatima,
        initiatives=[centre],
    )
    annie_volunteer = actions.do_register_volunteer(
        annie_resident, {"roles": ["host", "cook"]}, fatima, initiatives=[centre]
    )
    driver = actions.do_offer_driving(
        henk_volunteer,
        {"slots": ["tue-morning", "thu-evening"], "seats": 2, "per_week": 2, "max_pickup_km": 3},
        fatima,
    )
    return Community(personas, centre, coffee, henk_volunteer, annie_volunteer, driver)


def first_occurrence(activity: Activity) -> Occurrence:
    return activity.occurrences.order_by("starts_at").first()
