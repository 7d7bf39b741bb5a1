"""Suggesting activities to a resident with a small network: which ones fit, and why.

The buurtwerker sees a short list with plain Dutch reasons and decides; the function only
ranks. An activity is left out when the resident cannot be there at that moment, when it is
full, too far away or (when interests are known) about something else entirely.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from buurtwerk.matching.engine.geo import format_distance, haversine_km
from buurtwerk.matching.engine.taxonomy import CATEGORY_LABELS, dutch_join, slot_label, sorted_slots

# Further than this nobody goes to a neighbourhood activity, not even with a lift.
MAX_DISTANCE_KM = 5.0
INTEREST_WEIGHT = 40.0
CLOSENESS_WEIGHT = 30.0
CLOSENESS_HALF_KM = 1.0
RIDE_WEIGHT = 15.0
SPACE_WEIGHT = 15.0
# With this many places left an activity no longer feels crowded.
ROOMY_PLACES = 5


@dataclass(frozen=True, slots=True)
class ResidentWish:
    """What the resident likes and when they can; how far they get without help."""

    interests: frozenset[str]
    slots: frozenset[str]
    lat: float | None
    lon: float | None
    neighbourhood: str | None
    walking_km: float
    travels_alone: bool


@dataclass(frozen=True, slots=True)
class ActivityOption:
    """An upcoming activity: its themes (engine categories), when, where and room left."""

    ref: Hashable
    themes: frozenset[str]
    slots: frozenset[str]
    lat: float | None
    lon: float | None
    neighbourhood: str | None
    places_left: int | None
    ride_available: bool


@dataclass(frozen=True, slots=True)
class Suggestion:
    activity_ref: Hashable
    score: float
    distance_km: float | None
    needs_ride: bool
    ride_available: bool
    reasons: tuple[str, ...]


def distance_between(wish: ResidentWish, option: ActivityOption) -> float | None:
    """Kilometres between home and activity; 0 for the same neighbourhood without addresses."""
    if None not in (wish.lat, wish.lon, option.lat, option.lon):
        return haversine_km(wish.lat, wish.lon, option.lat, option.lon)  # type: ignore[arg-type]
    if wish.neighbourhood and wish.neighbourhood == option.neighbourhood:
        return 0.0
    return None


def score_activity(wish: ResidentWish, option: ActivityOption) -> Suggestion | None:
    """Score one activity for one resident, or None when it does not fit at all."""
    shared_slots = wish.slots & option.slots if wish.slots else option.slots
    if not shared_slots:
        return None
    if option.places_left is not None and option.places_left <= 0:
        return None
    shared_interests = wish.interests & option.themes
    if wish.interests and not shared_interests:
        return None
    distance = distance_between(wish, option)
    if distance is None or distance > MAX_DISTANCE_KM:
        return None

    reasons: list[str] = []
    score = 0.0
    if shared_interests:
        score += INTEREST_WEIGHT * min(1.0, len(shared_interests) / max(1, len(wish.interests)))
        labels = sorted(CATEGORY_LABELS[theme] for theme in shared_interests)
        reasons.append(f"past bij wat de bewoner leuk vindt: {dutch_join(labels)}")
    moments = [slot_label(slot) for slot in sorted_slots(shared_slots)]
    reasons.append(f"op {dutch_join(moments)}, dan kan de bewoner")

    score += CLOSENESS_WEIGHT * 0.5 ** (distance / CLOSENESS_HALF_KM)
    needs_ride = not wish.travels_alone or distance > wish.walking_km
    where = "in de eigen buurt" if distance == 0 else f"op {format_distance(distance)}"
    if not needs_ride:
        score += RIDE_WEIGHT
        reasons.append(f"{where}: zelf te bereiken")
    elif option.ride_available:
        score += RIDE_WEIGHT * 2 / 3
        reasons.append(f"{where}: een vrijwilliger kan de bewoner ophalen")
    else:
        reasons.append(f"{where}: vervoer moet nog geregeld worden")

    if option.places_left is None:
        score += SPACE_WEIGHT
    else:
        score += SPACE_WEIGHT * min(option.places_left, ROOMY_PLACES) / ROOMY_PLACES
        reasons.append(f"nog {option.places_left} plek{'ken' if option.places_left > 1 else ''}")
    return Suggestion(
        activity_ref=option.ref,
        score=round(score, 2),
        distance_km=distance,
        needs_ride=needs_ride,
        ride_available=option.ride_available,
        reasons=tuple(reasons),
    )


def suggest_activities(
    wish: ResidentWish, options: Iterable[ActivityOption], limit: int = 5
) -> list[Suggestion]:
    """The best fitting activities, best first; ties go to the nearest, then by ref."""
    suggestions = [s for option in options if (s := score_activity(wish, option)) is not None]
    suggestions.sort(key=lambda s: (-s.score, s.distance_km or 0.0, str(s.activity_ref)))
    return suggestions[:limit]
