"""The volunteer's phone view of their shifts, the public neighbourhood page and the charts of
an initiative, axe-checked."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page, expect

from buurtwerk.community import actions
from buurtwerk.community.tests.factories import first_occurrence, make_community, make_resident
from buurtwerk.core.testing import Personas

from .conftest import assert_accessible, login, main_menu


def test_volunteer_sees_own_shifts_and_passenger_on_the_phone(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    community = make_community(e2e_personas)
    occurrence = first_occurrence(community.coffee)
    actions.do_assign_shift(occurrence, community.henk_volunteer, "driver", e2e_personas.fatima)
    actions.do_assign_shift(occurrence, community.annie_volunteer, "host", e2e_personas.fatima)
    rider = make_resident(e2e_personas, "Riek Bos", 0.8)
    ride = actions.do_request_ride(rider, occurrence, e2e_personas.fatima)
    actions.do_confirm_ride(ride, e2e_personas.fatima, driver=community.driver)
    login(page, live_server.url, "henk")
    main_menu(page).get_by_role("link", name="Mijn diensten").click()
    expect(page.get_by_role("heading", name="Mijn diensten", level=1)).to_be_visible()
    expect(page.get_by_text("Rol: Chauffeur")).to_be_visible()
    expect(page.get_by_text("Gastvrouw of gastheer")).to_have_count(0)
    expect(page.get_by_role("heading", name="Riek Bos")).to_be_visible()
    assert_accessible(page, "community-volunteer-shifts")


def test_public_neighbourhood_page_is_accessible_and_signs_up(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    make_community(e2e_personas)
    page.goto(f"{live_server.url}/buurt/noorderhof/")
    expect(page.get_by_role("heading", name="Samen in Noorderhof")).to_be_visible()
    expect(page.get_by_role("heading", name="Koffieochtend")).to_be_visible()
    assert_accessible(page, "community-public-neighbourhood")
    page.get_by_label("Ik wil wel helpen met ...").check()
    page.get_by_label("Waarmee?").select_option(label="boodschappen")
    page.get_by_label("Uw naam").fill("Truus de Vries")
    page.get_by_label("Telefoonnummer", exact=True).fill("06-11112222")
    page.get_by_role("checkbox", name="Ik vind het goed").check()
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", name="Bedankt voor uw aanmelding")).to_be_visible()
    expect(page.get_by_text("Truus")).to_have_count(0)
    assert_accessible(page, "community-public-thanks")


def test_the_volunteer_registration_form_is_accessible(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    community = make_community(e2e_personas)
    login(page, live_server.url, "fatima")
    page.goto(f"{live_server.url}/buurt/initiatieven/{community.centre.pk}/vrijwilliger/")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies minstens één rol.")
    assert_accessible(page, "community-volunteer-form")


def test_the_initiative_page_shows_its_charts_with_tables_accessibly(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    community = make_community(e2e_personas)
    actions.do_log_support(
        community.centre, {"given_on": timezone.localdate(), "hours": 2}, e2e_personas.fatima
    )
    login(page, live_server.url, "fatima")
    page.goto(f"{live_server.url}/buurt/initiatieven/{community.centre.pk}/")
    expect(page.get_by_role("img", name="Uren ondersteuning door de buurtwerker")).to_be_visible()
    expect(page.get_by_role("img", name="Aantal keer een activiteit gehouden")).to_be_visible()
    expect(
        page.get_by_role("region", name="Uren ondersteuning door de buurtwerker per maand: tabel")
    ).to_contain_text("2")
    assert_accessible(page, "community-initiative-charts")
