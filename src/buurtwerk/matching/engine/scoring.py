"""How good a feasible match is, on a 0-100 scale, with Dutch reasons a buurtwerker can read.

The weights add up to 100. Two of them depend only on the need (urgency and a small network):
they do not change which helper a resident gets, but they make matching that resident worth
more, so when helpers are scarce the assignment serves these residents first.
"""

from __future__ import annotations

import math
from functools import lru_cache

from .geo import Proximity, format_distance
from .model import Candidate, NeedData, OfferData
from .taxonomy import DUTCH, category_label, dutch_join, language_label, slot_label, sorted_slots

# Closeness matters most for neighbourhood help: short trips keep helpers coming back.
CLOSENESS_WEIGHT = 30.0
# The closeness part halves with every kilometre.
CLOSENESS_HALF_KM = 1.0
# More shared moments make it easier to find a time each week.
SLOT_WEIGHT = 15.0
# Beyond this many shared moments extra overlap no longer helps.
SLOT_SATURATION = 3
# Sharing a home language other than Dutch makes contact easier for newcomers.
LANGUAGE_WEIGHT = 10.0
# Urgency 1, 2, 3 earns 0, half and all of this weight.
URGENCY_WEIGHT = 15.0
# Residents with hardly anyone to fall back on get a substantial head start.
SMALL_NETWORK_WEIGHT = 20.0
# A network of this many people or fewer counts as small.
SMALL_NETWORK_MAX = 1
# Helpers who want to take part themselves benefit from the match too: two people helped at once.
PARTICIPATION_WEIGHT = 10.0

MAX_SCORE = (
    CLOSENESS_WEIGHT
    + SLOT_WEIGHT
    + LANGUAGE_WEIGHT
    + URGENCY_WEIGHT
    + SMALL_NETWORK_WEIGHT
    + PARTICIPATION_WEIGHT
)

# Scores are rounded so that the assignment can scale them to integers without losing anything.
SCORE_DECIMALS = 2

# Listing every shared moment makes the reason unreadable; name a few and count the rest.
_SLOTS_NAMED = 3

URGENCY_REASONS = {3: "urgent", 2: "redelijk dringend"}
SMALL_NETWORK_REASON = "heeft een klein netwerk: krijgt voorrang"
PARTICIPATION_REASON = "wil zelf ook graag meedoen"
CERTIFICATE_REASON = "helper heeft een VOG"
NO_SHARED_LANGUAGE_REASON = "let op: geen gemeenschappelijke taal opgegeven"


def closeness(distance_km: float) -> float:
    """Return closeness between 0 and 1: 1 next door, halving with every kilometre."""
    return 0.5 ** (distance_km / CLOSENESS_HALF_KM)


def has_small_network(need: NeedData) -> bool:
    """Tell whether the resident asking for help has a small network (0 or 1 person)."""
    return need.network_size <= SMALL_NETWORK_MAX


def distance_reason(near: Proximity) -> str:
    """Say in Dutch how far apart the two residents live."""
    if near.distance_km is None:
        return "woont in dezelfde buurt"
    if near.distance_km < 0.075:
        return "woont om de hoek"
    return f"woont {format_distance(near.distance_km)} verderop"


@lru_cache(maxsize=4096)
def slots_reason(shared: frozenset[str]) -> str:
    """Say in Dutch which moments both can, e.g. ``"beiden dinsdagochtend en donderdagmiddag"``."""
    labels = [slot_label(slot) for slot in sorted_slots(shared)]
    if len(labels) > _SLOTS_NAMED:
        rest = len(labels) - _SLOTS_NAMED
        labels = labels[:_SLOTS_NAMED] + [f"nog {rest} andere moment{'en' if rest > 1 else ''}"]
    return "beiden " + dutch_join(labels)


@lru_cache(maxsize=1024)
def languages_reason(shared: frozenset[str]) -> str:
    """Say in Dutch which languages both speak, e.g. ``"spreken allebei Turks"``."""
    return "spreken allebei " + dutch_join(sorted(language_label(code) for code in shared))


def score_pair(need: NeedData, offer: OfferData, near: Proximity) -> Candidate:
    """Score a pair that passes the hard rules and explain the score in Dutch.

    ``near`` is the pair's :class:`Proximity`; the caller has already checked feasibility.
    """
    score = CLOSENESS_WEIGHT * closeness(near.effective_km)
    shared_slots = need.slots & offer.slots
    score += SLOT_WEIGHT * min(len(shared_slots), SLOT_SATURATION) / SLOT_SATURATION
    if (need.languages & offer.languages) - {DUTCH}:
        score += LANGUAGE_WEIGHT
    score += URGENCY_WEIGHT * (need.urgency - 1) / 2
    if has_small_network(need):
        score += SMALL_NETWORK_WEIGHT
    if offer.seeks_participation:
        score += PARTICIPATION_WEIGHT
    return Candidate(
        need_ref=need.ref,
        offer_ref=offer.ref,
        score=round(score, SCORE_DECIMALS),
        reasons=reasons(need, offer, near),
        distance_km=near.distance_km,
    )


def reasons(need: NeedData, offer: OfferData, near: Proximity) -> tuple[str, ...]:
    """The Dutch explanation of a feasible pair's score, one phrase per part of it."""
    said = [distance_reason(near), slots_reason(need.slots & offer.slots)]
    shared_languages = need.languages & offer.languages
    home_languages = shared_languages - {DUTCH}
    if home_languages:
        said.append(languages_reason(home_languages))
    elif need.languages and offer.languages and not shared_languages:
        said.append(NO_SHARED_LANGUAGE_REASON)
    if need.urgency in URGENCY_REASONS:
        said.append(URGENCY_REASONS[need.urgency])
    if has_small_network(need):
        said.append(SMALL_NETWORK_REASON)
    if offer.seeks_participation:
        said.append(PARTICIPATION_REASON)
    if offer.category != need.category:
        said.append(
            f"aanbod {category_label(offer.category)} past bij de vraag "
            f"{category_label(need.category)}"
        )
    if need.requires_certificate:
        said.append(CERTIFICATE_REASON)
    return tuple(said)


def scored_candidate(
    need: NeedData, offer: OfferData, score: float, distance_km: float | None
) -> Candidate:
    """A candidate for a pair already scored in bulk; ``distance_km`` NaN or None means unknown."""
    if distance_km is not None and math.isnan(distance_km):
        distance_km = None
    near = Proximity(
        distance_km, bool(need.neighbourhood) and need.neighbourhood == offer.neighbourhood
    )
    return Candidate(
        need_ref=need.ref,
        offer_ref=offer.ref,
        score=score,
        reasons=reasons(need, offer, near),
        distance_km=distance_km,
    )
