"""Offers, needs and the match workflow through the actions: rules, history, audit."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from buurtwerk.audit.models import AuditEntry
from buurtwerk.matching import actions, queries
from buurtwerk.matching.models import Match, Need, Offer
from buurtwerk.matching.tests.factories import (
    NeedFactory,
    OfferFactory,
    helper_in,
    match_between,
)
from buurtwerk.matching.workflow import TRANSITIONS
from buurtwerk.people.models import Relation
from buurtwerk.people.queries import network_size, residents_visible_to

pytestmark = pytest.mark.django_db

OFFER = {
    "category": "garden",
    "description": "Oud-hovenier, snoeit graag.",
    "availability": ["thu-afternoon", "tue-morning", "tue-morning"],
    "per_week": 2,
    "max_distance_km": 1.5,
}


@pytest.fixture
def pair(personas):
    helper = helper_in(personas.north, name="Gerrit Hovenier")
    offer = OfferFactory(resident=helper)
    need = NeedFactory(resident=personas.jan)
    return need, offer


def test_creating_an_offer_keeps_slots_in_calendar_order_and_is_audited(personas):
    offer = actions.do_create_offer(personas.jan, OFFER, personas.fatima)
    assert offer.availability == ["tue-morning", "thu-afternoon"]
    entry = AuditEntry.objects.get(object_type="matching.offer", object_id=str(offer.pk))
    assert entry.verb == "create" and "description" in entry.fields
    assert "Oud-hovenier" not in str(entry.fields)


def test_an_unknown_slot_is_refused_in_dutch_and_nothing_is_saved(personas):
    with pytest.raises(ValidationError) as error:
        actions.do_create_offer(
            personas.jan, {**OFFER, "availability": ["monday-morning"]}, personas.fatima
        )
    assert "Onbekend dagdeel: monday-morning" in str(error.value)
    assert not Offer.objects.exists()


def test_a_need_asks_for_a_vog_by_default_only_for_help_inside_the_home(personas):
    base = {"description": "Hulp gevraagd", "availability": ["mon-morning"], "urgency": 2}
    indoor = actions.do_create_need(
        personas.jan, {**base, "category": "paperwork"}, personas.fatima
    )
    outdoor = actions.do_create_need(personas.jan, {**base, "category": "garden"}, personas.fatima)
    chosen = actions.do_create_need(
        personas.jan,
        {**base, "category": "paperwork", "requires_certificate": False},
        personas.fatima,
    )
    assert (indoor.requires_certificate, outdoor.requires_certificate) == (True, False)
    assert chosen.requires_certificate is False


def test_urgency_outside_one_to_three_is_refused(personas):
    with pytest.raises(ValidationError):
        actions.do_create_need(
            personas.jan,
            {
                "category": "garden",
                "description": "x",
                "availability": ["mon-morning"],
                "urgency": 4,
            },
            personas.fatima,
        )
    assert not Need.objects.exists()


def test_only_professionals_in_reach_may_record_offers(personas):
    with pytest.raises(PermissionDenied):
        actions.do_create_offer(personas.jan, OFFER, personas.henk)
    with pytest.raises(ValidationError, match="Niet gevonden"):
        actions.do_create_offer(personas.piet, OFFER, personas.fatima)
    with pytest.raises(PermissionDenied):
        actions.do_create_offer(personas.jan, OFFER, personas.bakker)


def test_suggesting_a_pair_that_breaks_a_rule_names_the_rule(personas):
    need = NeedFactory(resident=personas.jan, availability=["sun-evening"])
    offer = OfferFactory(resident=helper_in(personas.north))
    with pytest.raises(ValidationError) as error:
        actions.do_suggest_match(need, offer, personas.fatima)
    assert "geen moment in de week" in str(error.value)
    assert not Match.objects.exists()


def test_suggesting_the_same_pair_twice_gives_the_same_match(personas, pair):
    need, offer = pair
    first = actions.do_suggest_match(need, offer, personas.fatima)
    second = actions.do_suggest_match(need, offer, personas.fatima)
    assert first == second and Match.objects.count() == 1
    assert first.reasons and first.events.get().to_state == Match.State.SUGGESTED


def test_starting_an_introduction_assigns_the_buurtwerker_and_plans_a_follow_up(personas, pair):
    need, offer = pair
    match = actions.do_start_introduction(need, offer, personas.fatima, note="Gebeld met Jan")
    assert match.state == Match.State.CONTACTED
    assert match.assigned_to == personas.fatima
    assert match.follow_up_on == timezone.localdate() + timedelta(days=7)
    steps = [(e.from_state, e.to_state, e.actor) for e in match.events.all()]
    assert steps == [
        ("", Match.State.SUGGESTED, personas.fatima),
        (Match.State.SUGGESTED, Match.State.CONTACTED, personas.fatima),
    ]


def test_the_whole_workflow_up_to_the_end(personas, pair):
    need, offer = pair
    match = actions.do_start_introduction(need, offer, personas.fatima)
    size_before = network_size(personas.jan)
    match = actions.do_transition_match(match, Match.State.INTRODUCED, personas.fatima)
    assert Relation.objects.filter(
        resident=personas.jan, other_resident=offer.resident, kind=Relation.Kind.INTRODUCED
    ).exists()
    assert network_size(personas.jan) == size_before + 1
    need.refresh_from_db()
    assert need.status == Need.Status.MATCHED
    match = actions.do_transition_match(match, Match.State.ACTIVE, personas.ingrid)
    match = actions.do_end_match(
        match, Match.EndReason.COMPLETED, "Tuin is bij, Jan is blij.", personas.fatima
    )
    assert match.state == Match.State.ENDED and match.follow_up_on is None
    assert match.evaluation == "Tuin is bij, Jan is blij."
    need.refresh_from_db()
    assert need.status == Need.Status.CLOSED
    assert match.events.count() == 5


@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [
        (from_state, to_state)
        for from_state in Match.State.values
        for to_state in Match.State.values
        if to_state not in TRANSITIONS[from_state]
    ],
)
def test_every_step_outside_the_table_is_refused(personas, pair, from_state, to_state):
    need, offer = pair
    match = match_between(need, offer, from_state)
    with pytest.raises(ValidationError) as error:
        actions.do_transition_match(
            match, to_state, personas.fatima, end_reason=Match.EndReason.OTHER
        )
    assert "kan niet naar" in str(error.value)
    match.refresh_from_db()
    assert match.state == from_state and not match.events.exists()


def test_ending_needs_a_reason(personas, pair):
    need, offer = pair
    match = match_between(need, offer, Match.State.ACTIVE)
    with pytest.raises(ValidationError) as error:
        actions.do_end_match(match, "", "", personas.fatima)
    assert "Kies waarom" in str(error.value)


def test_an_ended_match_that_did_not_work_out_reopens_the_need(personas, pair):
    need, offer = pair
    match = actions.do_start_introduction(need, offer, personas.fatima)
    match = actions.do_transition_match(match, Match.State.INTRODUCED, personas.fatima)
    actions.do_end_match(match, Match.EndReason.NO_CLICK, "Andere verwachtingen.", personas.fatima)
    need.refresh_from_db()
    assert need.status == Need.Status.OPEN


def test_no_contact_without_consent_of_both(personas):
    need = NeedFactory(resident=personas.marie)
    offer = OfferFactory(resident=helper_in(personas.north))
    match = match_between(need, offer)
    with pytest.raises(ValidationError) as error:
        actions.do_transition_match(match, Match.State.CONTACTED, personas.fatima)
    assert "Geen toestemming om te koppelen van: Marie Jansen" in str(error.value)


def test_a_full_week_refuses_a_new_contact(personas, pair):
    need, offer = pair
    other = NeedFactory(resident=helper_in(personas.north))
    match_between(other, offer, Match.State.INTRODUCED)
    match = match_between(need, offer)
    with pytest.raises(ValidationError) as error:
        actions.do_transition_match(match, Match.State.CONTACTED, personas.fatima)
    assert "geen ruimte meer" in str(error.value)


def test_area_partner_and_volunteer_may_not_move_a_match(personas, pair):
    need, offer = pair
    match = match_between(need, offer)
    for user in (personas.bakker, personas.henk, personas.karin):
        with pytest.raises(PermissionDenied):
            actions.do_transition_match(match, Match.State.CONTACTED, user)


def test_a_volunteer_helper_sees_the_resident_and_the_match_after_the_introduction(personas, pair):
    need, offer = pair
    personas.henk.resident = offer.resident
    personas.henk.save()
    match = actions.do_start_introduction(need, offer, personas.fatima)
    outsider = helper_in(personas.north)
    assert list(queries.matches_visible_to(personas.henk)) == []
    actions.do_transition_match(match, Match.State.INTRODUCED, personas.fatima)
    assert list(queries.matches_visible_to(personas.henk)) == [match]
    assert list(queries.needs_visible_to(personas.henk)) == [need]
    visible = set(residents_visible_to(personas.henk))
    assert personas.jan in visible and outsider not in visible
    assert list(queries.offers_visible_to(personas.henk)) == [offer]


def test_closing_a_need_declines_its_open_suggestions(personas, pair):
    need, offer = pair
    match = actions.do_suggest_match(need, offer, personas.fatima)
    actions.do_update_need(need, {"status": Need.Status.CLOSED}, personas.fatima)
    match.refresh_from_db()
    assert match.state == Match.State.DECLINED


def test_pausing_an_offer_declines_its_open_suggestions(personas, pair):
    need, offer = pair
    match = actions.do_suggest_match(need, offer, personas.fatima)
    actions.do_update_offer(offer, {"status": Offer.Status.PAUSED}, personas.fatima)
    match.refresh_from_db()
    assert match.state == Match.State.DECLINED


def test_follow_up_list_holds_what_is_overdue_or_due_this_week(personas, pair):
    need, offer = pair
    today = date(2026, 3, 4)  # a Wednesday
    overdue = match_between(need, offer, Match.State.CONTACTED)
    overdue.follow_up_on = today - timedelta(days=3)
    overdue.save()
    sunday = match_between(NeedFactory(resident=personas.jan), offer, Match.State.ACTIVE)
    sunday.follow_up_on, sunday.assigned_to = date(2026, 3, 8), personas.fatima
    sunday.save()
    later = match_between(NeedFactory(resident=personas.jan), offer, Match.State.ACTIVE)
    later.follow_up_on = date(2026, 3, 9)
    later.save()
    ended = match_between(NeedFactory(resident=personas.jan), offer, Match.State.ENDED)
    ended.follow_up_on = today
    ended.save()
    assert list(queries.matches_to_follow_up(personas.fatima, today=today)) == [overdue, sunday]
    assert list(queries.matches_to_follow_up(personas.fatima, today=today, only_mine=True)) == [
        sunday
    ]
    assert list(queries.matches_to_follow_up(personas.karin, today=today)) == []


def test_planning_a_follow_up_is_kept_in_the_history(personas, pair):
    need, offer = pair
    match = actions.do_start_introduction(need, offer, personas.fatima)
    actions.do_plan_follow_up(
        match, personas.ingrid, follow_up_on=date(2026, 5, 1), note="Na de meivakantie"
    )
    match.refresh_from_db()
    assert match.follow_up_on == date(2026, 5, 1)
    assert match.events.last().note == "Na de meivakantie"
