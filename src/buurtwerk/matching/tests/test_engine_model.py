import pytest

from buurtwerk.matching.tests.engine_factories import make_need, make_offer


def test_slots_and_languages_are_stored_as_frozensets():
    offer = make_offer(slots=["mon-morning"], languages=["nl", "tr"])
    assert offer.slots == frozenset({"mon-morning"})
    assert offer.languages == frozenset({"nl", "tr"})
    hash(offer)


def test_unknown_category_is_rejected():
    with pytest.raises(ValueError, match="unknown category"):
        make_need(category="juggling")


def test_unknown_slot_is_rejected():
    with pytest.raises(ValueError, match="Onbekend tijdvak"):
        make_offer(slots={"someday"})


def test_half_a_coordinate_is_rejected():
    with pytest.raises(ValueError, match="both"):
        make_need(lat=52.0, lon=None)


@pytest.mark.parametrize("urgency", [0, 4])
def test_urgency_outside_one_to_three_is_rejected(urgency):
    with pytest.raises(ValueError, match="urgency"):
        make_need(urgency=urgency)


def test_negative_capacity_or_distance_is_rejected():
    with pytest.raises(ValueError):
        make_offer(per_week=-1)
    with pytest.raises(ValueError):
        make_offer(max_distance_km=-0.5)
