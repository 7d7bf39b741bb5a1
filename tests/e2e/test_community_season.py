"""The coordinator's season in the browser: thirty volunteers, a repeating rota and a gap,
residents signing up until the eetcafé is full, and the elderly lady's ride from "Meedoen"."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from buurtwerk.community import actions
from buurtwerk.community.models import Activity, RideRequest, RotaPattern, SignUp
from buurtwerk.community.tests.factories import make_community, make_resident, next_weekday_at
from buurtwerk.core.testing import Personas

from .conftest import assert_accessible, login

NEW_VOLUNTEERS = 28  # with Henk and Annie: thirty


def test_the_coordinator_adds_thirty_volunteers_fills_a_repeating_rota_and_a_gap(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    community = make_community(e2e_personas)
    for i in range(NEW_VOLUNTEERS):
        make_resident(e2e_personas, f"Buurtgenoot {i:02d}")
    walk_in = actions.do_create_activity(
        community.centre,
        {
            "title": "Inloop",
            "kind": Activity.Kind.WALK_IN,
            "location_name": "Buurthuis Noorderhof",
            "starts_at": next_weekday_at(2, 14),
            "rrule": "FREQ=WEEKLY;BYDAY=WE",
            "roles_needed": {"host": 1},
        },
        e2e_personas.fatima,
    )
    login(page, live_server.url, "fatima")
    add_url = f"{live_server.url}/buurt/initiatieven/{community.centre.pk}/vrijwilliger/"
    for i in range(NEW_VOLUNTEERS):
        page.goto(add_url)
        # Digits also match postcodes and house numbers: pick the one by name, not the first.
        name = f"Buurtgenoot {i:02d}"
        page.get_by_role("combobox", name="Bewoner (verplicht)").fill(name)
        page.get_by_role("listbox", name="Gevonden bewoners").get_by_role(
            "option", name=re.compile(f"^{name}")
        ).click()
        page.get_by_label("Gastvrouw of gastheer").check()
        page.get_by_label("woensdagmiddag").check()
        if i == 0:
            assert_accessible(page, "community-season-volunteer-add")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text("De vrijwilliger is toegevoegd.")).to_be_visible()
    expect(page.get_by_text("30 vrijwilligers")).to_be_visible()
    page.get_by_label("Naam").fill("Buurtgenoot 27")
    expect(page.get_by_text("1 vrijwilliger", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Buurtgenoot 27")).to_be_visible()
    assert_accessible(page, "community-season-volunteer-list")

    page.goto(f"{live_server.url}/buurt/initiatieven/{community.centre.pk}/rooster/")
    page.get_by_label("Activiteit (verplicht)").select_option(label="Inloop")
    page.get_by_label("Vrijwilliger (verplicht)").select_option(label="Henk Kuipers")
    page.get_by_label("Rol (verplicht)").select_option(label="Gastvrouw of gastheer")
    page.get_by_label("Hoe vaak (verplicht)").select_option(label="Eén keer per maand")
    page.get_by_label("Welke week van de maand").select_option(label="eerste")
    page.get_by_role("button", name="Vast rooster opslaan").click()
    expect(page.get_by_text("Vast rooster opgeslagen")).to_be_visible()
    assert RotaPattern.objects.filter(activity=walk_in, volunteer=community.henk_volunteer).exists()

    gaps = page.locator("#gaten + ul > li")
    before = gaps.count()
    assert before > 0
    first_gap = gaps.filter(has_text="Inloop: Gastvrouw of gastheer").first
    first_gap.get_by_role("combobox").select_option(label="Buurtgenoot 00")
    first_gap.get_by_role("button", name="Inroosteren").click()
    expect(page.get_by_text("De dienst staat op het rooster.")).to_be_visible()
    expect(page.locator("#gaten + ul > li")).to_have_count(before - 1)
    assert_accessible(page, "community-season-rota")


def test_residents_sign_up_on_the_public_page_until_the_eetcafe_is_full(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    community = make_community(e2e_personas)
    actions.do_create_activity(
        community.centre,
        {
            "title": "Eetcafé",
            "kind": Activity.Kind.MEAL,
            "location_name": "Buurthuis Noorderhof",
            "starts_at": next_weekday_at(3, 18),
            "capacity": 3,
        },
        e2e_personas.fatima,
    )
    for i in range(3):
        page.goto(f"{live_server.url}/buurt/noorderhof/")
        page.get_by_role("link", name="Aanmelden voor Eetcafé").click()
        page.get_by_label("Uw naam").fill(f"Gast {i}")
        page.get_by_label("Telefoonnummer").fill("06-12345678")
        if i == 0:
            assert_accessible(page, "community-season-public-signup")
        page.get_by_role("button", name="Aanmelden").click()
        expect(page.get_by_role("heading", name="U bent aangemeld")).to_be_visible()
    assert_accessible(page, "community-season-public-signup-done")
    page.goto(f"{live_server.url}/buurt/noorderhof/")
    expect(page.get_by_text("Gast 0")).to_have_count(0)
    page.get_by_role("link", name="wachtlijst voor Eetcafé").click()
    expect(page.get_by_text("Deze keer is vol.")).to_be_visible()
    page.get_by_label("Uw naam").fill("Gast 3")
    page.get_by_label("E-mailadres").fill("gast3@example.org")
    page.get_by_label("Is het vol? Zet mij dan op de wachtlijst").check()
    page.get_by_role("button", name="Op de wachtlijst").click()
    expect(page.get_by_role("heading", name="U staat op de wachtlijst")).to_be_visible()


def test_the_elderly_ladys_ride_is_arranged_from_meedoen_in_one_step_and_repeats(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    community = make_community(e2e_personas)
    riek = make_resident(e2e_personas, "Riek Bos", 0.8)
    login(page, live_server.url, "fatima")
    page.goto(f"{live_server.url}/buurt/meedoen/{riek.pk}/")
    card = page.locator(".card", has_text="Koffieochtend")
    card.get_by_label("Ook de volgende keren ophalen").check()
    assert_accessible(page, "community-season-meedoen")
    card.get_by_role("button", name="Aanmelden en rit regelen voor Koffieochtend").click()
    expect(page.get_by_text("Henk Kuipers haalt Riek Bos op")).to_be_visible()
    dates = community.coffee.occurrences.count()
    assert RideRequest.objects.filter(resident=riek, status="confirmed").count() == dates
    assert SignUp.objects.filter(resident=riek).count() == dates
