"""Database factories for matching tests, on top of the shared personas (core.testing)."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from buurtwerk.core.testing import ResidentFactory
from buurtwerk.matching.models import Match, Need, Offer
from buurtwerk.people.models import Neighbourhood, Resident

# Two addresses in Emmeloord about 350 m apart, and one 8 km away.
HOME = (52.7115, 5.7520)
NEARBY = (52.7115, 5.7572)
FAR_AWAY = (52.7800, 5.7520)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    resident = factory.SubFactory(ResidentFactory, consent=True)
    category = "garden"
    description = "Ik was hovenier en help graag in de tuin."
    availability = factory.LazyFunction(lambda: ["tue-morning", "thu-afternoon"])
    per_week = 1
    max_distance_km = 3.0


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    resident = factory.SubFactory(ResidentFactory, consent=True)
    category = "garden"
    description = "De heg moet gesnoeid en ik kan niet meer bukken."
    availability = factory.LazyFunction(lambda: ["tue-morning"])
    urgency = 1
    requires_certificate = False


def helper_in(neighbourhood: Neighbourhood, **overrides: Any) -> Resident:
    """A resident who consents to matching, in `neighbourhood`."""
    values: dict[str, Any] = {"neighbourhood": neighbourhood, "consent": True}
    values.update(overrides)
    return ResidentFactory(**values)


def with_certificate(resident: Resident) -> Resident:
    resident.certificate_of_conduct_on = date(2026, 1, 15)
    resident.save(update_fields=["certificate_of_conduct_on"])
    return resident


def match_between(need: Need, offer: Offer, state: str = Match.State.SUGGESTED) -> Match:
    return Match.objects.create(need=need, offer=offer, state=state, score=50.0)
