"""Choosing a resident: type, and pick from a few suggestions with the keyboard or mouse."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from buurtwerk.casework.models import Contact
from buurtwerk.core.testing import Personas, ResidentFactory

from .conftest import assert_accessible, choose_resident, login


def _two_rias(personas: Personas) -> None:
    for street, year in (("Dorpsstraat", 1948), ("Kerkweg", 1981)):
        ResidentFactory(
            name="Ria Bakker", neighbourhood=personas.north, street=street, house_number="3",
            postcode="8301 AB", birth_year=year,
        )  # fmt: skip


def test_a_buurtwerker_picks_one_of_two_namesakes_in_the_contact_form(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    _two_rias(e2e_personas)
    login(page, live_server.url, "fatima")
    page.goto(f"{live_server.url}/casuistiek/contacten/nieuw/")
    box = page.get_by_role("combobox", name="Met welke bewoners?")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("checkbox", name=re.compile("Ria Bakker"))).to_have_count(0)
    box.fill("ria bakker")
    suggestions = page.get_by_role("listbox", name="Gevonden bewoners")
    expect(suggestions.get_by_role("option")).to_have_count(2)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status").last).to_contain_text("2 bewoners gevonden")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile("id_residents_opties-"))
    assert_accessible(page, "picker-open")
    suggestions.get_by_role("option", name=re.compile("geboren in 1981")).click()
    chosen = page.get_by_role("checkbox", name=re.compile("Kerkweg 3, 8301 AB · geboren in 1981"))
    expect(chosen).to_be_checked()
    expect(box).to_have_value("")
    choose_resident(page, "Met welke bewoners?", "jan", re.compile("^Jan Smit"))
    expect(page.get_by_role("checkbox", name=re.compile("^Jan Smit"))).to_be_checked()
    assert_accessible(page, "picker-chosen")
    page.get_by_label("Soort contact").select_option(label="Op de koffie")
    page.get_by_label("Individuele ondersteuning").check()
    page.get_by_label("Duur in minuten").fill("30")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het contact is vastgelegd.")).to_be_visible()
    contact = Contact.objects.get()
    assert sorted(r.birth_year for r in contact.residents.all()) == [1950, 1981]
