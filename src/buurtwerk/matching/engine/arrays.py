"""The hard rules and the score over many pairs at once, as NumPy array operations.

Needs and offers become columns (:class:`NeedTable`, :class:`OfferTable`); feasible pairs come
out as parallel arrays (:class:`CandidatePairs`) with no Python object per pair. Dutch reasons
are only written, by :func:`.scoring.score_pair`, for the few pairs someone will read: the
suggestions shown and the matches chosen.

Distances use the same haversine formula as :mod:`.geo`, and the score the same terms in the
same order as :mod:`.scoring`, so a pair gets the same score on either path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from .geo import EARTH_RADIUS_KM
from .model import Candidate, NeedData, OfferData, Ref, ref_sort_key
from .scoring import (
    CLOSENESS_HALF_KM,
    CLOSENESS_WEIGHT,
    LANGUAGE_WEIGHT,
    PARTICIPATION_WEIGHT,
    SCORE_DECIMALS,
    SLOT_SATURATION,
    SLOT_WEIGHT,
    SMALL_NETWORK_MAX,
    SMALL_NETWORK_WEIGHT,
    URGENCY_WEIGHT,
    scored_candidate,
)
from .taxonomy import CATEGORIES, DUTCH, SOCIAL_CATEGORIES, slots_mask

# Float noise between the tree's chord distance and the exact haversine must never drop a pair.
RADIUS_SLACK_KM = 1e-6
# Needs are paired with offers in chunks so temporary arrays stay small in a city of a million.
_CHUNK_NEEDS = 20_000

CATEGORY_CODE = {category: code for code, category in enumerate(CATEGORIES)}
_SOCIAL_CODES = np.array(sorted(CATEGORY_CODE[c] for c in SOCIAL_CATEGORIES), dtype=np.int8)


def accepting_categories(offer_category: int) -> np.ndarray:
    """Codes of the need categories an offer of ``offer_category`` can serve."""
    if offer_category in _SOCIAL_CODES:
        return _SOCIAL_CODES
    return np.array([offer_category], dtype=np.int8)


def chord_for_km(km: float) -> float:
    """Straight-line distance through the unit sphere for ``km`` along its surface."""
    return 2.0 * float(np.sin(min(km / (2.0 * EARTH_RADIUS_KM), np.pi / 2.0)))


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    phi = np.radians(lat)
    lam = np.radians(lon)
    return np.column_stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)))


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray):
    """Great-circle distances in kilometres, element by element (see :func:`.geo.haversine_km`)."""
    phi1 = np.radians(lat1)
    phi2 = np.radians(lat2)
    half_dphi = (phi2 - phi1) / 2.0
    half_dlambda = np.radians(lon2 - lon1) / 2.0
    a = np.sin(half_dphi) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(half_dlambda) ** 2
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


class Codes:
    """Small integer codes for refs, neighbourhoods and languages shared by needs and offers."""

    def __init__(self) -> None:
        self.residents: dict[Ref, int] = {}
        self.neighbourhoods: dict[str, int] = {}
        self.languages: dict[str, int] = {}
        # A shared index looks needs up without growing: what it has not seen matches nothing.
        self.frozen = False

    def _code(self, table: dict, key: object, unseen: int) -> int:
        if self.frozen:
            return table.get(key, unseen)
        return table.setdefault(key, len(table))

    def resident(self, ref: Ref) -> int:
        return self._code(self.residents, ref, -1)

    def neighbourhood(self, name: str | None) -> int:
        return self._code(self.neighbourhoods, name, -3) if name else -1

    def learn_languages(self, items: Sequence[NeedData | OfferData]) -> None:
        for item in items:
            for code in item.languages:
                if code != DUTCH:
                    self._code(self.languages, code, -1)

    def language_masks(self, items: Sequence[NeedData | OfferData]) -> np.ndarray:
        """One row of 64-bit words per item with a bit for each language other than Dutch.

        Languages not learnt yet get no bit: nobody on the other side speaks them.
        """
        words = max(1, -(-len(self.languages) // 64))
        masks = np.zeros((len(items), words), dtype=np.uint64)
        for row, item in enumerate(items):
            for code in item.languages:
                bit = self.languages.get(code)
                if bit is not None and code != DUTCH:
                    masks[row, bit // 64] |= np.uint64(1 << (bit % 64))
        return masks


def _location_columns(items: Sequence[NeedData | OfferData]):
    lat = np.array([np.nan if i.lat is None else i.lat for i in items], dtype=np.float64)
    lon = np.array([np.nan if i.lon is None else i.lon for i in items], dtype=np.float64)
    return lat, lon


def ref_ranks(items: Sequence[NeedData | OfferData]) -> np.ndarray:
    order = sorted(range(len(items)), key=lambda position: ref_sort_key(items[position].ref))
    ranks = np.empty(len(items), dtype=np.int64)
    ranks[order] = np.arange(len(items))
    return ranks


@dataclass(slots=True)
class OfferTable:
    """Offers as columns; ``rank`` orders them by ref."""

    refs: list[Ref]
    resident: np.ndarray
    category: np.ndarray
    slots: np.ndarray
    capacity: np.ndarray
    max_distance_km: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    neighbourhood: np.ndarray
    languages: np.ndarray
    has_certificate: np.ndarray
    usable: np.ndarray
    seeks_participation: np.ndarray
    rank: np.ndarray

    @classmethod
    def build(
        cls,
        offers: Sequence[OfferData],
        codes: Codes,
        remaining_capacity: Mapping[Ref, int] | None = None,
    ) -> OfferTable:
        """Columns for ``offers``; an offer is usable with consent and room left this week."""
        per_week = np.array([o.per_week for o in offers], dtype=np.int64)
        if remaining_capacity is None:
            capacity = per_week
        else:
            capacity = np.array(
                [remaining_capacity.get(o.ref, o.per_week) for o in offers], dtype=np.int64
            )
        capacity = np.maximum(capacity, 0)
        lat, lon = _location_columns(offers)
        consent = np.array([o.consent for o in offers], dtype=bool)
        return cls(
            refs=[o.ref for o in offers],
            resident=np.array([codes.resident(o.resident_ref) for o in offers], dtype=np.int64),
            category=np.array([CATEGORY_CODE[o.category] for o in offers], dtype=np.int8),
            slots=np.array([slots_mask(o.slots) for o in offers], dtype=np.int64),
            capacity=capacity,
            max_distance_km=np.array([o.max_distance_km for o in offers], dtype=np.float64),
            lat=lat,
            lon=lon,
            neighbourhood=np.array(
                [codes.neighbourhood(o.neighbourhood) for o in offers], dtype=np.int64
            ),
            languages=codes.language_masks(offers),
            has_certificate=np.array([o.has_certificate for o in offers], dtype=bool),
            usable=consent & (per_week > 0) & (capacity > 0),
            seeks_participation=np.array([o.seeks_participation for o in offers], dtype=bool),
            rank=ref_ranks(offers),
        )


@dataclass(slots=True)
class NeedTable:
    """Needs as columns; ``rank`` orders them by ref."""

    refs: list[Ref]
    resident: np.ndarray
    category: np.ndarray
    slots: np.ndarray
    urgency: np.ndarray
    requires_certificate: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    neighbourhood: np.ndarray
    languages: np.ndarray
    consent: np.ndarray
    small_network: np.ndarray
    rank: np.ndarray

    @classmethod
    def build(cls, needs: Sequence[NeedData], codes: Codes) -> NeedTable:
        lat, lon = _location_columns(needs)
        # A need's missing neighbourhood must never equal an offer's missing one (both -1).
        neighbourhood = np.array([codes.neighbourhood(n.neighbourhood) for n in needs], np.int64)
        return cls(
            refs=[n.ref for n in needs],
            resident=np.array([codes.resident(n.resident_ref) for n in needs], dtype=np.int64),
            category=np.array([CATEGORY_CODE[n.category] for n in needs], dtype=np.int8),
            slots=np.array([slots_mask(n.slots) for n in needs], dtype=np.int64),
            urgency=np.array([n.urgency for n in needs], dtype=np.int64),
            requires_certificate=np.array([n.requires_certificate for n in needs], dtype=bool),
            lat=lat,
            lon=lon,
            neighbourhood=np.where(neighbourhood < 0, -2, neighbourhood),
            languages=codes.language_masks(needs),
            consent=np.array([n.consent for n in needs], dtype=bool),
            small_network=np.array([n.network_size <= SMALL_NETWORK_MAX for n in needs], bool),
            rank=ref_ranks(needs),
        )


@dataclass(slots=True)
class CandidatePairs:
    """Feasible pairs as positions into the need and offer lists, with score and distance.

    ``distance_km`` is NaN where the pair rests on a shared neighbourhood only.
    """

    need: np.ndarray
    offer: np.ndarray
    score: np.ndarray
    distance_km: np.ndarray

    def __len__(self) -> int:
        return len(self.need)

    def select(self, keep: np.ndarray | slice) -> CandidatePairs:
        return CandidatePairs(
            self.need[keep], self.offer[keep], self.score[keep], self.distance_km[keep]
        )


def _popcount(values: np.ndarray) -> np.ndarray:
    return np.bitwise_count(values.astype(np.uint64)).astype(np.int64)


def score_columns(
    need: np.ndarray,
    offer: np.ndarray,
    distance_km: np.ndarray,
    needs: NeedTable,
    offers: OfferTable,
) -> np.ndarray:
    """Scores of feasible pairs, term by term as :func:`.scoring.score_pair` adds them up."""
    effective = np.where(np.isnan(distance_km), 0.0, distance_km)
    score = CLOSENESS_WEIGHT * 0.5 ** (effective / CLOSENESS_HALF_KM)
    shared = _popcount(needs.slots[need] & offers.slots[offer])
    score = score + SLOT_WEIGHT * np.minimum(shared, SLOT_SATURATION) / SLOT_SATURATION
    speak = ((needs.languages[need] & offers.languages[offer]) != 0).any(axis=1)
    score = score + np.where(speak, LANGUAGE_WEIGHT, 0.0)
    score = score + URGENCY_WEIGHT * (needs.urgency[need] - 1) / 2
    score = score + np.where(needs.small_network[need], SMALL_NETWORK_WEIGHT, 0.0)
    score = score + np.where(offers.seeks_participation[offer], PARTICIPATION_WEIGHT, 0.0)
    return np.round(score, SCORE_DECIMALS)


def feasible(
    need: np.ndarray,
    offer: np.ndarray,
    distance_km: np.ndarray,
    needs: NeedTable,
    offers: OfferTable,
) -> np.ndarray:
    """Which pairs pass every hard rule, given pairs already in compatible categories.

    Mirrors :func:`.rules.is_feasible`; consent and room left are folded into ``usable``.
    """
    keep = needs.consent[need] & offers.usable[offer]
    keep &= needs.resident[need] != offers.resident[offer]
    keep &= (needs.slots[need] & offers.slots[offer]) != 0
    keep &= ~needs.requires_certificate[need] | offers.has_certificate[offer]
    keep &= ~(distance_km > offers.max_distance_km[offer])
    return keep


def _equi_join(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of positions (i, j) with ``left[i] == right[j]``."""
    order = np.argsort(right, kind="stable")
    ordered = right[order]
    start = np.searchsorted(ordered, left, side="left")
    stop = np.searchsorted(ordered, left, side="right")
    counts = stop - start
    total = int(counts.sum())
    i = np.repeat(np.arange(len(left)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    j = order[np.repeat(start, counts) + offsets]
    return i, j


def _spatial_pairs(
    need_positions: np.ndarray,
    offer_positions: np.ndarray,
    needs: NeedTable,
    offers: OfferTable,
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of needs and offers, both with coordinates, within the offers' largest reach."""
    if len(need_positions) == 0 or len(offer_positions) == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    reach = float(offers.max_distance_km[offer_positions].max()) + RADIUS_SLACK_KM
    offer_tree = cKDTree(
        unit_vectors(offers.lat[offer_positions], offers.lon[offer_positions]), balanced_tree=False
    )
    found_needs, found_offers = [], []
    for start in range(0, len(need_positions), _CHUNK_NEEDS):
        chunk = need_positions[start : start + _CHUNK_NEEDS]
        need_tree = cKDTree(unit_vectors(needs.lat[chunk], needs.lon[chunk]), balanced_tree=False)
        hits = need_tree.sparse_distance_matrix(
            offer_tree, chord_for_km(reach), output_type="ndarray"
        )
        found_needs.append(chunk[hits["i"]])
        found_offers.append(offer_positions[hits["j"]])
    return np.concatenate(found_needs), np.concatenate(found_offers)


def candidate_pairs(needs: NeedTable, offers: OfferTable) -> CandidatePairs:
    """Every feasible pair with its score, ordered by need position and offer position."""
    need_has_point = ~np.isnan(needs.lat)
    offer_has_point = ~np.isnan(offers.lat)
    open_needs = needs.consent
    pair_needs: list[np.ndarray] = []
    pair_offers: list[np.ndarray] = []
    for code in np.unique(offers.category[offers.usable]):
        in_category = offers.usable & (offers.category == code)
        asking = open_needs & np.isin(needs.category, accepting_categories(int(code)))
        found = _spatial_pairs(
            np.flatnonzero(asking & need_has_point),
            np.flatnonzero(in_category & offer_has_point),
            needs,
            offers,
        )
        pair_needs.append(found[0])
        pair_offers.append(found[1])
        # Without coordinates on either side, living in the same neighbourhood is what counts.
        for need_side, offer_side in (
            (asking & ~need_has_point, in_category),
            (asking & need_has_point, in_category & ~offer_has_point),
        ):
            need_positions = np.flatnonzero(need_side)
            offer_positions = np.flatnonzero(offer_side)
            i, j = _equi_join(
                needs.neighbourhood[need_positions], offers.neighbourhood[offer_positions]
            )
            pair_needs.append(need_positions[i])
            pair_offers.append(offer_positions[j])
    if not pair_needs:
        empty = np.empty(0, dtype=np.int64)
        return CandidatePairs(empty, empty, np.empty(0), np.empty(0))
    need = np.concatenate(pair_needs)
    offer = np.concatenate(pair_offers)
    distance = haversine_km(needs.lat[need], needs.lon[need], offers.lat[offer], offers.lon[offer])
    keep = feasible(need, offer, distance, needs, offers)
    need, offer, distance = need[keep], offer[keep], distance[keep]
    order = np.lexsort((offer, need))
    need, offer, distance = need[order], offer[order], distance[order]
    return CandidatePairs(
        need=need.astype(np.int32),
        offer=offer.astype(np.int32),
        score=score_columns(need, offer, distance, needs, offers),
        distance_km=distance,
    )


def tables(
    needs: Sequence[NeedData],
    offers: Sequence[OfferData],
    remaining_capacity: Mapping[Ref, int] | None = None,
) -> tuple[NeedTable, OfferTable]:
    """Columns for ``needs`` and ``offers`` that share their codes."""
    codes = Codes()
    codes.learn_languages(offers)
    offer_table = OfferTable.build(offers, codes, remaining_capacity)
    return NeedTable.build(needs, codes), offer_table


def to_candidates(
    pairs: CandidatePairs, needs: Sequence[NeedData], offers: Sequence[OfferData]
) -> list[Candidate]:
    """Full candidates with their Dutch reasons; only for pairs someone will look at."""
    return [
        scored_candidate(needs[int(i)], offers[int(j)], float(score), float(distance))
        for i, j, score, distance in zip(
            pairs.need, pairs.offer, pairs.score, pairs.distance_km, strict=True
        )
    ]
