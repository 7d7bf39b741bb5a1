"""The pure reconnect scoring: which activities fit a resident with a small network, and why."""

from dataclasses import replace

from buurtwerk.community.engine.reconnect import (
    MAX_DISTANCE_KM,
    ActivityOption,
    ResidentWish,
    score_activity,
    suggest_activities,
)

HOME = (52.7115, 5.7520)
KM_NORTH = 1 / 111.0

WISH = ResidentWish(
    interests=frozenset({"company", "meals"}),
    slots=frozenset({"tue-morning", "thu-evening"}),
    lat=HOME[0],
    lon=HOME[1],
    neighbourhood="espelerhof",
    walking_km=0.5,
    travels_alone=True,
)
COFFEE = ActivityOption(
    ref="coffee",
    themes=frozenset({"company", "listening"}),
    slots=frozenset({"tue-morning"}),
    lat=HOME[0] + 0.3 * KM_NORTH,
    lon=HOME[1],
    neighbourhood="espelerhof",
    places_left=10,
    ride_available=False,
)


def test_an_activity_that_fits_is_suggested_with_dutch_reasons() -> None:
    suggestion = score_activity(WISH, COFFEE)
    assert suggestion is not None and not suggestion.needs_ride
    text = " | ".join(suggestion.reasons)
    assert "gezelschap/bezoek" in text and "dinsdagochtend" in text and "zelf te bereiken" in text


def test_no_shared_moment_no_room_or_other_interests_rule_an_activity_out() -> None:
    assert score_activity(WISH, replace(COFFEE, slots=frozenset({"mon-evening"}))) is None
    assert score_activity(WISH, replace(COFFEE, places_left=0)) is None
    assert score_activity(WISH, replace(COFFEE, themes=frozenset({"digital"}))) is None


def test_too_far_or_unknown_distance_rules_an_activity_out() -> None:
    far = replace(COFFEE, lat=HOME[0] + (MAX_DISTANCE_KM + 1) * KM_NORTH)
    assert score_activity(WISH, far) is None
    unknown = replace(COFFEE, lat=None, lon=None, neighbourhood="elders")
    assert score_activity(WISH, unknown) is None
    same_neighbourhood = replace(COFFEE, lat=None, lon=None)
    assert score_activity(WISH, same_neighbourhood) is not None


def test_without_known_wishes_every_nearby_activity_with_room_is_a_candidate() -> None:
    open_wish = replace(WISH, interests=frozenset(), slots=frozenset())
    assert score_activity(open_wish, replace(COFFEE, themes=frozenset({"digital"}))) is not None


def test_beyond_walking_distance_a_ride_is_needed_and_an_available_driver_scores_higher() -> None:
    further = replace(COFFEE, lat=HOME[0] + 2 * KM_NORTH)
    without = score_activity(WISH, further)
    with_driver = score_activity(WISH, replace(further, ride_available=True))
    assert without is not None and with_driver is not None
    assert without.needs_ride and with_driver.needs_ride
    assert with_driver.score > without.score
    assert any("ophalen" in r for r in with_driver.reasons)
    assert any("vervoer moet nog geregeld" in r for r in without.reasons)


def test_a_resident_who_cannot_travel_alone_always_needs_a_ride() -> None:
    suggestion = score_activity(replace(WISH, travels_alone=False), COFFEE)
    assert suggestion is not None and suggestion.needs_ride


def test_suggestions_are_ranked_best_first_and_limited() -> None:
    dinner = replace(COFFEE, ref="dinner", themes=frozenset({"meals", "company"}),
                     slots=frozenset({"thu-evening"}))  # fmt: skip
    far_coffee = replace(COFFEE, ref="far", lat=HOME[0] + 1.5 * KM_NORTH)
    full = replace(COFFEE, ref="full", places_left=0)
    ranked = suggest_activities(WISH, [far_coffee, full, COFFEE, dinner], limit=2)
    assert [s.activity_ref for s in ranked] == ["dinner", "coffee"]
    assert ranked[0].score >= ranked[1].score
