"""Finding the feasible need-offer pairs without comparing every need with every offer.

Offers are indexed per category: those with coordinates in a k-d tree over points on the unit
sphere (straight-line chord distance grows monotonically with great-circle distance, so a ball
query with the right chord radius finds exactly the offers within reach), those without
coordinates by neighbourhood. The hard rules and the score are then applied to the hits as
array operations (:mod:`.arrays`); Dutch reasons are written only for the candidates returned.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from scipy.spatial import cKDTree

from .arrays import (
    CATEGORY_CODE,
    RADIUS_SLACK_KM,
    CandidatePairs,
    Codes,
    NeedTable,
    OfferTable,
    candidate_pairs,
    chord_for_km,
    feasible,
    haversine_km,
    score_columns,
    tables,
    to_candidates,
    unit_vectors,
)
from .geo import proximity
from .model import Candidate, NeedData, OfferData, Ref, ref_sort_key
from .rules import is_feasible
from .scoring import score_pair
from .taxonomy import compatible_categories


def suggestion_order(candidate: Candidate) -> tuple:
    """Sort key for showing candidates: best score first, then nearest, then by offer ref."""
    distance = 0.0 if candidate.distance_km is None else candidate.distance_km
    return (-candidate.score, distance, ref_sort_key(candidate.offer_ref))


def suggestion_positions(pairs: CandidatePairs, offer_rank: np.ndarray) -> np.ndarray:
    """Positions of ``pairs`` per need in order, best first as :func:`suggestion_order` sorts."""
    distance = np.nan_to_num(pairs.distance_km, nan=0.0)
    return np.lexsort((offer_rank[pairs.offer], distance, -pairs.score, pairs.need))


class OfferIndex:
    """Offers indexed once for fast candidate lookups; reuse it across many needs.

    Offers without consent or without any weekly capacity can never be matched and are left
    out of the index, unless ``every_offer`` keeps them for :meth:`within_reach`.
    """

    def __init__(self, offers: Iterable[OfferData], *, every_offer: bool = False) -> None:
        self.offers: list[OfferData] = list(offers)
        self.by_ref: dict[Ref, OfferData] = {}
        for offer in self.offers:
            if offer.ref in self.by_ref:
                raise ValueError(f"duplicate offer ref: {offer.ref!r}")
            self.by_ref[offer.ref] = offer
        self._codes = Codes()
        self._codes.learn_languages(self.offers)
        self._table = OfferTable.build(self.offers, self._codes)
        self._codes.frozen = True

        table = self._table
        indexed = np.ones(len(self.offers), dtype=bool) if every_offer else table.usable
        has_point = ~np.isnan(table.lat)
        self._trees: dict[int, tuple[np.ndarray, cKDTree, float]] = {}
        for code in np.unique(table.category[indexed & has_point]):
            positions = np.flatnonzero(indexed & has_point & (table.category == code))
            reach = float(table.max_distance_km[positions].max()) + RADIUS_SLACK_KM
            tree = cKDTree(unit_vectors(table.lat[positions], table.lon[positions]))
            self._trees[int(code)] = (positions, tree, chord_for_km(reach))
        # Needs without coordinates may use any offer in their neighbourhood; needs with
        # coordinates only the offers there that lack coordinates (the trees cover the rest).
        by_neighbourhood: dict[tuple[int, int], list[int]] = defaultdict(list)
        no_coordinates: dict[tuple[int, int], list[int]] = defaultdict(list)
        for position in np.flatnonzero(indexed & (table.neighbourhood >= 0)):
            key = (int(table.category[position]), int(table.neighbourhood[position]))
            by_neighbourhood[key].append(int(position))
            if not has_point[position]:
                no_coordinates[key].append(int(position))
        self._by_neighbourhood = {k: np.array(v) for k, v in by_neighbourhood.items()}
        self._no_coordinates = {k: np.array(v) for k, v in no_coordinates.items()}

    def _hits(self, need: NeedData, need_table: NeedTable) -> np.ndarray:
        """Offers in a compatible category within the largest reach or in the neighbourhood."""
        found: list[np.ndarray] = []
        neighbourhood = int(need_table.neighbourhood[0])
        for category in compatible_categories(need.category):
            code = CATEGORY_CODE[category]
            if need.lat is not None and need.lon is not None:
                if code in self._trees:
                    positions, tree, chord = self._trees[code]
                    point = unit_vectors(need_table.lat, need_table.lon)[0]
                    hits = tree.query_ball_point(point, chord)
                    found.append(positions[np.asarray(hits, dtype=np.int64)])
                found.append(self._no_coordinates.get((code, neighbourhood), _NONE))
            else:
                found.append(self._by_neighbourhood.get((code, neighbourhood), _NONE))
        return np.concatenate(found) if found else _NONE

    def within_reach(self, need: NeedData) -> list[Ref]:
        """Offers of a compatible category close enough for ``need``, whatever the other rules.

        The distance rule of :func:`.rules.check_distance` only: a superset of the candidates,
        for a caller that applies every rule itself to fresher data.
        """
        need_table = NeedTable.build([need], self._codes)
        offer = self._hits(need, need_table)
        table = self._table
        distance = haversine_km(
            need_table.lat[0], need_table.lon[0], table.lat[offer], table.lon[offer]
        )
        offer = offer[~(distance > table.max_distance_km[offer])]
        return [self.offers[position].ref for position in offer.tolist()]

    def _pairs(
        self, need: NeedData, remaining_capacity: Mapping[Ref, int] | None
    ) -> tuple[CandidatePairs, NeedTable]:
        need_table = NeedTable.build([need], self._codes)
        offer = self._hits(need, need_table) if need.consent else _NONE
        if remaining_capacity is not None and len(offer):
            room = [
                remaining_capacity.get(self.offers[p].ref, self.offers[p].per_week) > 0
                for p in offer.tolist()
            ]
            offer = offer[np.array(room, dtype=bool)]
        table = self._table
        at = np.zeros(len(offer), dtype=np.int64)
        distance = haversine_km(
            need_table.lat[at], need_table.lon[at], table.lat[offer], table.lon[offer]
        )
        keep = feasible(at, offer, distance, need_table, table)
        at, offer, distance = at[keep], offer[keep], distance[keep]
        pairs = CandidatePairs(
            at, offer, score_columns(at, offer, distance, need_table, table), distance
        )
        return pairs.select(suggestion_positions(pairs, table.rank)), need_table

    def candidates_for(
        self, need: NeedData, remaining_capacity: Mapping[Ref, int] | None = None
    ) -> list[Candidate]:
        """Return every feasible candidate for ``need``, best first.

        ``remaining_capacity`` maps offer refs to how many more needs they can take this week;
        offers missing from it have their full ``per_week``.
        """
        pairs, _ = self._pairs(need, remaining_capacity)
        return to_candidates(pairs, [need], self.offers)

    def top_suggestions(
        self, need: NeedData, k: int = 10, remaining_capacity: Mapping[Ref, int] | None = None
    ) -> list[Candidate]:
        """Return the ``k`` best candidates for one need, for showing to a buurtwerker."""
        if k <= 0:
            return []
        pairs, _ = self._pairs(need, remaining_capacity)
        return to_candidates(pairs.select(slice(0, k)), [need], self.offers)


_NONE = np.empty(0, dtype=np.int64)


def candidate_edges(
    needs: Sequence[NeedData],
    offers: Sequence[OfferData],
    remaining_capacity: Mapping[Ref, int] | None = None,
) -> list[Candidate]:
    """Return all feasible candidates for ``needs`` among ``offers``, grouped per need in order.

    Every candidate carries its reasons; for a whole city use :func:`.arrays.candidate_pairs`.
    """
    if len({offer.ref for offer in offers}) != len(offers):
        raise ValueError("duplicate offer ref")
    need_table, offer_table = tables(needs, offers, remaining_capacity)
    pairs = candidate_pairs(need_table, offer_table)
    return to_candidates(pairs.select(suggestion_positions(pairs, offer_table.rank)), needs, offers)


def evaluate_pair(
    need: NeedData, offer: OfferData, remaining_capacity: Mapping[Ref, int] | None = None
) -> Candidate | None:
    """Score one pair directly, without an index; ``None`` when a hard rule fails."""
    closeness = proximity(need, offer)
    if closeness is None or not is_feasible(need, offer, remaining_capacity):
        return None
    return score_pair(need, offer, closeness)
