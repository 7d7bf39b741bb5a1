"""Each role logs in, opens the main pages and sees what it may, and nothing more."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from buurtwerk.core.permissions import Role
from buurtwerk.core.testing import Personas

from .conftest import assert_accessible, login, main_menu

EXPECTED_MENU = {
    Role.BUURTWERKER: {"Overzicht", "Bewoners"},
    Role.TEAMLEIDER: {"Overzicht", "Bewoners"},
    Role.WIJKTEAM: {"Overzicht", "Bewoners"},
    Role.AREA_PARTNER: {"Overzicht"},
    Role.VOLUNTEER: {"Overzicht", "Bewoners"},
    Role.ADMIN: {"Overzicht", "Auditlog"},
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_its_own_menu_and_an_accessible_dashboard(
    page: Page, live_server, e2e_personas: Personas, role: Role
) -> None:
    user = e2e_personas.by_role()[role]
    login(page, live_server.url, user.username)
    menu = main_menu(page).get_by_role("link")
    labels = {menu.nth(i).inner_text() for i in range(menu.count())}
    assert EXPECTED_MENU[role] <= labels
    assert "Auditlog" not in labels or role == Role.ADMIN
    assert "Bewoners" not in labels or role not in {Role.AREA_PARTNER, Role.ADMIN}
    assert_accessible(page, f"dashboard-{role.value}")


def test_buurtwerker_finds_a_resident_and_opens_the_record(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    login(page, live_server.url, "fatima")
    page.goto(f"{live_server.url}/bewoners/")
    assert_accessible(page, "resident-list")
    page.get_by_label("Zoeken op naam, straat of postcode").fill("smit")
    expect(page.get_by_role("link", name="Marie Jansen")).to_have_count(0)
    page.get_by_role("link", name="Jan Smit").click()
    expect(page.get_by_role("heading", name="Jan Smit")).to_be_visible()
    expect(page.get_by_text("Vertrouwelijk: rouwt")).to_be_visible()
    assert_accessible(page, "resident-detail")
    page.get_by_role("link", name="Gegevens wijzigen").click()
    assert_accessible(page, "resident-edit")


def test_bad_postcode_shows_an_accessible_dutch_error(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    login(page, live_server.url, "fatima")
    page.goto(f"{live_server.url}/bewoners/nieuw/")
    page.get_by_label("Naam").fill("Kees Bakker")
    page.get_by_label("Postcode").fill("12AB")
    page.get_by_label("Buurt").select_option(label="Noorderhof")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("geen geldige postcode")
    assert_accessible(page, "resident-form-error")


def test_volunteer_sees_the_introduced_resident_without_notes(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    login(page, live_server.url, "henk")
    page.goto(f"{live_server.url}/bewoners/")
    expect(page.get_by_role("link", name="Jan Smit")).to_be_visible()
    expect(page.get_by_role("link", name="Marie Jansen")).to_have_count(0)
    page.get_by_role("link", name="Jan Smit").click()
    expect(page.get_by_text("Vertrouwelijk")).to_have_count(0)
    assert_accessible(page, "volunteer-resident")


def test_area_partner_is_refused_resident_data(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    login(page, live_server.url, "bakker")
    page.goto(f"{live_server.url}/bewoners/")
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
    page.goto(f"{live_server.url}/bewoners/{e2e_personas.jan.pk}/")
    expect(page.get_by_role("heading", name="Niet gevonden")).to_be_visible()
    assert_accessible(page, "area-partner-refused")


def test_administrator_filters_the_audit_log(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    login(page, live_server.url, "beheer")
    page.goto(f"{live_server.url}/audit/")
    page.get_by_label("Gebruiker").fill("beheer")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("cell", name="ingelogd").first).to_be_visible()
    assert_accessible(page, "audit-log")
