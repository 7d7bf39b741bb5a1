"""Finding the feasible need-offer pairs without comparing every need with every offer.

Offers are indexed per category: those with coordinates in a k-d tree over points on the unit
sphere (straight-line chord distance grows monotonically with great-circle distance, so a ball
query with the right chord radius finds exactly the offers within reach), those without
coordinates by neighbourhood. Cheap rules are then applied to the hits in bulk with numpy and
the survivors are checked and scored one by one with the same arithmetic as :mod:`.rules`.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from .geo import EARTH_RADIUS_KM, Proximity, proximity
from .model import Candidate, NeedData, OfferData, Ref, ref_sort_key
from .rules import is_feasible
from .scoring import score_pair
from .taxonomy import compatible_categories, slots_mask

# Float noise between the numpy prefilter and the exact scalar check must never drop a pair.
_RADIUS_SLACK_KM = 1e-6


def _unit_vector(lat: float, lon: float) -> np.ndarray:
    phi = math.radians(lat)
    lam = math.radians(lon)
    return np.array([math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)])


def _chord_for_km(km: float) -> float:
    return 2.0 * math.sin(min(km / (2.0 * EARTH_RADIUS_KM), math.pi / 2.0))


def suggestion_order(candidate: Candidate) -> tuple:
    """Sort key for showing candidates: best score first, then nearest, then by offer ref."""
    distance = 0.0 if candidate.distance_km is None else candidate.distance_km
    return (-candidate.score, distance, ref_sort_key(candidate.offer_ref))


@dataclass(slots=True)
class _SpatialBucket:
    """Offers of one category that have coordinates, as parallel arrays."""

    offer_positions: np.ndarray
    tree: cKDTree
    points: np.ndarray
    max_distance_km: np.ndarray
    slot_masks: np.ndarray
    has_certificate: np.ndarray
    query_chord: float


class OfferIndex:
    """Offers indexed once for fast candidate lookups; reuse it across many needs.

    Offers without consent or without any weekly capacity can never be matched and are left
    out of the index.
    """

    def __init__(self, offers: Iterable[OfferData]) -> None:
        self.offers: list[OfferData] = list(offers)
        self.by_ref: dict[Ref, OfferData] = {}
        for offer in self.offers:
            if offer.ref in self.by_ref:
                raise ValueError(f"duplicate offer ref: {offer.ref!r}")
            self.by_ref[offer.ref] = offer

        with_coordinates: dict[str, list[int]] = defaultdict(list)
        # Needs without coordinates may use any offer in their neighbourhood; needs with
        # coordinates only the offers there that lack coordinates (the tree covers the rest).
        self._by_neighbourhood: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._no_coordinates: dict[tuple[str, str], list[int]] = defaultdict(list)
        for position, offer in enumerate(self.offers):
            if not offer.consent or offer.per_week <= 0:
                continue
            if offer.lat is not None:
                with_coordinates[offer.category].append(position)
            if offer.neighbourhood:
                key = (offer.category, offer.neighbourhood)
                self._by_neighbourhood[key].append(position)
                if offer.lat is None:
                    self._no_coordinates[key].append(position)

        self._spatial: dict[str, _SpatialBucket] = {}
        for category, positions in with_coordinates.items():
            members = [self.offers[p] for p in positions]
            points = np.array([_unit_vector(o.lat or 0.0, o.lon or 0.0) for o in members])
            max_distance = np.array([o.max_distance_km for o in members], dtype=float)
            self._spatial[category] = _SpatialBucket(
                offer_positions=np.array(positions, dtype=np.int64),
                tree=cKDTree(points),
                points=points,
                max_distance_km=max_distance,
                slot_masks=np.array([slots_mask(o.slots) for o in members], dtype=np.int64),
                has_certificate=np.array([o.has_certificate for o in members], dtype=bool),
                query_chord=_chord_for_km(float(max_distance.max()) + _RADIUS_SLACK_KM),
            )

    def _spatial_hits(self, need: NeedData, category: str, need_mask: int) -> Iterable[int]:
        bucket = self._spatial.get(category)
        if bucket is None:
            return ()
        if need.lat is None or need.lon is None:
            return ()
        point = _unit_vector(need.lat, need.lon)
        hits = bucket.tree.query_ball_point(point, bucket.query_chord)
        if not hits:
            return ()
        hits = np.asarray(hits, dtype=np.int64)
        keep = (bucket.slot_masks[hits] & need_mask) != 0
        if need.requires_certificate:
            keep &= bucket.has_certificate[hits]
        chord = np.linalg.norm(bucket.points[hits] - point, axis=1)
        approx_km = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord / 2.0, 1.0))
        keep &= approx_km <= bucket.max_distance_km[hits] + _RADIUS_SLACK_KM
        return bucket.offer_positions[hits[keep]].tolist()

    def candidates_for(
        self, need: NeedData, remaining_capacity: Mapping[Ref, int] | None = None
    ) -> list[Candidate]:
        """Return every feasible candidate for ``need``, best first.

        ``remaining_capacity`` maps offer refs to how many more needs they can take this week;
        offers missing from it have their full ``per_week``.
        """
        if not need.consent:
            return []
        need_mask = slots_mask(need.slots)
        positions: list[int] = []
        for category in compatible_categories(need.category):
            if need.lat is not None:
                positions.extend(self._spatial_hits(need, category, need_mask))
                if need.neighbourhood:
                    positions.extend(self._no_coordinates.get((category, need.neighbourhood), ()))
            elif need.neighbourhood:
                positions.extend(self._by_neighbourhood.get((category, need.neighbourhood), ()))

        result = []
        for position in positions:
            offer = self.offers[position]
            if (
                remaining_capacity is not None
                and remaining_capacity.get(offer.ref, offer.per_week) <= 0
            ):
                continue
            near = _checked_proximity(need, offer)
            if near is not None:
                result.append(score_pair(need, offer, near))
        result.sort(key=suggestion_order)
        return result

    def top_suggestions(
        self, need: NeedData, k: int = 10, remaining_capacity: Mapping[Ref, int] | None = None
    ) -> list[Candidate]:
        """Return the ``k`` best candidates for one need, for showing to a buurtwerker."""
        if k <= 0:
            return []
        candidates = self.candidates_for(need, remaining_capacity)
        return heapq.nsmallest(k, candidates, key=suggestion_order)


def _checked_proximity(need: NeedData, offer: OfferData) -> Proximity | None:
    """Apply the hard rules the index has not guaranteed yet; return the proximity if all pass.

    Mirrors :func:`.rules.is_feasible` for an offer that came out of the index (so category,
    offer consent and capacity are already fine), without computing the distance twice.
    """
    if need.resident_ref == offer.resident_ref:
        return None
    if not (need.slots & offer.slots):
        return None
    if need.requires_certificate and not offer.has_certificate:
        return None
    near = proximity(need, offer)
    if near is None or near.effective_km > offer.max_distance_km:
        return None
    return near


def candidate_edges(
    needs: Sequence[NeedData],
    offers: Sequence[OfferData],
    remaining_capacity: Mapping[Ref, int] | None = None,
) -> list[Candidate]:
    """Return all feasible candidates for ``needs`` among ``offers``, grouped per need in order."""
    index = OfferIndex(offers)
    edges: list[Candidate] = []
    for need in needs:
        edges.extend(index.candidates_for(need, remaining_capacity))
    return edges


def evaluate_pair(
    need: NeedData, offer: OfferData, remaining_capacity: Mapping[Ref, int] | None = None
) -> Candidate | None:
    """Score one pair directly, without an index; ``None`` when a hard rule fails."""
    closeness = proximity(need, offer)
    if closeness is None or not is_feasible(need, offer, remaining_capacity):
        return None
    return score_pair(need, offer, closeness)
