"""A volunteer at the coffee morning asks the vraagbaak on a phone, then asks the buurtwerker."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from buurtwerk.core.testing import Personas
from buurtwerk.socialmap.models import Escalation
from buurtwerk.socialmap.tests.factories import load_testdorp

from .conftest import assert_accessible, login, main_menu


def test_volunteer_asks_on_a_phone_sees_phone_and_hours_and_escalates(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    load_testdorp()
    assert page.viewport_size == {"width": 390, "height": 844}
    login(page, live_server.url, "henk")
    main_menu(page).get_by_role("link", name="Vraagbaak").click()
    assert_accessible(page, "vraagbaak-empty")
    page.get_by_label("Wat is de vraag van de bewoner?").fill(
        "mijn buurman krijgt steeds aanmaningen en heeft schulden"
    )
    results = page.locator("#antwoorden")
    expect(results.get_by_role("heading", name="Schuldhulpverlening")).to_be_visible()
    first = results.locator(".answer-card").first
    expect(first.get_by_role("link", name="0527 200 200")).to_have_attribute(
        "href", "tel:0527200200"
    )
    expect(first.get_by_text("Maandag en donderdag van 9.00 tot 11.00 uur inloop.")).to_be_visible()
    expect(first.get_by_text("u krijgt binnen een week een gesprek")).to_be_visible()
    assert_accessible(page, "vraagbaak-results")

    page.get_by_role("button", name="Vraag de buurtwerker").click()
    expect(page.get_by_role("status").filter(has_text="Verstuurd")).to_be_visible()
    assert_accessible(page, "vraagbaak-escalated")
    escalation = Escalation.objects.get()
    assert escalation.asked_by == e2e_personas.henk
    assert list(escalation.recipients.all()) == [e2e_personas.fatima]


def test_public_service_page_is_accessible_without_login(
    page: Page, live_server, e2e_personas
) -> None:
    load_testdorp()
    page.goto(f"{live_server.url}/sociale-kaart/openbaar/svc-schuld/")
    expect(page.get_by_role("heading", name="Schuldhulpverlening")).to_be_visible()
    expect(page.get_by_text("Anna de Vries")).to_have_count(0)
    assert_accessible(page, "public-service")


def test_buurtwerker_pages_of_the_social_map_are_accessible(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    from buurtwerk.socialmap.actions import do_escalate, do_record_referral
    from buurtwerk.socialmap.models import Service

    load_testdorp()
    do_escalate("waar kan iemand terecht met een vraag over een testament", e2e_personas.henk)
    do_record_referral("schulden", Service.objects.get(pk="svc-schuld"), e2e_personas.fatima)
    login(page, live_server.url, "fatima")
    expect(
        page.get_by_text("waar kan iemand terecht met een vraag over een testament")
    ).to_be_visible()
    for path, name in [
        ("/sociale-kaart/diensten/", "service-list"),
        ("/sociale-kaart/diensten/svc-schuld/", "service-detail"),
        ("/sociale-kaart/diensten/svc-schuld/wijzigen/", "service-edit"),
        ("/sociale-kaart/vragen/", "escalation-list"),
        ("/sociale-kaart/doorverwijzingen/", "referral-list"),
        ("/sociale-kaart/rapport/", "socialmap-report"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page, name)
    page.goto(f"{live_server.url}/sociale-kaart/doorverwijzingen/")
    page.get_by_role("button", name="Ja").click()
    expect(page.get_by_text("Geholpen", exact=True)).to_be_visible()


def test_only_a_question_sent_with_search_counts_as_a_gap(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    from buurtwerk.socialmap.models import UnansweredSearch

    load_testdorp()
    login(page, live_server.url, "henk")
    page.goto(f"{live_server.url}/sociale-kaart/")
    question = page.get_by_label("Wat is de vraag van de bewoner?")
    question.fill("vliegtuig")
    expect(page.get_by_text("geen goed antwoord")).to_be_visible()
    assert not UnansweredSearch.objects.exists()
    question.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/sociale-kaart/?zoek=1&vraag=vliegtuig")
    assert UnansweredSearch.objects.get().question == "vliegtuig"
