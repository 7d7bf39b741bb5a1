"""Suggestions through the Django layer: every hard rule once, the explanations, consent."""

import random

import pytest

from buurtwerk.matching import actions, adapter, queries
from buurtwerk.matching.engine import why_not
from buurtwerk.matching.models import Match, Need, Offer
from buurtwerk.matching.tests.factories import (
    FAR_AWAY,
    HOME,
    NEARBY,
    NeedFactory,
    OfferFactory,
    helper_in,
    match_between,
    with_certificate,
)
from buurtwerk.people.actions import do_withdraw_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(personas) -> Need:
    return NeedFactory(resident=personas.jan)


def suggested_offers(user, need) -> list[Offer]:
    return [suggestion.offer for suggestion in queries.suggestions_for_need(user, need)]


def test_a_neighbour_with_a_matching_offer_is_suggested_with_dutch_reasons(personas, need):
    offer = OfferFactory(resident=helper_in(personas.north))
    [suggestion] = queries.suggestions_for_need(personas.fatima, need)
    assert suggestion.offer == offer
    assert "woont in dezelfde buurt" in suggestion.reasons
    assert "beiden dinsdagochtend" in suggestion.reasons
    assert suggestion.score > 0


def test_the_explanation_names_the_distance_when_addresses_are_known(personas):
    personas.jan.lat, personas.jan.lon = HOME
    personas.jan.save()
    need = NeedFactory(resident=personas.jan)
    OfferFactory(resident=helper_in(personas.north, lat=NEARBY[0], lon=NEARBY[1]))
    [suggestion] = queries.suggestions_for_need(personas.fatima, need)
    assert suggestion.reasons[0] == "woont 350 m verderop"


def test_small_network_and_participation_are_explained(personas):
    need = NeedFactory(resident=personas.jan)
    OfferFactory(resident=helper_in(personas.north, seeks_participation=True))
    [suggestion] = queries.suggestions_for_need(personas.fatima, need)
    assert "heeft een klein netwerk: krijgt voorrang" in suggestion.reasons
    assert "wil zelf ook graag meedoen" in suggestion.reasons


def test_an_offer_in_another_category_is_not_suggested(personas, need):
    OfferFactory(resident=helper_in(personas.north), category="digital")
    assert suggested_offers(personas.fatima, need) == []


def test_social_categories_are_compatible(personas):
    need = NeedFactory(resident=personas.jan, category="company", requires_certificate=False)
    walker = OfferFactory(resident=helper_in(personas.north), category="walking")
    [suggestion] = queries.suggestions_for_need(personas.fatima, need)
    assert suggestion.offer == walker
    assert "aanbod wandelen/bewegen past bij de vraag gezelschap/bezoek" in suggestion.reasons


def test_without_a_shared_moment_in_the_week_there_is_no_suggestion(personas, need):
    OfferFactory(resident=helper_in(personas.north), availability=["sat-evening"])
    assert suggested_offers(personas.fatima, need) == []


def test_a_helper_further_away_than_they_want_to_travel_is_not_suggested(personas):
    personas.jan.lat, personas.jan.lon = HOME
    personas.jan.save()
    need = NeedFactory(resident=personas.jan)
    OfferFactory(resident=helper_in(personas.north, lat=FAR_AWAY[0], lon=FAR_AWAY[1]))
    assert suggested_offers(personas.fatima, need) == []


def test_a_need_asking_for_a_vog_only_gets_helpers_with_one(personas):
    need = NeedFactory(resident=personas.jan, category="odd_jobs", requires_certificate=True)
    OfferFactory(resident=helper_in(personas.north), category="odd_jobs")
    assert suggested_offers(personas.fatima, need) == []
    certified = OfferFactory(
        resident=with_certificate(helper_in(personas.north)), category="odd_jobs"
    )
    assert suggested_offers(personas.fatima, need) == [certified]


def test_residents_without_consent_never_appear(personas, need):
    OfferFactory(resident=personas.marie)
    assert suggested_offers(personas.fatima, need) == []
    marie_need = NeedFactory(resident=personas.marie)
    OfferFactory(resident=helper_in(personas.north))
    assert suggested_offers(personas.fatima, marie_need) == []


