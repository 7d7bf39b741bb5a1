"""Adapter between rides and the pure matching engine (category `transport`).

A ride request becomes a `NeedData` picked up at the resident's home, a driver's offer an
`OfferData` starting from the driver's home, so the engine applies the same hard rules as to
any other help: consent on both sides, a shared moment, a certificate of conduct when asked,
and the pickup distance within what the driver is willing to drive. Seats per occurrence and
rides per week are counted here and passed to the engine as remaining capacity.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from datetime import timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from buurtwerk.matching.engine import (
    Assignment,
    Candidate,
    NeedData,
    OfferData,
    OfferIndex,
    assign,
    why_not,
)
from buurtwerk.people.models import Resident
from buurtwerk.people.queries import network_sizes

from .engine.recurrence import slot_of
from .models import DriverOffer, Occurrence, RideRequest

TRANSPORT = "transport"
# Rides matter to people who would otherwise stay at home: treat them as fairly urgent.
RIDE_URGENCY = 2
ACTIVE_RIDE_STATUSES = (RideRequest.Status.PROPOSED, RideRequest.Status.CONFIRMED)


def need_for(request: RideRequest, network_size: int) -> NeedData:
    resident = request.resident
    return NeedData(
        ref=request.pk,
        resident_ref=resident.pk,
        category=TRANSPORT,
        slots=frozenset({slot_of(request.occurrence.starts_at)}),
        urgency=RIDE_URGENCY,
        requires_certificate=request.requires_certificate,
        lat=resident.lat,
        lon=resident.lon,
        neighbourhood=resident.neighbourhood.code,
        languages=frozenset(resident.languages or ()),
        consent=resident.has_matching_consent,
        network_size=network_size,
    )


def offer_for(driver: DriverOffer) -> OfferData:
    resident = driver.volunteer.resident
    return OfferData(
        ref=driver.pk,
        resident_ref=resident.pk,
        category=TRANSPORT,
        slots=frozenset(driver.slots),
        per_week=driver.per_week,
        max_distance_km=driver.max_pickup_km,
        lat=resident.lat,
        lon=resident.lon,
        neighbourhood=resident.neighbourhood.code,
        languages=frozenset(resident.languages or ()),
        has_certificate=resident.has_certificate_of_conduct,
        consent=resident.has_matching_consent,
        seeks_participation=resident.seeks_participation,
    )


def drivers_for(occurrence: Occurrence) -> list[DriverOffer]:
    """Active drivers who go to this activity (or to any activity)."""
    return list(
        DriverOffer.objects.filter(active=True, volunteer__active=True)
        .filter(Q(activities__isnull=True) | Q(activities=occurrence.activity_id))
        .distinct()
        .select_related("volunteer__resident__neighbourhood")
        .prefetch_related("volunteer__resident__consents")
    )


def remaining_capacity(
    occurrence: Occurrence, drivers: Iterable[DriverOffer], *, excluding: Iterable[int] = ()
) -> dict[Hashable, int]:
    """Rides each driver can still take for this occurrence: free seats, and room that week."""
    drivers = list(drivers)
    ids = [driver.pk for driver in drivers]
    active = RideRequest.objects.filter(driver_offer_id__in=ids, status__in=ACTIVE_RIDE_STATUSES)
    active = active.exclude(pk__in=list(excluding))
    seats_taken = dict(
        active.filter(occurrence=occurrence)
        .values_list("driver_offer_id")
        .annotate(n=Count("id"))
        .values_list("driver_offer_id", "n")
    )
    week_start = occurrence.local_start.date() - timedelta(days=occurrence.local_start.weekday())
    week_rides = dict(
        active.filter(
            occurrence__starts_at__date__gte=week_start,
            occurrence__starts_at__date__lt=week_start + timedelta(days=7),
        )
        .values_list("driver_offer_id")
        .annotate(n=Count("id"))
        .values_list("driver_offer_id", "n")
    )
    return {
        driver.pk: max(
            0,
            min(
                driver.seats - seats_taken.get(driver.pk, 0),
                driver.per_week - week_rides.get(driver.pk, 0),
            ),
        )
        for driver in drivers
    }


def _needs(requests: Sequence[RideRequest]) -> list[NeedData]:
    sizes = network_sizes([request.resident_id for request in requests])
    return [need_for(request, sizes.get(request.resident_id, 0)) for request in requests]


def suggestions_for(request: RideRequest, limit: int = 5) -> list[Candidate]:
    """The best drivers for one ride request, with the engine's Dutch reasons."""
    drivers = drivers_for(request.occurrence)
    capacity = remaining_capacity(request.occurrence, drivers, excluding=[request.pk])
    index = OfferIndex(offer_for(driver) for driver in drivers)
    return index.top_suggestions(_needs([request])[0], k=limit, remaining_capacity=capacity)


