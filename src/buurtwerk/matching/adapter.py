"""From the database to the engine: querysets of offers and needs become engine dataclasses.

Everything the engine's hard rules need (consent, certificate of conduct, coordinates,
neighbourhood, languages, network size, remaining capacity) is read in a handful of queries,
whatever the number of rows: one for the offers or needs with their residents and consent, two
for the network sizes and one for the capacity in use. Engine refs are database ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet

from buurtwerk.people.models import Consent
from buurtwerk.people.queries import network_sizes

from .engine import NeedData, OfferData
from .models import Match, Need, Offer

# For a whole city, counting every match in progress is cheaper than a huge IN (...) list.
_FILTER_BY_ID_MAX = 500

RESIDENT_FIELDS = (
    "resident_id",
    "resident__lat",
    "resident__lon",
    "resident__neighbourhood_id",
    "resident__languages",
)


def _has_consent() -> Exists:
    return Exists(
        Consent.objects.filter(
            resident_id=OuterRef("resident_id"),
            scope=Consent.Scope.MATCHING,
            withdrawn_at__isnull=True,
        )
    )


def _location(row: dict[str, Any]) -> dict[str, Any]:
    lat, lon = row["resident__lat"], row["resident__lon"]
    if lat is None or lon is None:
        lat = lon = None
    return {
        "lat": lat,
        "lon": lon,
        "neighbourhood": str(row["resident__neighbourhood_id"]),
        "languages": frozenset(row["resident__languages"] or ()),
    }


def offers_to_engine(offers: QuerySet[Offer]) -> list[OfferData]:
    """Engine data for `offers` (one query). Erased residents are left out altogether."""
    rows = (
        offers.filter(resident__erased_at__isnull=True)
        .annotate(consent=_has_consent())
        .values(
            "id",
            "category",
            "availability",
            "per_week",
            "max_distance_km",
            "consent",
            "resident__certificate_of_conduct_on",
            "resident__seeks_participation",
            *RESIDENT_FIELDS,
        )
        .order_by("id")
    )
    return [
        OfferData(
            ref=row["id"],
            resident_ref=row["resident_id"],
            category=row["category"],
            slots=frozenset(row["availability"] or ()),
            per_week=row["per_week"],
            max_distance_km=row["max_distance_km"],
            has_certificate=row["resident__certificate_of_conduct_on"] is not None,
            consent=bool(row["consent"]),
            seeks_participation=row["resident__seeks_participation"],
            **_location(row),
        )
        for row in rows
    ]


def needs_to_engine(needs: QuerySet[Need]) -> list[NeedData]:
    """Engine data for `needs` (one query plus two for the network sizes)."""
    rows = list(
        needs.filter(resident__erased_at__isnull=True)
        .annotate(consent=_has_consent())
        .values(
            "id",
            "category",
            "availability",
            "urgency",
            "requires_certificate",
            "consent",
            *RESIDENT_FIELDS,
        )  # fmt: skip
        .order_by("id")
    )
    sizes = network_sizes(sorted({row["resident_id"] for row in rows}))
    return [
        NeedData(
            ref=row["id"],
            resident_ref=row["resident_id"],
            category=row["category"],
            slots=frozenset(row["availability"] or ()),
            urgency=row["urgency"],
            requires_certificate=row["requires_certificate"],
            consent=bool(row["consent"]),
            network_size=sizes.get(row["resident_id"], 0),
            **_location(row),
        )
        for row in rows
    ]


def need_to_engine(need: Need) -> NeedData | None:
    """Engine data for one need (None when its resident has been erased)."""
    found = needs_to_engine(Need.objects.filter(pk=need.pk))
    return found[0] if found else None


def offer_to_engine(offer: Offer) -> OfferData | None:
    found = offers_to_engine(Offer.objects.filter(pk=offer.pk))
    return found[0] if found else None


def remaining_capacity(
    offers: Iterable[OfferData], *, ignore_need_id: int | None = None
) -> dict[Any, int]:
    """How many more needs each offer can take on this week.

    Matches in progress (contacted, introduced, active) use up an offer's `per_week`; those of
    `ignore_need_id` do not, so a need's own match never crowds out its own helper.
    """
    offer_list = list(offers)
    in_use = Match.objects.using_capacity()
    if len(offer_list) <= _FILTER_BY_ID_MAX:
        in_use = in_use.filter(offer_id__in=[offer.ref for offer in offer_list])
    if ignore_need_id is not None:
        in_use = in_use.exclude(need_id=ignore_need_id)
    used: dict[Any, int] = dict(
        in_use.values("offer_id").annotate(n=Count("id")).values_list("offer_id", "n")
    )
    return {offer.ref: max(0, offer.per_week - used.get(offer.ref, 0)) for offer in offer_list}
