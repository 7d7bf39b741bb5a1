"""Choosing which needs get which offers this week.

:func:`assign` finds the assignment with the highest total score exactly, as a min-cost flow:

    source -> need (capacity 1) -> offer (capacity 1, cost -score) -> sink (capacity per_week)
    need -> sink (capacity 1, cost 0)

The zero-cost bypass lets a need stay unmatched, so the optimum is the maximum-weight
b-matching rather than "as many matches as possible": a resident with a small network is not
passed over just to squeeze in one more ordinary match. Scores carry two decimals and are
scaled to integers, so the optimum for the integer costs is the optimum for the scores.

Ties between equally good assignments are broken deterministically: arcs are added in a
canonical order (needs, then offers, by ref) and the solver has no randomness, so the same
needs, offers and candidates give the same assignment whatever order they are passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from ortools.graph.python import min_cost_flow

from .arrays import (
    CandidatePairs,
    NeedTable,
    OfferTable,
    candidate_pairs,
    ref_ranks,
    tables,
    to_candidates,
)
from .candidates import candidate_edges, suggestion_order
from .model import Assignment, Candidate, NeedData, OfferData, Ref
from .scoring import SCORE_DECIMALS

SCORE_SCALE = 10**SCORE_DECIMALS


def _unique_refs(items: Iterable[NeedData | OfferData], kind: str) -> dict[Ref, int]:
    positions: dict[Ref, int] = {}
    for position, item in enumerate(items):
        if item.ref in positions:
            raise ValueError(f"duplicate {kind} ref: {item.ref!r}")
        positions[item.ref] = position
    return positions


def _capacities(
    offers: Sequence[OfferData], remaining_capacity: Mapping[Ref, int] | None
) -> dict[Ref, int]:
    capacity = {}
    for offer in offers:
        value = offer.per_week
        if remaining_capacity is not None:
            value = remaining_capacity.get(offer.ref, offer.per_week)
        capacity[offer.ref] = max(0, int(value))
    return capacity


def _usable_candidates(
    candidates: Iterable[Candidate],
    need_positions: Mapping[Ref, int],
    capacity: Mapping[Ref, int],
) -> dict[tuple[Ref, Ref], Candidate]:
    """Keep the best candidate per pair, dropping offers that have no room left."""
    best: dict[tuple[Ref, Ref], Candidate] = {}
    for candidate in candidates:
        if candidate.need_ref not in need_positions:
            raise ValueError(f"candidate for unknown need: {candidate.need_ref!r}")
        if candidate.offer_ref not in capacity:
            raise ValueError(f"candidate for unknown offer: {candidate.offer_ref!r}")
        if capacity[candidate.offer_ref] <= 0:
            continue
        key = (candidate.need_ref, candidate.offer_ref)
        current = best.get(key)
        if current is None or candidate.score > current.score:
            best[key] = candidate
    return best


def _result(needs: Sequence[NeedData], chosen: Mapping[Ref, Candidate]) -> Assignment:
    matches = [chosen[need.ref] for need in needs if need.ref in chosen]
    unmatched = [need.ref for need in needs if need.ref not in chosen]
    total = round(sum(match.score for match in matches), SCORE_DECIMALS)
    return Assignment(matches=matches, unmatched_needs=unmatched, total_score=total)


def best_pairs(
    pair_need: np.ndarray,
    pair_offer: np.ndarray,
    score: np.ndarray,
    need_rank: np.ndarray,
    offer_rank: np.ndarray,
    capacity: np.ndarray,
) -> np.ndarray:
    """Positions of the pairs in the assignment with the highest total score.

    Pairs are positions into needs and offers; ``need_rank`` and ``offer_rank`` give the
    canonical (by ref) order of each, which fixes how ties are broken. Pairs must be unique.
    """
    usable = np.flatnonzero(capacity[pair_offer] > 0)
    if len(usable) == 0:
        return usable
    need_ranks = need_rank[pair_need[usable]]
    offer_ranks = offer_rank[pair_offer[usable]]
    order = np.lexsort((offer_ranks, need_ranks))
    usable, need_ranks, offer_ranks = usable[order], need_ranks[order], offer_ranks[order]
    needs_used = np.unique(need_ranks)
    offers_used = np.unique(offer_ranks)
    need_count, offer_count = len(needs_used), len(offers_used)
    sink = 1 + need_count + offer_count
    need_nodes = np.arange(1, 1 + need_count, dtype=np.int32)
    offer_nodes = np.arange(1 + need_count, sink, dtype=np.int32)
    offer_by_rank = np.argsort(offer_rank)

    # Per need an arc in and a bypass out, then the pairs, then each offer to the sink.
    tails = np.concatenate(
        (
            np.column_stack((np.zeros(need_count, np.int32), need_nodes)).ravel(),
            1 + np.searchsorted(needs_used, need_ranks).astype(np.int32),
            offer_nodes,
        )
    )
    heads = np.concatenate(
        (
            np.column_stack((need_nodes, np.full(need_count, sink, np.int32))).ravel(),
            (1 + need_count + np.searchsorted(offers_used, offer_ranks)).astype(np.int32),
            np.full(offer_count, sink, np.int32),
        )
    )
    capacities = np.concatenate(
        (
            np.ones(2 * need_count + len(usable), np.int64),
            capacity[offer_by_rank[offers_used]].astype(np.int64),
        )
    )
    costs = np.concatenate(
        (
            np.zeros(2 * need_count, np.int64),
            -np.rint(score[usable] * SCORE_SCALE).astype(np.int64),
            np.zeros(offer_count, np.int64),
        )
    )
    solver = min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[0] = need_count
    supplies[sink] = -need_count
    solver.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not reach an optimum (status {status})")
    first = 2 * need_count
    flows = solver.flows(arcs[first : first + len(usable)])
    return usable[flows > 0]


def _assignment_from_pairs(needs: Sequence[NeedData], chosen: Iterable[Candidate]) -> Assignment:
    return _result(needs, {candidate.need_ref: candidate for candidate in chosen})


def assign_pairs(
    needs: Sequence[NeedData],
    offers: Sequence[OfferData],
    need_table: NeedTable,
    offer_table: OfferTable,
    pairs: CandidatePairs,
) -> Assignment:
    """The best assignment over pairs scored in bulk; reasons are written for chosen pairs only."""
    chosen = best_pairs(
        pairs.need,
        pairs.offer,
        pairs.score,
        need_table.rank,
        offer_table.rank,
        offer_table.capacity,
    )
    return _assignment_from_pairs(needs, to_candidates(pairs.select(chosen), needs, offers))


def assign(
    needs: Sequence[NeedData],
    offers: Sequence[OfferData],
    candidates: Iterable[Candidate] | None = None,
    *,
    remaining_capacity: Mapping[Ref, int] | None = None,
) -> Assignment:
    """Return the assignment with the highest total score.

    Each need gets at most one offer and each offer at most ``per_week`` needs (or its entry in
    ``remaining_capacity``). When ``candidates`` is ``None`` every feasible pair is scored in
    bulk (:func:`.arrays.candidate_pairs`). Matches and unmatched needs follow the order of
    ``needs``.
    """
    need_positions = _unique_refs(needs, "need")
    offer_positions = _unique_refs(offers, "offer")
    if candidates is None:
        need_table, offer_table = tables(needs, offers, remaining_capacity)
        return assign_pairs(
            needs, offers, need_table, offer_table, candidate_pairs(need_table, offer_table)
        )
    capacity = _capacities(offers, remaining_capacity)
    usable = list(_usable_candidates(candidates, need_positions, capacity).values())
    chosen = best_pairs(
        np.array([need_positions[c.need_ref] for c in usable], dtype=np.int64),
        np.array([offer_positions[c.offer_ref] for c in usable], dtype=np.int64),
        np.array([c.score for c in usable], dtype=np.float64),
        ref_ranks(needs),
        ref_ranks(offers),
        np.array([capacity[offer.ref] for offer in offers], dtype=np.int64),
    )
    return _assignment_from_pairs(needs, (usable[int(position)] for position in chosen))


def greedy_first_come_first_served(
    needs: Sequence[NeedData],
    offers: Sequence[OfferData],
    candidates: Iterable[Candidate] | None = None,
    *,
    remaining_capacity: Mapping[Ref, int] | None = None,
) -> Assignment:
    """Baseline: needs in the given (creation) order each take their best offer with room left.

    This is how most help platforms match today; it is here to measure what the exact
    :func:`assign` gains over it.
    """
    need_positions = _unique_refs(needs, "need")
    _unique_refs(offers, "offer")
    capacity = _capacities(offers, remaining_capacity)
    if candidates is None:
        candidates = candidate_edges(needs, offers, remaining_capacity)
    per_need: dict[Ref, list[Candidate]] = {}
    for candidate in _usable_candidates(candidates, need_positions, capacity).values():
        per_need.setdefault(candidate.need_ref, []).append(candidate)

    chosen: dict[Ref, Candidate] = {}
    for need in needs:
        for candidate in sorted(per_need.get(need.ref, ()), key=suggestion_order):
            if capacity[candidate.offer_ref] > 0:
                capacity[candidate.offer_ref] -= 1
                chosen[need.ref] = candidate
                break
    return _result(needs, chosen)
