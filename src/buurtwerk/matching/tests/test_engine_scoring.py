import dataclasses

import pytest

from buurtwerk.matching.engine import MAX_SCORE, evaluate_pair, format_distance
from buurtwerk.matching.engine.scoring import SMALL_NETWORK_REASON, closeness, slots_reason
from buurtwerk.matching.tests.engine_factories import HOME_LAT, make_need, make_offer


def score(need=None, offer=None) -> float:
    return evaluate_pair(need or make_need(), offer or make_offer()).score


def test_weights_add_up_to_one_hundred():
    assert MAX_SCORE == 100.0


def test_the_best_possible_pair_scores_close_to_one_hundred_and_never_more():
    need = make_need(
        slots={"mon-morning", "tue-morning", "wed-morning"},
        urgency=3,
        languages={"nl", "tr"},
        network_size=0,
        lon=5.1375,
    )
    offer = make_offer(slots=need.slots, languages={"tr"}, seeks_participation=True)
    assert 99.0 < score(need, offer) <= 100.0


def test_a_plain_pair_still_scores_above_zero():
    assert 0.0 < score() < 40.0


@pytest.mark.parametrize(
    ("km", "text"),
    [
        (0.0, "50 m"),
        (0.349, "350 m"),
        (0.97, "950 m"),
        (0.99, "1 km"),
        (1.23, "1,2 km"),
        (12.4, "12 km"),
    ],
)
def test_distances_are_written_in_metres_below_a_kilometre_and_with_a_decimal_comma_above(km, text):
    assert format_distance(km) == text


def test_closer_helpers_score_higher():
    assert closeness(0.0) == 1.0
    assert closeness(1.0) == pytest.approx(0.5)
    near = make_offer(lat=HOME_LAT, lon=5.1264)
    assert score(offer=near) > score()


def test_small_network_beats_large_network_all_else_equal():
    small = score(make_need(network_size=1))
    none = score(make_need(network_size=0))
    large = score(make_need(network_size=2))
    assert small == none
    assert small >= large + 15.0


def test_helper_who_seeks_participation_scores_higher():
    assert score(offer=make_offer(seeks_participation=True)) > score()


def test_urgent_needs_score_higher():
    assert score(make_need(urgency=3)) > score(make_need(urgency=2)) > score(make_need(urgency=1))


def test_more_shared_slots_score_higher_up_to_three():
    offer = make_offer(slots={"mon-morning", "tue-morning", "wed-morning", "thu-morning"})
    one = score(make_need(slots={"mon-morning"}), offer)
    two = score(make_need(slots={"mon-morning", "tue-morning"}), offer)
    three = score(make_need(slots={"mon-morning", "tue-morning", "wed-morning"}), offer)
    four = score(make_need(slots=offer.slots), offer)
    assert one < two < three == four


def test_shared_home_language_beyond_dutch_scores_higher():
    need = make_need(languages={"nl", "tr"})
    assert score(need, make_offer(languages={"nl", "tr"})) > score(need, make_offer())


def test_explanation_says_how_far_and_when():
    candidate = evaluate_pair(
        make_need(slots={"tue-morning", "thu-afternoon"}),
        make_offer(lat=HOME_LAT, lon=5.1265),
    )
    assert candidate.reasons[:2] == (
        "woont 350 m verderop",
        "beiden dinsdagochtend en donderdagmiddag",
    )


def test_explanation_uses_kilometres_with_a_decimal_comma():
    assert evaluate_pair(make_need(), make_offer()).reasons[0] == "woont 1,1 km verderop"


def test_explanation_mentions_shared_language_small_network_participation_and_urgency():
    need = make_need(languages={"nl", "tr"}, network_size=0, urgency=3)
    offer = make_offer(languages={"tr"}, seeks_participation=True)
    reasons = evaluate_pair(need, offer).reasons
    assert "spreken allebei Turks" in reasons
    assert "heeft een klein netwerk: krijgt voorrang" in reasons
    assert "wil zelf ook graag meedoen" in reasons
    assert "urgent" in reasons


def test_explanation_stays_quiet_about_things_that_did_not_count():
    reasons = evaluate_pair(make_need(), make_offer()).reasons
    assert SMALL_NETWORK_REASON not in reasons
    assert "urgent" not in reasons
    assert not any(reason.startswith("spreken allebei") for reason in reasons)


def test_explanation_warns_when_there_is_no_shared_language():
    reasons = evaluate_pair(make_need(languages={"ar"}), make_offer(languages={"pl"})).reasons
    assert "let op: geen gemeenschappelijke taal opgegeven" in reasons


def test_explanation_names_the_neighbourhood_when_there_are_no_coordinates():
    need = make_need(lat=None, lon=None)
    candidate = evaluate_pair(need, make_offer())
    assert candidate.reasons[0] == "woont in dezelfde buurt"
    assert candidate.distance_km is None


def test_explanation_says_a_walk_fits_a_request_for_company():
    candidate = evaluate_pair(make_need(category="company"), make_offer(category="walking"))
    assert "aanbod wandelen/bewegen past bij de vraag gezelschap/bezoek" in candidate.reasons


def test_many_shared_slots_are_summarised():
    text = slots_reason(
        frozenset({"mon-morning", "tue-morning", "wed-morning", "thu-morning", "fri-morning"})
    )
    assert text == "beiden maandagochtend, dinsdagochtend, woensdagochtend en nog 2 andere momenten"


def test_scores_have_two_decimals():
    value = score()
    assert value == round(value, 2)


def test_scoring_does_not_depend_on_refs():
    base = evaluate_pair(make_need(), make_offer())
    renamed = evaluate_pair(make_need(ref="x"), make_offer(ref="y"))
    assert dataclasses.replace(renamed, need_ref=base.need_ref, offer_ref=base.offer_ref) == base
