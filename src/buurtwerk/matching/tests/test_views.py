"""The matching pages: what each role sees, and that forms call the actions."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from buurtwerk.audit.models import AuditEntry
from buurtwerk.matching.models import Match, Need, Offer
from buurtwerk.matching.tests.factories import NeedFactory, OfferFactory, helper_in, match_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(personas) -> Need:
    return NeedFactory(resident=personas.jan)


@pytest.fixture
def offer(personas) -> Offer:
    return OfferFactory(resident=helper_in(personas.north, name="Gerrit Hovenier"))


def test_need_page_shows_suggestions_with_their_explanation(client, personas, need, offer):
    client.force_login(personas.fatima)
    response = client.get(reverse("matching:need_detail", args=[need.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gerrit Hovenier" in html and "woont in dezelfde buurt" in html
    assert "Start kennismaking" in html


def test_start_introduction_button_creates_a_contacted_match(client, personas, need, offer):
    client.force_login(personas.fatima)
    url = reverse("matching:start_introduction", args=[need.pk, offer.pk])
    response = client.post(url)
    match = Match.objects.get(need=need, offer=offer)
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:match_detail", args=[match.pk])
    assert match.state == Match.State.CONTACTED and match.assigned_to == personas.fatima


def test_another_teams_need_is_404_and_the_attempt_is_logged(client, personas):
    need = NeedFactory(resident=personas.piet)
    client.force_login(personas.fatima)
    assert client.get(reverse("matching:need_detail", args=[need.pk])).status_code == 404
    assert AuditEntry.objects.filter(
        verb="denied", object_type="matching.need", object_id=str(need.pk)
    ).exists()


def test_area_partner_may_not_open_the_matching_pages(client, personas, need):
    client.force_login(personas.bakker)
    assert client.get(reverse("matching:need_list")).status_code == 403
    assert client.get(reverse("matching:follow_up_list")).status_code == 403
    assert client.get(reverse("matching:need_detail", args=[need.pk])).status_code == 404


def test_resident_page_links_to_offers_and_needs(client, personas, need):
    client.force_login(personas.fatima)
    html = client.get(reverse("people:resident_detail", args=[personas.jan.pk])).content.decode()
    assert "Aanbod en hulpvragen" in html
    assert reverse("matching:need_detail", args=[need.pk]) in html


def test_adding_an_offer_through_the_form(client, personas):
    client.force_login(personas.fatima)
    url = reverse("matching:offer_create", args=[personas.jan.pk])
    form = client.get(url).content.decode()
    assert "dinsdagochtend" in form
    response = client.post(
        url,
        {
            "category": "transport",
            "description": "Rijdt toch al naar het buurthuis",
            "availability": ["wed-morning", "mon-evening"],
            "per_week": "2",
            "max_distance_km": "5",
        },
    )
    assert response.status_code == 302
    offer = Offer.objects.get(resident=personas.jan)
    assert offer.availability == ["mon-evening", "wed-morning"]


def test_an_offer_without_any_moment_is_refused_in_dutch(client, personas):
    client.force_login(personas.fatima)
    response = client.post(
        reverse("matching:offer_create", args=[personas.jan.pk]),
        {"category": "garden", "description": "Tuin", "per_week": "1", "max_distance_km": "2"},
    )
    assert response.status_code == 200
    assert "Kies minstens één dagdeel." in response.content.decode()
    assert not Offer.objects.exists()


def test_adding_a_need_uses_the_usual_vog_rule_unless_chosen(client, personas):
    client.force_login(personas.fatima)
    url = reverse("matching:need_create", args=[personas.jan.pk])
    data = {"description": "Hulp bij post", "availability": ["mon-morning"], "urgency": "2"}
    client.post(url, {**data, "category": "paperwork", "certificate": ""})
    client.post(url, {**data, "category": "paperwork", "certificate": "no"})
    assert list(Need.objects.order_by("id").values_list("requires_certificate", flat=True)) == [
        True,
        False,
    ]


def test_match_page_moves_the_match_one_step(client, personas, need, offer):
    match = match_between(need, offer, Match.State.CONTACTED)
    client.force_login(personas.fatima)
    url = reverse("matching:match_detail", args=[match.pk])
    html = client.get(url).content.decode()
    assert "Kennismaking was er" in html and "Afwijzen" in html
    client.post(
        reverse("matching:match_transition", args=[match.pk]),
        {"step": "introduced", "introduced-note": "Koffie gedronken bij Jan"},
    )
    match.refresh_from_db()
    assert match.state == Match.State.INTRODUCED
    html = client.get(url).content.decode()
    assert "Koffie gedronken bij Jan" in html


def test_a_step_outside_the_table_shows_an_error_and_changes_nothing(client, personas, need, offer):
    match = match_between(need, offer, Match.State.SUGGESTED)
    client.force_login(personas.fatima)
    response = client.post(
        reverse("matching:match_transition", args=[match.pk]), {"step": "active"}, follow=True
    )
    assert "kan niet naar" in response.content.decode()
    match.refresh_from_db()
    assert match.state == Match.State.SUGGESTED


def test_ending_from_the_page_asks_for_a_reason(client, personas, need, offer):
    match = match_between(need, offer, Match.State.ACTIVE)
    client.force_login(personas.fatima)
    url = reverse("matching:match_transition", args=[match.pk])
    response = client.post(url, {"step": "ended"}, follow=True)
    assert "Kies waarom de koppeling stopt." in response.content.decode()
    client.post(url, {"step": "ended", "ended-end_reason": "completed", "ended-evaluation": "Goed"})
    match.refresh_from_db()
    assert (match.state, match.evaluation) == (Match.State.ENDED, "Goed")


def test_follow_up_page_lists_what_is_due(client, personas, need, offer):
    match = match_between(need, offer, Match.State.INTRODUCED)
    match.follow_up_on = timezone.localdate() - timedelta(days=1)
    match.save()
    client.force_login(personas.fatima)
    html = client.get(reverse("matching:follow_up_list")).content.decode()
    assert "Jan Smit" in html and "te laat" in html
    html = client.get(reverse("matching:follow_up_list"), {"mijn": "1"}).content.decode()
    assert "Er zijn deze week geen koppelingen om op te volgen." in html


def test_volunteer_sees_the_match_they_help_in_without_the_history(client, personas, need, offer):
    personas.henk.resident = offer.resident
    personas.henk.save()
    match = match_between(need, offer, Match.State.ACTIVE)
    client.force_login(personas.henk)
    html = client.get(reverse("matching:match_detail", args=[match.pk])).content.decode()
    assert "Jan Smit" in html
    assert "Geschiedenis" not in html and "Volgende stap" not in html
    assert "Bewoners die u helpt" in client.get(reverse("core:dashboard")).content.decode()


def test_dashboard_shows_the_matching_panel_to_professionals(client, personas, need):
    client.force_login(personas.fatima)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Koppelen" in html and "1 open hulpvraag" in html


def test_need_list_filters_by_category(client, personas, need):
    NeedFactory(resident=personas.marie, category="digital")
    client.force_login(personas.fatima)
    html = client.get(reverse("matching:need_list"), {"soort": "digital"}).content.decode()
    assert "Marie Jansen" in html and "Jan Smit" not in html
