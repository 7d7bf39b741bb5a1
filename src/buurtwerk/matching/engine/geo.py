"""Distances between residents and how to say them in Dutch."""

from __future__ import annotations

import math
from typing import NamedTuple

from .model import NeedData, OfferData

EARTH_RADIUS_KM = 6371.0088


class Proximity(NamedTuple):
    """How close a need and an offer are.

    ``distance_km`` is the great-circle distance when both have coordinates and ``None`` when
    only a shared neighbourhood is known; in that case the pair counts as distance 0.
    """

    distance_km: float | None
    same_neighbourhood: bool

    @property
    def effective_km(self) -> float:
        """Distance used by the rules and the score."""
        return 0.0 if self.distance_km is None else self.distance_km


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2.0
    half_dlambda = math.radians(lon2 - lon1) / 2.0
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2.0 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def same_neighbourhood(need: NeedData, offer: OfferData) -> bool:
    """Tell whether both name the same, non-empty neighbourhood."""
    return bool(need.neighbourhood) and need.neighbourhood == offer.neighbourhood


def proximity(need: NeedData, offer: OfferData) -> Proximity | None:
    """Return how close need and offer are, or ``None`` when that cannot be known.

    Coordinates win when both sides have them. Otherwise living in the same neighbourhood
    counts as distance 0, and anything else is unknown: we would rather not match than send a
    helper to the other side of town.
    """
    shared = same_neighbourhood(need, offer)
    if (
        need.lat is not None
        and need.lon is not None
        and offer.lat is not None
        and offer.lon is not None
    ):
        return Proximity(haversine_km(need.lat, need.lon, offer.lat, offer.lon), shared)
    if shared:
        return Proximity(None, True)
    return None


def format_distance(km: float) -> str:
    """Format a distance for residents: ``"350 m"`` under 1 km, ``"1,2 km"`` above it."""
    metres = round(km * 1000.0 / 50.0) * 50
    if metres < 1000:
        return f"{max(metres, 50)} m"
    text = f"{km:.1f}" if km < 10 else f"{km:.0f}"
    return text.removesuffix(".0").replace(".", ",") + " km"
