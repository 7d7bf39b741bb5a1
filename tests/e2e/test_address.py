"""Address to location in the browser: postcode and house number fill in street and place."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from buurtwerk.core.testing import Personas
from buurtwerk.people.models import Resident
from buurtwerk.people.tests.test_geocoding import locatieserver  # noqa: F401 - a fixture

from .conftest import assert_accessible, login


def test_a_new_resident_is_placed_from_postcode_and_house_number(
    page: Page,
    live_server,
    e2e_personas: Personas,
    locatieserver,  # noqa: F811
) -> None:
    login(page, live_server.url, "fatima")
    page.goto(f"{live_server.url}/bewoners/nieuw/")
    expect(page.get_by_label("Breedtegraad")).to_have_count(0)
    page.get_by_label("Naam").fill("Kees Bakker")
    page.get_by_label("Postcode").fill("8302ab")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_label("Huisnummer").press("Tab")
    expect(page.get_by_text("Gevonden: Espelerlaan 12, 8302 AB Emmeloord.")).to_be_visible()
    expect(page.get_by_label("Straat")).to_have_value("Espelerlaan")
    expect(page.get_by_label("Plaats")).to_have_value("Emmeloord")
    assert_accessible(page, "resident-form-address-found")
    page.get_by_label("Buurt").select_option(label="Noorderhof")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Adres gevonden: Espelerlaan 12, 8302 AB Emmeloord.")).to_be_visible()
    kees = Resident.objects.get(name="Kees Bakker")
    assert (kees.street, kees.lat, kees.lon) == ("Espelerlaan", 52.71172, 5.75231)
