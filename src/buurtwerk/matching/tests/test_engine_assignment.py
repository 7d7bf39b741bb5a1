import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from buurtwerk.matching.engine import (
    Candidate,
    assign,
    candidate_edges,
    evaluate_pair,
    greedy_first_come_first_served,
)
from buurtwerk.matching.tests.engine_factories import make_need, make_offer
from buurtwerk.matching.tests.engine_strategies import dense_instances, instances

# A cost no real pair reaches, marking a pair the second solver must not use.
FORBIDDEN = 1e9


def edge(need_ref, offer_ref, score):
    return Candidate(need_ref, offer_ref, score, (), 0.0)


def brute_force_total(needs, offers, candidates) -> float:
    """Try every way of giving each need one of its candidates or nothing."""
    options = {need.ref: [] for need in needs}
    for candidate in candidates:
        options[candidate.need_ref].append(candidate)
    capacity = {offer.ref: offer.per_week for offer in offers}
    refs = [need.ref for need in needs]

    def best(position: int) -> float:
        if position == len(refs):
            return 0.0
        result = best(position + 1)
        for candidate in options[refs[position]]:
            if capacity[candidate.offer_ref] > 0:
                capacity[candidate.offer_ref] -= 1
                result = max(result, candidate.score + best(position + 1))
                capacity[candidate.offer_ref] += 1
        return result

    return best(0)


def linear_assignment_total(needs, offers, candidates) -> float:
    """Solve the same problem as a rectangular assignment with SciPy.

    Every offer becomes ``per_week`` columns and every need gets a private dummy column worth
    0, so leaving a need unmatched is always possible.
    """
    columns = [offer.ref for offer in offers for _ in range(offer.per_week)]
    if not needs:
        return 0.0
    scores = {(c.need_ref, c.offer_ref): c.score for c in candidates}
    cost = np.full((len(needs), len(columns) + len(needs)), FORBIDDEN)
    for row, need in enumerate(needs):
        for column, offer_ref in enumerate(columns):
            if (need.ref, offer_ref) in scores:
                cost[row, column] = -scores[(need.ref, offer_ref)]
        cost[row, len(columns) + row] = 0.0
    rows, cols = linear_sum_assignment(cost)
    return float(-cost[rows, cols].sum())


def assert_valid(result, needs, offers, candidates):
    by_pair = {(c.need_ref, c.offer_ref): c for c in candidates}
    matched = [m.need_ref for m in result.matches]
    assert len(matched) == len(set(matched))
    for match in result.matches:
        assert by_pair[(match.need_ref, match.offer_ref)] == match
    for offer in offers:
        assert sum(m.offer_ref == offer.ref for m in result.matches) <= offer.per_week
    assert set(matched) | set(result.unmatched_needs) == {need.ref for need in needs}
    assert not set(matched) & set(result.unmatched_needs)
    assert result.total_score == pytest.approx(sum(m.score for m in result.matches))


@st.composite
def scored_instances(draw):
    """Needs, offers and arbitrary candidate scores, including ties and zeros."""
    need_count = draw(st.integers(0, 6))
    offer_count = draw(st.integers(0, 4))
    needs = [make_need(ref=f"n{i}") for i in range(need_count)]
    offers = [make_offer(ref=f"o{j}", per_week=draw(st.integers(0, 3))) for j in range(offer_count)]
    candidates = [
        edge(need.ref, offer.ref, draw(st.sampled_from([0.0, 1.5, 10.0, 10.0, 33.33, 50.0, 99.99])))
        for need in needs
        for offer in offers
        if draw(st.booleans())
    ]
    return needs, offers, candidates


HYPOTHESIS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(st.one_of(dense_instances(max_needs=7, max_offers=4), instances(max_needs=6, max_offers=4)))
def test_min_cost_flow_is_optimal_on_real_candidates(instance):
    needs, offers = instance
    candidates = candidate_edges(needs, offers)
    result = assign(needs, offers, candidates)
    assert_valid(result, needs, offers, candidates)
    assert result.total_score == pytest.approx(brute_force_total(needs, offers, candidates))
    assert result.total_score == pytest.approx(linear_assignment_total(needs, offers, candidates))


@HYPOTHESIS
@given(scored_instances())
def test_min_cost_flow_is_optimal_on_arbitrary_scores(instance):
    needs, offers, candidates = instance
    result = assign(needs, offers, candidates)
    assert_valid(result, needs, offers, candidates)
    assert result.total_score == pytest.approx(brute_force_total(needs, offers, candidates))
    assert result.total_score == pytest.approx(linear_assignment_total(needs, offers, candidates))


@HYPOTHESIS
@given(dense_instances())
def test_greedy_never_beats_the_optimum_on_real_candidates(instance):
    needs, offers = instance
    candidates = candidate_edges(needs, offers)
    greedy = greedy_first_come_first_served(needs, offers, candidates)
    assert_valid(greedy, needs, offers, candidates)
    assert greedy.total_score <= assign(needs, offers, candidates).total_score + 1e-9


@HYPOTHESIS
@given(scored_instances())
def test_greedy_never_beats_the_optimum(instance):
    needs, offers, candidates = instance
    greedy = greedy_first_come_first_served(needs, offers, candidates)
    assert_valid(greedy, needs, offers, candidates)
    assert greedy.total_score <= assign(needs, offers, candidates).total_score + 1e-9


