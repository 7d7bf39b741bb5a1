"""Plain data the engine works on, so it can be fed from Django models, fixtures or a benchmark."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from .taxonomy import CATEGORY_LABELS, validate_slots

Ref = Hashable


def _check_location(lat: float | None, lon: float | None) -> None:
    if (lat is None) != (lon is None):
        raise ValueError("lat and lon must both be given or both be None")
    if (
        lat is not None
        and lon is not None
        and not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0)
    ):
        raise ValueError(f"coordinates out of range: {lat}, {lon}")


def _check_category(category: str) -> None:
    if category not in CATEGORY_LABELS:
        raise ValueError(f"unknown category: {category!r}")


@dataclass(frozen=True, slots=True)
class OfferData:
    """A resident's offer of help (a talent) with the conditions under which they give it.

    ``slots`` and ``languages`` may be passed as any iterable; they are stored as frozensets.
    Every field is required on purpose: consent in particular must never be assumed.
    ``per_week`` is how many needs this offer can take on per week.
    """

    ref: Ref
    resident_ref: Ref
    category: str
    slots: frozenset[str]
    per_week: int
    max_distance_km: float
    lat: float | None
    lon: float | None
    neighbourhood: str | None
    languages: frozenset[str]
    has_certificate: bool
    consent: bool
    seeks_participation: bool

    def __post_init__(self) -> None:
        _check_category(self.category)
        object.__setattr__(self, "slots", validate_slots(self.slots))
        object.__setattr__(self, "languages", frozenset(self.languages))
        _check_location(self.lat, self.lon)
        if self.per_week < 0:
            raise ValueError("per_week must not be negative")
        if self.max_distance_km < 0:
            raise ValueError("max_distance_km must not be negative")


@dataclass(frozen=True, slots=True)
class NeedData:
    """A resident's request for help.

    ``urgency`` runs from 1 (can wait) to 3 (urgent). ``network_size`` is the number of people
    the resident can fall back on; 0 or 1 counts as a small network and gets priority.
    """

    ref: Ref
    resident_ref: Ref
    category: str
    slots: frozenset[str]
    urgency: int
    requires_certificate: bool
    lat: float | None
    lon: float | None
    neighbourhood: str | None
    languages: frozenset[str]
    consent: bool
    network_size: int

    def __post_init__(self) -> None:
        _check_category(self.category)
        object.__setattr__(self, "slots", validate_slots(self.slots))
        object.__setattr__(self, "languages", frozenset(self.languages))
        _check_location(self.lat, self.lon)
        if self.urgency not in (1, 2, 3):
            raise ValueError("urgency must be 1, 2 or 3")
        if self.network_size < 0:
            raise ValueError("network_size must not be negative")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A feasible pairing of a need with an offer, its score and the Dutch reasons behind it.

    ``distance_km`` is ``None`` when the pairing rests on living in the same neighbourhood
    rather than on known coordinates.
    """

    need_ref: Ref
    offer_ref: Ref
    score: float
    reasons: tuple[str, ...]
    distance_km: float | None


@dataclass(slots=True)
class Assignment:
    """The outcome of matching a batch of needs: chosen pairs and the needs left open."""

    matches: list[Candidate]
    unmatched_needs: list[Ref]
    total_score: float


def ref_sort_key(ref: Ref) -> tuple[str, object]:
    """Sort key that orders refs of one type naturally and never compares unlike types."""
    return (type(ref).__name__, ref)
