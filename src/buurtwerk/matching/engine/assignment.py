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

from .candidates import candidate_edges, suggestion_order
from .model import Assignment, Candidate, NeedData, OfferData, Ref, ref_sort_key
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


def assign(
    needs: Sequence[NeedData],
    offers: Sequence[OfferData],
    candidates: Iterable[Candidate] | None = None,
    *,
    remaining_capacity: Mapping[Ref, int] | None = None,
) -> Assignment:
    """Return the assignment with the highest total score.

    Each need gets at most one offer and each offer at most ``per_week`` needs (or its entry in
    ``remaining_capacity``). When ``candidates`` is ``None`` they are generated with
    :func:`.candidates.candidate_edges`. Matches and unmatched needs follow the order of
    ``needs``.
    """
    need_positions = _unique_refs(needs, "need")
    _unique_refs(offers, "offer")
    capacity = _capacities(offers, remaining_capacity)
    if candidates is None:
        candidates = candidate_edges(needs, offers, remaining_capacity)
    usable = _usable_candidates(candidates, need_positions, capacity)
    if not usable:
        return _result(needs, {})

    need_refs = sorted({need_ref for need_ref, _ in usable}, key=ref_sort_key)
    offer_refs = sorted({offer_ref for _, offer_ref in usable}, key=ref_sort_key)
    source = 0
    need_node = {ref: 1 + i for i, ref in enumerate(need_refs)}
    offer_node = {ref: 1 + len(need_refs) + i for i, ref in enumerate(offer_refs)}
    sink = 1 + len(need_refs) + len(offer_refs)

    pairs = sorted(usable, key=lambda pair: (ref_sort_key(pair[0]), ref_sort_key(pair[1])))
    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []
    costs: list[int] = []

    def arc(tail: int, head: int, cap: int, cost: int) -> None:
        tails.append(tail)
        heads.append(head)
        capacities.append(cap)
        costs.append(cost)

    for ref in need_refs:
        arc(source, need_node[ref], 1, 0)
        arc(need_node[ref], sink, 1, 0)
    first_pair_arc = len(tails)
    for need_ref, offer_ref in pairs:
        score = usable[(need_ref, offer_ref)].score
        arc(need_node[need_ref], offer_node[offer_ref], 1, -round(score * SCORE_SCALE))
    for ref in offer_refs:
        arc(offer_node[ref], sink, capacity[ref], 0)

    solver = min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(capacities, dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[source] = len(need_refs)
    supplies[sink] = -len(need_refs)
    solver.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow did not reach an optimum (status {status})")

    flows = solver.flows(arcs[first_pair_arc : first_pair_arc + len(pairs)])
    chosen = {
        need_ref: usable[(need_ref, offer_ref)]
        for (need_ref, offer_ref), flow in zip(pairs, flows, strict=True)
        if flow > 0
    }
    return _result(needs, chosen)


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
