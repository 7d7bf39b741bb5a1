import pytest

from buurtwerk.matching.engine import (
    CATEGORY_CHOICES,
    SLOT_LABELS,
    SLOTS,
    categories_compatible,
    requires_certificate_by_default,
    validate_slots,
)
from buurtwerk.matching.engine.taxonomy import dutch_join, slot_label, sorted_slots


def test_category_choices_pair_every_code_with_its_dutch_label():
    assert dict(CATEGORY_CHOICES) == {
        "garden": "tuin",
        "odd_jobs": "klussen",
        "transport": "vervoer",
        "company": "gezelschap/bezoek",
        "shopping": "boodschappen",
        "digital": "digitale hulp",
        "language": "taalmaatje",
        "paperwork": "administratie",
        "meals": "maaltijd/koken",
        "pets": "huisdieren",
        "walking": "wandelen/bewegen",
        "listening": "luisterend oor",
    }


@pytest.mark.parametrize(
    ("need", "offer"),
    [
        (a, b)
        for a in ("company", "walking", "listening")
        for b in ("company", "walking", "listening")
    ],
)
def test_social_categories_are_mutually_compatible(need, offer):
    assert categories_compatible(need, offer)


@pytest.mark.parametrize("category", ["garden", "transport", "paperwork", "digital", "language"])
def test_practical_categories_only_match_themselves(category):
    assert categories_compatible(category, category)
    others = [code for code, _ in CATEGORY_CHOICES if code != category]
    assert not any(categories_compatible(category, other) for other in others)
    assert not any(categories_compatible(other, category) for other in others)


def test_help_inside_the_home_asks_for_a_certificate_by_default():
    assert requires_certificate_by_default("odd_jobs")
    assert requires_certificate_by_default("company")
    assert requires_certificate_by_default("paperwork")
    assert not requires_certificate_by_default("garden")
    assert not requires_certificate_by_default("walking")
    assert not requires_certificate_by_default("transport")


def test_there_are_twenty_one_slots_from_monday_morning_to_sunday_evening():
    assert len(SLOTS) == 21
    assert SLOTS[0] == "mon-morning"
    assert SLOTS[-1] == "sun-evening"
    assert set(SLOT_LABELS) == set(SLOTS)


def test_slot_labels_are_dutch_day_parts():
    assert slot_label("mon-morning") == "maandagochtend"
    assert slot_label("tue-afternoon") == "dinsdagmiddag"
    assert slot_label("wed-evening") == "woensdagavond"
    assert slot_label("sun-evening") == "zondagavond"


def test_validate_slots_accepts_known_slots_and_returns_a_frozenset():
    assert validate_slots(["mon-morning", "fri-evening"]) == frozenset(
        {"mon-morning", "fri-evening"}
    )


def test_validate_slots_rejects_unknown_slots_with_a_dutch_message():
    with pytest.raises(ValueError, match="Onbekend tijdvak: mon-night"):
        validate_slots(["mon-morning", "mon-night"])


def test_validate_slots_refuses_a_single_string():
    with pytest.raises(TypeError):
        validate_slots("mon-morning")


def test_slots_sort_in_calendar_order():
    assert sorted_slots({"sun-evening", "mon-evening", "mon-morning"}) == [
        "mon-morning",
        "mon-evening",
        "sun-evening",
    ]


def test_dutch_join_uses_commas_and_en():
    assert dutch_join([]) == ""
    assert dutch_join(["a"]) == "a"
    assert dutch_join(["a", "b"]) == "a en b"
    assert dutch_join(["a", "b", "c"]) == "a, b en c"
