"""The plainest exact solve the engine is measured against: SciPy and OR-Tools, nothing else.

Same hard rules, same score, same optimum as buurtwerk's engine, written without any of its
code: a k-d tree per offer category for the candidates, array arithmetic for rules and score,
a min-cost flow for the assignment. Only the total score comes back; no reasons, no refs.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.spatial import cKDTree

R = 6371.0088
SOCIAL = {"company", "walking", "listening"}


def _points(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    phi, lam = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)))


def _mask(slots) -> int:
    from buurtwerk.matching.engine.taxonomy import SLOT_BITS

    return sum(SLOT_BITS[slot] for slot in slots)


def reference_solve(needs, offers) -> tuple[float, int]:
    """Return the best total score and the number of feasible pairs."""
    n_lat = np.array([np.nan if n.lat is None else n.lat for n in needs])
    n_lon = np.array([np.nan if n.lon is None else n.lon for n in needs])
    o_lat = np.array([np.nan if o.lat is None else o.lat for o in offers])
    o_lon = np.array([np.nan if o.lon is None else o.lon for o in offers])
    usable = np.array([o.consent and o.per_week > 0 for o in offers])
    o_cat = np.array([o.category for o in offers])
    n_cat = np.array([n.category for n in needs])
    n_ok = np.array([n.consent for n in needs])

    pair_i, pair_j = [], []
    for category in np.unique(o_cat[usable]):
        serves = SOCIAL if category in SOCIAL else {category}
        o_here = np.flatnonzero(usable & (o_cat == category) & ~np.isnan(o_lat))
        n_here = np.flatnonzero(n_ok & np.isin(n_cat, list(serves)) & ~np.isnan(n_lat))
        if len(o_here) and len(n_here):
            reach = max(offers[j].max_distance_km for j in o_here) + 1e-6
            chord = 2.0 * np.sin(reach / (2.0 * R))
            hits = cKDTree(_points(n_lat[n_here], n_lon[n_here])).sparse_distance_matrix(
                cKDTree(_points(o_lat[o_here], o_lon[o_here])), chord, output_type="ndarray"
            )
            pair_i.append(n_here[hits["i"]])
            pair_j.append(o_here[hits["j"]])
    # Where one side has no coordinates, sharing a neighbourhood is what counts.
    by_place = defaultdict(list)
    for j, offer in enumerate(offers):
        if usable[j] and offer.neighbourhood:
            by_place[(offer.category, offer.neighbourhood)].append(j)
    extra_i, extra_j = [], []
    for i, need in enumerate(needs):
        if not need.consent or not need.neighbourhood:
            continue
        serves = SOCIAL if need.category in SOCIAL else {need.category}
        for category in serves:
            for j in by_place.get((category, need.neighbourhood), ()):
                if need.lat is None or offers[j].lat is None:
                    extra_i.append(i)
                    extra_j.append(j)
    pair_i.append(np.array(extra_i, dtype=np.int64))
    pair_j.append(np.array(extra_j, dtype=np.int64))
    i, j = np.concatenate(pair_i), np.concatenate(pair_j)

    phi1, phi2 = np.radians(n_lat[i]), np.radians(o_lat[j])
    a = (
        np.sin((phi2 - phi1) / 2) ** 2
        + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(o_lon[j] - n_lon[i]) / 2) ** 2
    )
    km = 2.0 * R * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    n_slots = np.array([_mask(n.slots) for n in needs], dtype=np.int64)
    o_slots = np.array([_mask(o.slots) for o in offers], dtype=np.int64)
    n_res = np.array([hash(n.resident_ref) for n in needs])
    o_res = np.array([hash(o.resident_ref) for o in offers])
    n_cert = np.array([n.requires_certificate for n in needs])
    o_cert = np.array([o.has_certificate for o in offers])
    o_max = np.array([o.max_distance_km for o in offers])
    shared = n_slots[i] & o_slots[j]
    ok = (shared != 0) & (n_res[i] != o_res[j]) & (~n_cert[i] | o_cert[j]) & ~(km > o_max[j])
    i, j, km, shared = i[ok], j[ok], km[ok], shared[ok]

    bits: dict[str, int] = {}

    def home(languages) -> int:
        return sum(1 << bits.setdefault(code, len(bits)) for code in languages if code != "nl")

    n_lang = np.array([home(n.languages) for n in needs], dtype=np.int64)
    o_lang = np.array([home(o.languages) for o in offers], dtype=np.int64)
    speaks = (n_lang[i] & o_lang[j]) != 0
    urgency = np.array([n.urgency for n in needs])
    small = np.array([n.network_size <= 1 for n in needs])
    joins = np.array([o.seeks_participation for o in offers])
    score = 30.0 * 0.5 ** np.nan_to_num(km, nan=0.0)
    score = score + 15.0 * np.minimum(np.bitwise_count(shared.astype(np.uint64)), 3) / 3
    score = score + np.where(speaks, 10.0, 0.0)
    score = score + 15.0 * (urgency[i] - 1) / 2
    score = score + np.where(small[i], 20.0, 0.0)
    score = score + np.where(joins[j], 10.0, 0.0)
    cost = -np.rint(np.round(score, 2) * 100).astype(np.int64)

    # source 0, needs 1..N, offers N+1..N+M, sink N+M+1; a bypass lets a need stay open.
    n, m = len(needs), len(offers)
    sink = n + m + 1
    need_nodes = np.arange(1, n + 1)
    tails = np.concatenate((np.zeros(n), need_nodes, i + 1, n + 1 + np.arange(m)))
    heads = np.concatenate((need_nodes, np.full(n, sink), n + 1 + j, np.full(m, sink)))
    capacity = np.concatenate((np.ones(2 * n + len(i)), [o.per_week for o in offers]))
    costs = np.concatenate((np.zeros(2 * n), cost, np.zeros(m)))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32),
        heads.astype(np.int32),
        capacity.astype(np.int64),
        costs.astype(np.int64),
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[0], supplies[sink] = n, -n
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("reference solve found no optimum")
    return -flow.optimal_cost() / 100.0, len(i)
