"""Builders for engine test data: sensible defaults, override only what a test is about."""

from __future__ import annotations

from buurtwerk.matching.engine import NeedData, OfferData

# Two points in Utrecht about 1.1 km apart, used as "home" of need and offer by default.
HOME_LAT, HOME_LON = 52.0907, 5.1214
NEAR_LAT, NEAR_LON = 52.0907, 5.1375


def make_offer(**overrides) -> OfferData:
    """Return an offer that matches :func:`make_need` unless a test overrides something."""
    values = {
        "ref": "offer-1",
        "resident_ref": "helper",
        "category": "garden",
        "slots": {"tue-morning", "thu-afternoon"},
        "per_week": 1,
        "max_distance_km": 3.0,
        "lat": NEAR_LAT,
        "lon": NEAR_LON,
        "neighbourhood": "Lombok",
        "languages": {"nl"},
        "has_certificate": False,
        "consent": True,
        "seeks_participation": False,
    }
    values.update(overrides)
    return OfferData(**values)


def make_need(**overrides) -> NeedData:
    """Return a need that :func:`make_offer` can serve unless a test overrides something."""
    values = {
        "ref": "need-1",
        "resident_ref": "asker",
        "category": "garden",
        "slots": {"tue-morning"},
        "urgency": 1,
        "requires_certificate": False,
        "lat": HOME_LAT,
        "lon": HOME_LON,
        "neighbourhood": "Lombok",
        "languages": {"nl"},
        "consent": True,
        "network_size": 5,
    }
    values.update(overrides)
    return NeedData(**values)
