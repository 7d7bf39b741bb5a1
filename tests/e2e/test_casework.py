"""A volunteer's signal reaches the team, the meeting, and becomes an action; reports render."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from buurtwerk.casework import actions
from buurtwerk.casework.models import FollowUp, Signal
from buurtwerk.core.testing import Personas
from buurtwerk.people.models import Relation

from .conftest import assert_accessible, choose_resident, login


def _logout(page: Page) -> None:
    page.context.clear_cookies()


def test_a_volunteers_signal_reaches_the_team_meeting_and_becomes_an_action(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    base = live_server.url
    login(page, base, "henk")
    page.get_by_role("link", name="Signaal melden").click()
    assert_accessible(page, "casework-signal-form-phone")
    page.get_by_label("Waar gaat het over?").select_option(label="Eenzaamheid of weinig contact")
    page.get_by_label("Wat is er opgevallen?").fill("Jan zat alleen bij de inloop en at niet.")
    page.get_by_label("In welke buurt?").select_option(label="Noorderhof")
    choose_resident(page, "Over welke bewoner? (mag leeg)", "jan", re.compile("^Jan Smit"))
    page.get_by_label("Inloop").check()
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("status")).to_contain_text("doorgestuurd naar Doen!-team Noord")
    expect(page.get_by_text("ontvangen en bekijkt het")).to_be_visible()
    assert_accessible(page, "casework-signal-reporter-view")
    signal = Signal.objects.get()
    assert signal.team == e2e_personas.team_north

    _logout(page)
    login(page, base, "ingrid")
    page.goto(f"{base}/casuistiek/signalen/{signal.pk}/")
    expect(page.get_by_text("Jan zat alleen bij de inloop")).to_be_visible()
    assert_accessible(page, "casework-signal-team-view")
    page.goto(f"{base}/casuistiek/overleg/")
    page.get_by_label("Team").select_option(label="Doen!-team Noord")
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.get_by_label("Datum en tijd").fill(tomorrow.strftime("%Y-%m-%dT10:00"))
    page.get_by_role("button", name="Overleg plannen").click()
    agenda = page.locator(".agenda")
    expect(agenda).to_contain_text("Eenzaamheid of weinig contact: Jan zat alleen")
    assert_accessible(page, "casework-meeting-agenda")

    page.get_by_label("Bij agendapunt").select_option(index=1)
    decision = page.get_by_role("textbox", name=re.compile(r"^Besluit"))
    decision.fill("Fatima gaat op de koffie bij Jan.")
    page.get_by_label("Actie die eruit volgt (mag leeg)").fill("Koffie drinken met Jan")
    page.get_by_label("Actie uiterlijk op").fill(
        (tomorrow + timedelta(days=7)).strftime("%Y-%m-%d")
    )
    page.get_by_label("Wie doet de actie?").select_option(label="Fatima")
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(agenda.get_by_text("Koffie drinken met Jan")).to_be_visible()
    follow_up = FollowUp.objects.get()
    assert follow_up.signal == signal and follow_up.assignee == e2e_personas.fatima
    assert_accessible(page, "casework-meeting-decision")
    page.get_by_role("link", name="Notulen om te printen").click()
    expect(page.get_by_text("Fatima gaat op de koffie bij Jan.")).to_be_visible()
    assert_accessible(page, "casework-minutes")

    _logout(page)
    login(page, base, "fatima")
    expect(page.get_by_text("Koffie drinken met Jan")).to_be_visible()


def test_contact_report_and_netwerkkaart_render_accessibly(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    personas = e2e_personas
    today = timezone.localdate()
    for days_ago, purpose, minutes in (
        (1, "casework", 60),
        (2, "community", 45),
        (9, "casework", 30),
    ):
        actions.do_log_contact(
            {"happened_on": today - timedelta(days=days_ago), "kind": "coffee_visit",
             "purpose": purpose, "duration_minutes": minutes},
            personas.fatima,
            residents=[personas.jan],
        )  # fmt: skip
    Relation.objects.create(
        resident=personas.jan, other_resident=personas.marie, kind="neighbour", closeness=2
    )
    Relation.objects.create(resident=personas.jan, contact_name="Els", kind="family", closeness=1)
    login(page, live_server.url, "fatima")
    page.goto(f"{live_server.url}/casuistiek/contacten/rapport/")
    expect(page.get_by_role("img", name="Verdeling tussen individuele")).to_be_visible()
    expect(page.get_by_role("region", name="Verdeling in een tabel")).to_contain_text("Fatima")
    assert_accessible(page, "casework-contact-report")
    page.goto(f"{live_server.url}/casuistiek/contacten/nieuw/")
    assert_accessible(page, "casework-contact-form")
    page.goto(f"{live_server.url}/bewoners/{personas.jan.pk}/")
    page.get_by_role("link", name="Netwerkkaart").click()
    expect(page.get_by_role("img", name="Netwerk van Jan Smit")).to_be_visible()
    expect(page.get_by_role("heading", name="Het netwerk als lijst")).to_be_visible()
    assert_accessible(page, "casework-netwerkkaart")


def test_case_page_offers_informal_help_first(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    personas = e2e_personas
    case = actions.do_open_case(
        {"title": "Jan weer onder de mensen", "resident": personas.jan, "team": personas.team_north,
         "next_discussion_on": timezone.localdate()},
        personas.sanne,
    )  # fmt: skip
    login(page, live_server.url, "sanne")
    page.goto(f"{live_server.url}/casuistiek/casussen/{case.pk}/")
    content = page.locator("#inhoud")
    expect(content.get_by_role("link", name="Sociale kaart")).to_have_attribute(
        "href", "/sociale-kaart/"
    )
    assert_accessible(page, "casework-case")
