import pytest

from buurtwerk.matching.engine import haversine_km, is_feasible, proximity, why_not
from buurtwerk.matching.engine.rules import (
    check_capacity,
    check_category,
    check_certificate,
    check_consent,
    check_distance,
    check_not_self,
    check_shared_slot,
)
from buurtwerk.matching.tests.engine_factories import make_need, make_offer


def test_default_need_and_offer_are_feasible():
    assert why_not(make_need(), make_offer()) == []
    assert is_feasible(make_need(), make_offer())


def test_offer_in_the_same_category_passes_the_category_rule():
    assert check_category(make_need(category="transport"), make_offer(category="transport")) is None


def test_offer_in_another_practical_category_fails_with_dutch_labels():
    reason = check_category(make_need(category="transport"), make_offer(category="garden"))
    assert reason == "Het aanbod (tuin) past niet bij de hulpvraag (vervoer)."


def test_walking_offer_can_serve_a_need_for_company():
    need = make_need(category="company")
    assert is_feasible(need, make_offer(category="walking"))
    assert is_feasible(need, make_offer(category="listening"))
    assert not is_feasible(need, make_offer(category="shopping"))


def test_one_shared_slot_is_enough():
    need = make_need(slots={"thu-afternoon", "sat-morning"})
    assert check_shared_slot(need, make_offer(slots={"thu-afternoon"})) is None


def test_no_shared_slot_fails():
    reason = check_shared_slot(make_need(slots={"mon-evening"}), make_offer(slots={"mon-morning"}))
    assert "geen moment" in reason


def test_offer_without_certificate_never_matches_need_requiring_one():
    need = make_need(requires_certificate=True)
    offer = make_offer(has_certificate=False)
    assert "VOG" in check_certificate(need, offer)
    assert not is_feasible(need, offer)


def test_offer_with_certificate_matches_need_requiring_one():
    assert is_feasible(make_need(requires_certificate=True), make_offer(has_certificate=True))


def test_need_without_certificate_requirement_accepts_any_helper():
    assert check_certificate(make_need(requires_certificate=False), make_offer()) is None


@pytest.mark.parametrize(
    ("need_consent", "offer_consent", "fragment"),
    [
        (False, True, "hulpvraag"),
        (True, False, "helper"),
        (False, False, "Geen van beiden"),
    ],
)
def test_both_residents_must_consent(need_consent, offer_consent, fragment):
    need = make_need(consent=need_consent)
    offer = make_offer(consent=offer_consent)
    assert fragment in check_consent(need, offer)
    assert not is_feasible(need, offer)


def test_resident_is_never_matched_with_their_own_offer():
    need = make_need(resident_ref="anna")
    offer = make_offer(resident_ref="anna")
    assert "dezelfde bewoner" in check_not_self(need, offer)
    assert not is_feasible(need, offer)


def test_haversine_matches_a_known_distance():
    # One degree of latitude is about 111.2 km everywhere.
    assert haversine_km(52.0, 5.0, 53.0, 5.0) == pytest.approx(111.19, abs=0.01)
    # Utrecht Centraal to Amsterdam Centraal is about 35 km as the crow flies.
    assert haversine_km(52.0894, 5.1100, 52.3791, 4.9003) == pytest.approx(35.1, abs=0.3)
    assert haversine_km(52.0, 5.0, 52.0, 5.0) == 0.0


def test_offer_within_its_maximum_distance_passes():
    assert check_distance(make_need(), make_offer(max_distance_km=1.2)) is None


def test_offer_beyond_its_maximum_distance_fails_with_both_distances_in_dutch():
    reason = check_distance(make_need(), make_offer(max_distance_km=0.5))
    assert reason == "Ze wonen 1,1 km van elkaar; de helper wil maximaal 500 m reizen."


def test_coordinates_win_over_a_shared_neighbourhood():
    need = make_need(neighbourhood="Lombok")
    offer = make_offer(neighbourhood="Lombok", max_distance_km=0.5)
    assert check_distance(need, offer) is not None


def test_same_neighbourhood_counts_as_distance_zero_without_coordinates():
    need = make_need(lat=None, lon=None, neighbourhood="Lombok")
    offer = make_offer(neighbourhood="Lombok", max_distance_km=0.0)
    near = proximity(need, offer)
    assert near.distance_km is None
    assert near.effective_km == 0.0
    assert check_distance(need, offer) is None


def test_offer_without_coordinates_matches_in_its_own_neighbourhood():
    offer = make_offer(lat=None, lon=None, neighbourhood="Lombok")
    assert is_feasible(make_need(neighbourhood="Lombok"), offer)


def test_different_neighbourhood_without_coordinates_is_infeasible():
    need = make_need(lat=None, lon=None, neighbourhood="Lombok")
    offer = make_offer(neighbourhood="Ondiep")
    assert "afstand is onbekend" in check_distance(need, offer)


def test_unknown_neighbourhood_without_coordinates_is_infeasible():
    need = make_need(lat=None, lon=None, neighbourhood=None)
    offer = make_offer(lat=None, lon=None, neighbourhood=None)
    assert proximity(need, offer) is None
    assert not is_feasible(need, offer)


def test_offer_with_room_left_passes_the_capacity_rule():
    offer = make_offer(per_week=2)
    assert check_capacity(offer) is None
    assert check_capacity(offer, {"offer-1": 1}) is None
    assert check_capacity(offer, {"other": 0}) is None


def test_offer_without_room_left_this_week_fails_the_capacity_rule():
    offer = make_offer(per_week=2)
    assert "geen ruimte meer" in check_capacity(offer, {"offer-1": 0})
    assert not is_feasible(make_need(), offer, {"offer-1": 0})


def test_offer_with_zero_capacity_is_not_offering_help():
    assert "geen hulp aan" in check_capacity(make_offer(per_week=0))


def test_why_not_lists_every_failing_rule():
    need = make_need(resident_ref="anna", category="transport", slots={"mon-evening"})
    offer = make_offer(resident_ref="anna", consent=False)
    assert len(why_not(need, offer)) == 4
