from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buurtwerk.matching.engine import OfferIndex, candidate_edges, evaluate_pair
from buurtwerk.matching.engine.rules import check_category, check_distance
from buurtwerk.matching.tests.engine_factories import HOME_LAT, make_need, make_offer
from buurtwerk.matching.tests.engine_strategies import dense_instances, instances


def offers_around(count: int, **overrides):
    """Offers spread east of the need's home, about every 96 m, all otherwise matching."""
    return [
        make_offer(
            ref=f"o{i}", resident_ref=f"r{i}", lat=HOME_LAT, lon=5.1214 + 0.0014 * i, **overrides
        )
        for i in range(count)
    ]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(instances(max_needs=6, max_offers=8), dense_instances(max_needs=6, max_offers=8)),
    st.dictionaries(st.sampled_from(["o0", "o1", "o2"]), st.integers(0, 2)),
)
def test_indexed_candidates_equal_checking_every_pair_against_the_rules(instance, remaining):
    need_list, offer_list = instance
    remaining = {
        ref: value for ref, value in remaining.items() if ref in {o.ref for o in offer_list}
    }
    expected = {
        (need.ref, offer.ref): candidate
        for need in need_list
        for offer in offer_list
        if (candidate := evaluate_pair(need, offer, remaining)) is not None
    }
    found = candidate_edges(need_list, offer_list, remaining)
    assert {(c.need_ref, c.offer_ref): c for c in found} == expected
    assert len(found) == len(expected)


def test_candidates_are_grouped_per_need_in_order_and_best_first():
    need_list = [make_need(ref="b"), make_need(ref="a", network_size=0)]
    edges = candidate_edges(need_list, offers_around(3))
    assert [c.need_ref for c in edges] == ["b", "b", "b", "a", "a", "a"]
    assert [c.offer_ref for c in edges[:3]] == ["o0", "o1", "o2"]


def test_far_away_offers_are_not_candidates():
    index = OfferIndex(offers_around(40, max_distance_km=1.0))
    found = index.candidates_for(make_need())
    assert {c.offer_ref for c in found} == {f"o{i}" for i in range(11)}
    assert all(c.distance_km <= 1.0 for c in found)


def test_offer_without_coordinates_is_found_through_its_neighbourhood():
    offer = make_offer(lat=None, lon=None, neighbourhood="Lombok")
    index = OfferIndex([offer])
    assert [c.offer_ref for c in index.candidates_for(make_need(neighbourhood="Lombok"))] == [
        "offer-1"
    ]
    assert index.candidates_for(make_need(neighbourhood="Ondiep")) == []


def test_need_without_coordinates_finds_offers_in_its_neighbourhood_only():
    index = OfferIndex(
        [
            make_offer(ref="here", neighbourhood="Lombok"),
            make_offer(ref="there", neighbourhood="Ondiep"),
        ]
    )
    found = index.candidates_for(make_need(lat=None, lon=None, neighbourhood="Lombok"))
    assert [c.offer_ref for c in found] == ["here"]


def test_need_for_company_gets_walkers_and_listeners_but_not_gardeners():
    offers = [
        make_offer(ref="walk", category="walking"),
        make_offer(ref="listen", category="listening"),
        make_offer(ref="visit", category="company"),
        make_offer(ref="garden", category="garden"),
    ]
    found = OfferIndex(offers).candidates_for(make_need(category="company"))
    assert {c.offer_ref for c in found} == {"walk", "listen", "visit"}


def test_offers_without_consent_or_capacity_are_never_suggested():
    offers = [
        make_offer(ref="no-consent", consent=False),
        make_offer(ref="full", per_week=0),
        make_offer(ref="ok"),
    ]
    assert [c.offer_ref for c in OfferIndex(offers).top_suggestions(make_need())] == ["ok"]


def test_top_suggestions_returns_the_k_best_in_order():
    offers = offers_around(30, max_distance_km=5.0)
    index = OfferIndex(offers)
    top = index.top_suggestions(make_need(), k=5)
    assert [c.offer_ref for c in top] == ["o0", "o1", "o2", "o3", "o4"]
    scores = [c.score for c in top]
    assert scores == sorted(scores, reverse=True)
    assert index.top_suggestions(make_need(), k=0) == []


def test_top_suggestions_skip_offers_without_remaining_capacity():
    index = OfferIndex(offers_around(3, per_week=2))
    top = index.top_suggestions(make_need(), remaining_capacity={"o0": 0, "o1": 1})
    assert [c.offer_ref for c in top] == ["o1", "o2"]


def test_top_suggestions_never_include_the_resident_themselves():
    offers = offers_around(3)
    need = make_need(resident_ref="r0")
    assert "o0" not in {c.offer_ref for c in OfferIndex(offers).top_suggestions(need)}


def test_need_without_consent_gets_no_suggestions():
    assert OfferIndex(offers_around(3)).top_suggestions(make_need(consent=False)) == []


def test_index_can_be_reused_for_many_needs():
    index = OfferIndex(offers_around(5))
    first = index.top_suggestions(make_need(ref="n1"))
    second = index.top_suggestions(make_need(ref="n2"))
    assert [c.offer_ref for c in first] == [c.offer_ref for c in second]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(instances(max_needs=4, max_offers=8), dense_instances(max_needs=4, max_offers=8)),
    st.dictionaries(st.sampled_from(["o0", "o1", "o2"]), st.integers(0, 2)),
    st.integers(1, 4),
)
def test_a_shared_index_gives_each_need_its_candidates_from_the_whole_batch(instance, remaining, k):
    need_list, offer_list = instance
    index = OfferIndex(offer_list)
    every = candidate_edges(need_list, offer_list, remaining)
    for need in need_list:
        own = [c for c in every if c.need_ref == need.ref]
        assert index.candidates_for(need, remaining) == own
        assert index.top_suggestions(need, k, remaining) == own[:k]


def test_more_than_sixty_four_languages_keep_their_own_bits():
    languages = [f"x{i}" for i in range(70)]
    offers = [
        make_offer(ref=f"o{i}", resident_ref=f"r{i}", languages={code})
        for i, code in enumerate(languages)
    ]
    need = make_need(languages={"x69"})
    speaking = [
        c.offer_ref
        for c in candidate_edges([need], offers)
        if c.score > 0 and any("spreken allebei" in reason for reason in c.reasons)
    ]
    assert speaking == ["o69"]
    top = OfferIndex(offers).top_suggestions(need, k=1)
    assert top[0].offer_ref == "o69"


def test_an_index_does_not_learn_from_the_needs_it_is_asked_about():
    index = OfferIndex(offers_around(2))
    index.candidates_for(make_need(resident_ref="someone new", neighbourhood="Nergens"))
    assert "someone new" not in index._codes.residents


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(instances(max_needs=4, max_offers=8), dense_instances(max_needs=4, max_offers=8)))
def test_offers_within_reach_are_those_passing_category_and_distance_whatever_else(instance):
    need_list, offer_list = instance
    index = OfferIndex(offer_list, every_offer=True)
    for need in need_list:
        expected = {
            offer.ref
            for offer in offer_list
            if check_category(need, offer) is None and check_distance(need, offer) is None
        }
        assert set(index.within_reach(need)) == expected