@HYPOTHESIS
@given(scored_instances(), st.randoms(use_true_random=False))
def test_assignment_does_not_depend_on_input_order(instance, rng):
    needs, offers, candidates = instance
    first = assign(needs, offers, candidates)
    shuffled = [list(items) for items in (needs, offers, candidates)]
    for items in shuffled:
        rng.shuffle(items)
    second = assign(*shuffled)
    assert {(m.need_ref, m.offer_ref) for m in first.matches} == {
        (m.need_ref, m.offer_ref) for m in second.matches
    }
    assert first.total_score == second.total_score


def test_assignment_is_deterministic_across_runs():
    rng = random.Random(4)
    needs = [make_need(ref=f"n{i}") for i in range(30)]
    offers = [make_offer(ref=f"o{j}", per_week=rng.randint(1, 2)) for j in range(10)]
    candidates = [
        edge(n.ref, o.ref, rng.choice([10.0, 20.0]))
        for n in needs
        for o in offers
        if rng.random() < 0.4
    ]
    results = [assign(needs, offers, candidates) for _ in range(3)]
    assert results[0] == results[1] == results[2]


def test_assignment_prefers_total_score_over_number_of_matches():
    needs = [make_need(ref="a"), make_need(ref="b")]
    offers = [make_offer(ref="x"), make_offer(ref="y")]
    candidates = [edge("a", "x", 90.0), edge("a", "y", 1.0), edge("b", "x", 10.0)]
    result = assign(needs, offers, candidates)
    assert [(m.need_ref, m.offer_ref) for m in result.matches] == [("a", "x")]
    assert result.unmatched_needs == ["b"]
    assert result.total_score == 90.0


def test_each_offer_takes_at_most_per_week_needs():
    needs = [make_need(ref=f"n{i}") for i in range(5)]
    offers = [make_offer(ref="busy", per_week=2)]
    candidates = [edge(n.ref, "busy", 10.0 + i) for i, n in enumerate(needs)]
    result = assign(needs, offers, candidates)
    assert [m.need_ref for m in result.matches] == ["n3", "n4"]
    assert result.unmatched_needs == ["n0", "n1", "n2"]


def test_remaining_capacity_overrides_per_week():
    needs = [make_need(ref=f"n{i}") for i in range(3)]
    offers = [make_offer(ref="o", per_week=3)]
    candidates = [edge(n.ref, "o", 5.0) for n in needs]
    assert len(assign(needs, offers, candidates, remaining_capacity={"o": 1}).matches) == 1
    assert assign(needs, offers, candidates, remaining_capacity={"o": 0}).matches == []


def test_small_network_need_wins_the_last_helper():
    offer = make_offer(per_week=1)
    well_connected = make_need(ref="first", resident_ref="p1", network_size=6)
    isolated = make_need(ref="second", resident_ref="p2", network_size=0)
    needs = [well_connected, isolated]
    assert [m.need_ref for m in assign(needs, [offer]).matches] == ["second"]
    assert [m.need_ref for m in greedy_first_come_first_served(needs, [offer]).matches] == ["first"]


def test_greedy_serves_needs_first_come_first_served():
    needs = [make_need(ref="early"), make_need(ref="late")]
    offers = [make_offer(ref="good"), make_offer(ref="ok")]
    candidates = [
        edge("early", "good", 50.0),
        edge("early", "ok", 49.0),
        edge("late", "good", 80.0),
    ]
    greedy = greedy_first_come_first_served(needs, offers, candidates)
    assert [(m.need_ref, m.offer_ref) for m in greedy.matches] == [("early", "good")]
    exact = assign(needs, offers, candidates)
    assert {(m.need_ref, m.offer_ref) for m in exact.matches} == {("early", "ok"), ("late", "good")}


def test_assign_generates_candidates_when_none_are_given():
    result = assign([make_need()], [make_offer()])
    assert [(m.need_ref, m.offer_ref) for m in result.matches] == [("need-1", "offer-1")]
    assert result.matches[0].reasons


def test_empty_input_gives_an_empty_assignment():
    result = assign([], [])
    assert result.matches == []
    assert result.unmatched_needs == []
    assert result.total_score == 0.0


def test_candidates_for_unknown_refs_are_rejected():
    with pytest.raises(ValueError, match="unknown offer"):
        assign([make_need()], [make_offer()], [edge("need-1", "ghost", 1.0)])
    with pytest.raises(ValueError, match="unknown need"):
        assign([make_need()], [make_offer()], [edge("ghost", "offer-1", 1.0)])


def test_duplicate_refs_are_rejected():
    with pytest.raises(ValueError, match="duplicate need"):
        assign([make_need(), make_need()], [])


@HYPOTHESIS
@given(
    st.one_of(dense_instances(max_needs=7, max_offers=5), instances(max_needs=6, max_offers=5)),
    st.dictionaries(st.sampled_from(["o0", "o1", "o2"]), st.integers(0, 2)),
)
def test_bulk_scoring_reaches_the_same_optimum_as_scoring_pair_by_pair(instance, remaining):
    needs, offers = instance
    remaining = {ref: value for ref, value in remaining.items() if ref in {o.ref for o in offers}}
    one_by_one = [
        candidate
        for need in needs
        for offer in offers
        if (candidate := evaluate_pair(need, offer, remaining)) is not None
    ]
    expected = assign(needs, offers, one_by_one, remaining_capacity=remaining)
    found = assign(needs, offers, remaining_capacity=remaining)
    assert found == expected