def why_no_driver(request: RideRequest) -> dict[int, list[str]]:
    """Per driver, why they cannot take this ride (for the coordinator's 'why not' list)."""
    drivers = drivers_for(request.occurrence)
    capacity = remaining_capacity(request.occurrence, drivers, excluding=[request.pk])
    need = _needs([request])[0]
    return {driver.pk: why_not(need, offer_for(driver), capacity) for driver in drivers}


def plan_rides(occurrence: Occurrence, requests: Sequence[RideRequest]) -> Assignment:
    """The best assignment of drivers to all open requests of one occurrence at once."""
    drivers = drivers_for(occurrence)
    capacity = remaining_capacity(occurrence, drivers, excluding=[r.pk for r in requests])
    offers = [offer_for(driver) for driver in drivers]
    return assign(_needs(requests), offers, remaining_capacity=capacity)


def evaluate(request: RideRequest, driver: DriverOffer) -> Candidate | None:
    """Score one request with one driver, or None when a hard rule or capacity says no."""
    capacity = remaining_capacity(request.occurrence, [driver], excluding=[request.pk])
    index = OfferIndex([offer_for(driver)])
    candidates = index.candidates_for(_needs([request])[0], remaining_capacity=capacity)
    return candidates[0] if candidates else None


# The engine speaks of help in general; for a ride the people are the resident and the driver.
RIDE_WORDING = (
    ("De bewoner met de hulpvraag", "De bewoner die een rit nodig heeft"),
    ("de helper", "de chauffeur"),
    ("De helper", "De chauffeur"),
    ("deze hulpvraag", "deze rit"),
)


def in_ride_words(reason: str) -> str:
    for general, ride in RIDE_WORDING:
        reason = reason.replace(general, ride)
    return reason


def driver_problems(request: RideRequest, driver: DriverOffer) -> list[str]:
    """Why this driver cannot take this ride, the real reason first (empty when they can)."""
    if not driver.volunteer.active:
        return [str(_("Deze chauffeur is gestopt als vrijwilliger."))]
    if not driver.active:
        return [str(_("Deze chauffeur rijdt op dit moment niet."))]
    activity_ids = set(driver.activities.values_list("pk", flat=True))
    if activity_ids and request.occurrence.activity_id not in activity_ids:
        return [str(_("Deze chauffeur rijdt alleen naar andere activiteiten."))]
    capacity = remaining_capacity(request.occurrence, [driver], excluding=[request.pk])
    reasons = why_not(_needs([request])[0], offer_for(driver), capacity)
    return [in_ride_words(reason) for reason in reasons]


def ride_blockers(resident: Resident, occurrence: Occurrence) -> list[str]:
    """What stops any ride for this resident to this date, known before anyone tries.

    Shown next to the "arrange the ride" button, so nobody finds out at the last step.
    """
    problems = []
    if not resident.has_matching_consent:
        problems.append(
            str(
                _(
                    "Deze bewoner heeft nog geen toestemming gegeven om aan een chauffeur "
                    "gekoppeld te worden. Vraag die eerst."
                )
            )
        )
    if resident.lat is None and not resident.neighbourhood_id:
        problems.append(str(_("Van deze bewoner is geen adres bekend om op te halen.")))
    if not drivers_for(occurrence):
        problems.append(str(_("Er is geen chauffeur die naar deze activiteit rijdt.")))
    return problems


def drivers_without_certificate(occurrence: Occurrence) -> list[DriverOffer]:
    """Drivers of this activity without a certificate of conduct: for rides that need one."""
    return [
        driver
        for driver in drivers_for(occurrence)
        if not driver.volunteer.resident.has_certificate_of_conduct
    ]