def test_a_resident_is_never_suggested_to_help_themselves(personas, need):
    OfferFactory(resident=personas.jan)
    assert suggested_offers(personas.fatima, need) == []


def test_a_helper_whose_week_is_full_is_not_suggested(personas, need):
    offer = OfferFactory(resident=helper_in(personas.north), per_week=1)
    other_need = NeedFactory(resident=helper_in(personas.north))
    busy = match_between(other_need, offer, Match.State.ACTIVE)
    assert suggested_offers(personas.fatima, need) == []
    busy.state = Match.State.ENDED
    busy.save()
    assert suggested_offers(personas.fatima, need) == [offer]


def test_a_helper_who_declined_this_need_is_not_suggested_again(personas, need):
    offer = OfferFactory(resident=helper_in(personas.north))
    match_between(need, offer, Match.State.DECLINED)
    assert suggested_offers(personas.fatima, need) == []


def test_helpers_outside_the_users_neighbourhoods_are_not_suggested(personas, need):
    OfferFactory(resident=personas.piet, max_distance_km=25)
    assert suggested_offers(personas.fatima, need) == []


def test_suggestions_are_ordered_best_first_and_capped(personas, need):
    for index in range(12):
        OfferFactory(resident=helper_in(personas.north, seeks_participation=index % 2 == 0))
    suggestions = queries.suggestions_for_need(personas.fatima, need)
    assert len(suggestions) == 10
    scores = [suggestion.score for suggestion in suggestions]
    assert scores == sorted(scores, reverse=True)


def test_volunteers_and_area_partners_get_no_suggestions(personas, need):
    OfferFactory(resident=helper_in(personas.north))
    assert queries.suggestions_for_need(personas.henk, need) == []
    assert queries.suggestions_for_need(personas.bakker, need) == []


def test_withdrawing_consent_declines_open_suggestions_at_once(personas, need):
    helper = helper_in(personas.north)
    offer = OfferFactory(resident=helper)
    match = actions.do_suggest_match(need, offer, personas.fatima)
    do_withdraw_consent(helper, personas.fatima)
    match.refresh_from_db()
    assert match.state == Match.State.DECLINED
    assert match.events.last().note == "De bewoner heeft de toestemming ingetrokken."
    assert suggested_offers(personas.fatima, need) == []


def test_withdrawing_consent_leaves_an_introduction_that_already_happened(personas, need):
    offer = OfferFactory(resident=helper_in(personas.north))
    match = match_between(need, offer, Match.State.ACTIVE)
    do_withdraw_consent(personas.jan, personas.fatima)
    match.refresh_from_db()
    assert match.state == Match.State.ACTIVE


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_prefilter_never_drops_a_helper_the_engine_accepts(personas, seed):
    rng = random.Random(seed)

    def somewhere(spread_km: float) -> dict:
        return {
            "lat": HOME[0] + rng.uniform(-spread_km, spread_km) / 111.2,
            "lon": HOME[1] + rng.uniform(-spread_km, spread_km) / 67.0,
        }

    personas.jan.lat, personas.jan.lon = HOME
    personas.jan.save()
    for _ in range(40):
        place = somewhere(30) if rng.random() < 0.8 else {"lat": None, "lon": None}
        OfferFactory(
            resident=helper_in(personas.north, **place),
            category=rng.choice(["garden", "company", "walking"]),
            availability=["tue-morning"],
            max_distance_km=rng.choice([0.5, 2.0, 10.0, 25.0]),
            per_week=3,
        )
    for category in ("garden", "company"):
        need = NeedFactory(resident=personas.jan, category=category, requires_certificate=False)
        need_data = adapter.need_to_engine(need)
        everything = adapter.offers_to_engine(Offer.objects.all())
        accepted = {offer.ref for offer in everything if not why_not(need_data, offer)}
        assert accepted
        found = {s.offer.pk for s in queries.suggestions_for_need(personas.fatima, need, k=1000)}
        assert found == accepted
