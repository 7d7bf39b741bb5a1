"""Dashboards in the browser: on the demo neighbourhood and on a seeded city, axe-checked."""

from __future__ import annotations

import random
from datetime import timedelta
from importlib import import_module

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from buurtwerk.casework.models import SignalCategory
from buurtwerk.core.demo import DEMO_PASSWORD, build_demo
from buurtwerk.core.permissions import Role
from buurtwerk.core.testing import PERSONA_PASSWORD, UserFactory
from buurtwerk.matching.models import Match, MatchEvent, Need, Offer
from buurtwerk.people.models import Resident, Team
from buurtwerk.people.seeding import seed_city

from .conftest import assert_accessible, main_menu


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base_url}/")


def open_insight(page: Page) -> None:
    main_menu(page).get_by_role("link", name="Inzicht").click()
    expect(page.get_by_role("heading", name="Inzicht", level=1)).to_be_visible()


@pytest.fixture
def demo(transactional_db: None) -> None:
    # A transactional test empties every table afterwards, the data migration's categories too.
    categories = import_module("buurtwerk.casework.migrations.0002_default_categories")
    for code, name, route in categories.CATEGORIES:
        SignalCategory.objects.get_or_create(code=code, defaults={"name": name, "route": route})
    build_demo()


def test_a_buurtwerker_reads_the_demo_neighbourhood_dashboard(
    page: Page, live_server, demo: None
) -> None:
    sign_in(page, live_server.url, "fatima", DEMO_PASSWORD)
    open_insight(page)
    assert_accessible(page, "insight-index")
    page.get_by_role("link", name="Espelerhof").click()
    expect(page.get_by_role("heading", name="Buurt Espelerhof", level=1)).to_be_visible()
    for section in ("Koppelen", "Signalen", "Contacten: individueel of samen", "Kaart"):
        expect(page.get_by_role("heading", name=section, level=2)).to_be_visible()
    expect(page.get_by_role("img", name="Koppelingen per maand")).to_be_visible()
    expect(page.get_by_role("img", name="Kaart: open hulpvragen")).to_be_visible()
    assert_accessible(page, "insight-demo-neighbourhood")
    page.get_by_text("Cijfers als tabel").first.click()
    expect(page.get_by_role("region", name="Koppelingen per maand")).to_be_visible()


def test_the_teamleider_reads_the_team_dashboard_on_a_wide_screen(
    page: Page, live_server, demo: None
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, "ingrid", DEMO_PASSWORD)
    open_insight(page)
    page.get_by_role("link", name="Doen!-team").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Team")
    expect(page.get_by_role("heading", name="Activiteiten en vrijwilligers")).to_be_visible()
    assert_accessible(page, "insight-demo-team-wide")


def test_the_area_partner_sees_only_liveability(page: Page, live_server, demo: None) -> None:
    sign_in(page, live_server.url, "agent.bakker", DEMO_PASSWORD)
    open_insight(page)
    page.get_by_role("link", name="Espelerhof").click()
    expect(page.get_by_text("U ziet alleen cijfers over leefbaarheid")).to_be_visible()
    expect(page.get_by_role("heading", name="Koppelen")).to_have_count(0)
    expect(page.get_by_role("heading", name="Contacten: individueel of samen")).to_have_count(0)
    assert_accessible(page, "insight-demo-area-partner")


@pytest.fixture
def city(transactional_db: None) -> Team:
    """2,000 generated residents, a team over the whole city, some offers, needs and matches."""
    municipality = seed_city(2000, name="Seedstad")
    team = Team.objects.create(
        name="Stadsteam Seedstad", kind=Team.Kind.WIJKTEAM, municipality=municipality
    )
    team.neighbourhoods.set(municipality.districts.first().neighbourhoods.all())
    UserFactory(username="stad", role=Role.BUURTWERKER, teams=[team])
    rng = random.Random(9)
    residents = list(Resident.objects.filter(city="Seedstad").order_by("id")[:600])
    # Those asking and offering help live in a few blocks of flats, so the map has cells with
    # enough people to show; the rest of the city stays below the threshold.
    blocks = [
        (52.37 + rng.uniform(-0.02, 0.02), 4.90 + rng.uniform(-0.03, 0.03)) for _ in range(25)
    ]
    for index, person in enumerate(residents[:500]):
        lat, lon = blocks[index % len(blocks)]
        person.lat, person.lon = lat + rng.uniform(0, 0.001), lon + rng.uniform(0, 0.0015)
    Resident.objects.bulk_update(residents[:500], ["lat", "lon"])
    now = timezone.now()
    needs = Need.objects.bulk_create(
        Need(resident=person, category="shopping", description="Boodschappen", availability=[])
        for person in residents[:300]
    )
    for need in needs:
        need.created_at = now - timedelta(days=rng.randint(0, 200))
    Need.objects.bulk_update(needs, ["created_at"])
    offers = Offer.objects.bulk_create(
        Offer(resident=person, category="shopping", description="Ik help", availability=[])
        for person in residents[300:500]
    )
    matches = Match.objects.bulk_create(
        Match(need=need, offer=offer, state=Match.State.ACTIVE)
        for need, offer in zip(needs[:120], offers, strict=False)
    )
    MatchEvent.objects.bulk_create(
        MatchEvent(match=match, to_state=Match.State.INTRODUCED) for match in matches
    )
    for event in MatchEvent.objects.all():
        event.at = now - timedelta(days=rng.randint(0, 330))
    MatchEvent.objects.bulk_update(list(MatchEvent.objects.all()), ["at"])
    return team


def test_the_dashboard_renders_on_a_seeded_city(page: Page, live_server, city: Team) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, "stad", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/inzicht/team/{city.pk}/")
    expect(page.get_by_role("heading", name="Team Stadsteam Seedstad")).to_be_visible()
    expect(page.get_by_role("img", name="Koppelingen per maand")).to_be_visible()
    expect(page.get_by_role("img", name="Kaart: open hulpvragen")).to_be_visible()
    assert_accessible(page, "insight-seeded-city")
