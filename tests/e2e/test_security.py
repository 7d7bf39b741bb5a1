"""Security in a real browser: the CSP blocks nothing of our own, two-factor login works, and
script typed into a resident's data stays text."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import ConsoleMessage, Page, expect

from buurtwerk.accounts.twofactor import code_for_key
from buurtwerk.core.testing import Personas

from .conftest import assert_accessible, login


def _collect_console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_main_pages_load_without_csp_violations_or_script_errors(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    errors = _collect_console_errors(page)
    jan = e2e_personas.jan.pk
    login(page, live_server.url, "fatima")
    for path in (
        "/",
        "/bewoners/",
        f"/bewoners/{jan}/",
        f"/bewoners/{jan}/wijzigen/",
        "/bewoners/nieuw/",
        f"/bewoners/{jan}/relaties/nieuw/",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/bewoners/")
    page.get_by_label("Zoeken op naam, straat of postcode").fill("smit")
    expect(page.get_by_role("link", name="Marie Jansen")).to_have_count(0)
    assert errors == []


def test_professional_enrols_an_authenticator_app_at_first_login(
    page: Page, live_server, e2e_personas: Personas, settings
) -> None:
    settings.BUURTWERK_REQUIRE_2FA = True
    cache.clear()
    errors = _collect_console_errors(page)
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("ingrid")
    page.get_by_label("Wachtwoord").fill("persona-wachtwoord-2026")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    expect(page.get_by_role("img", name="QR-code om te scannen")).to_be_visible()
    assert_accessible(page, "two-factor-setup")
    device = TOTPDevice.objects.get(user=e2e_personas.ingrid, confirmed=False)
    page.get_by_label("Code uit uw app").fill(code_for_key(device.bin_key))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", name="Welkom")).to_be_visible()
    page.get_by_role("button", name="Uitloggen").click()

    page.goto(f"{live_server.url}/bewoners/")
    page.get_by_label("Gebruikersnaam").fill("ingrid")
    page.get_by_label("Wachtwoord").fill("persona-wachtwoord-2026")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Code invullen")).to_be_visible()
    page.get_by_label("Code uit uw app").fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet")
    assert_accessible(page, "two-factor-verify-error")
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    import time

    page.get_by_label("Code uit uw app").fill(code_for_key(device.bin_key, at=time.time() + 30))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Bewoners", exact=True)).to_be_visible()
    assert errors == []


@pytest.mark.parametrize("role", ["volunteer"])
def test_volunteer_logs_in_without_a_code(
    page: Page, live_server, e2e_personas: Personas, settings, role: str
) -> None:
    settings.BUURTWERK_REQUIRE_2FA = True
    login(page, live_server.url, "henk")
    expect(page.get_by_role("heading", name="Welkom, Henk")).to_be_visible()


def _payload(number: int, max_length: int | None) -> str:
    """Markup that would run or add an element with id xss<N> if it were not escaped."""
    rich = (
        f'"><img src=x id=xss{number} onerror="window.__xss={number}">'
        f"<script>window.__xss={number}</script>"
    )
    if max_length is None or len(rich) <= max_length:
        return rich
    return f"<b id=xss{number}>"[:max_length]


def _free_text_fields() -> list[Any]:
    from django.db import models

    from buurtwerk.people.models import Resident

    validated = {"postcode", "email"}
    return [
        field
        for field in Resident._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in validated
    ]


def test_script_in_every_free_text_field_of_a_resident_stays_text(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    from buurtwerk.people.models import Consent, ProcessingBasis, Relation

    jan = e2e_personas.jan
    fields = _free_text_fields()
    assert {"name", "notes", "street", "phone", "city", "house_number"} <= {f.name for f in fields}
    for number, field in enumerate(fields):
        setattr(jan, field.name, _payload(number, field.max_length))
    jan.languages = [_payload(90, None)]
    jan.save()
    Consent.objects.filter(resident=jan).update(statement=_payload(91, None))
    ProcessingBasis.objects.filter(resident=jan).update(note=_payload(92, 300))
    Relation.objects.create(
        resident=jan,
        contact_name=_payload(93, 150),
        contact_role=_payload(94, 150),
        kind=Relation.Kind.FRIEND,
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, live_server.url, "ingrid")
    for path in (
        "/bewoners/",
        f"/bewoners/{jan.pk}/",
        f"/bewoners/{jan.pk}/wijzigen/",
        f"/bewoners/{jan.pk}/inzage/",
        f"/bewoners/{jan.pk}/wissen/",
        f"/bewoners/{jan.pk}/relaties/nieuw/",
        f"/bewoners/{e2e_personas.marie.pk}/relaties/nieuw/",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.locator("[id^=xss]").count() == 0, path
        assert page.evaluate("window.__xss") is None, path
    page.goto(f"{live_server.url}/bewoners/{jan.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("<img src=x id=xss")
    page.goto(f"{live_server.url}/bewoners/")
    page.get_by_label("Zoeken op naam, straat of postcode").fill("<img")
    expect(page.get_by_role("link", name=jan.name)).to_be_visible()
    assert page.locator("[id^=xss]").count() == 0
    assert dialogs == []


def test_searching_for_a_name_never_puts_it_in_the_address_bar(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    from buurtwerk.core.testing import ResidentFactory

    for number in range(30):
        ResidentFactory(name=f"Zoekbewoner {number:02d}", neighbourhood=e2e_personas.north)
    login(page, live_server.url, "fatima")
    page.goto(f"{live_server.url}/bewoners/")
    page.get_by_label("Zoeken op naam, straat of postcode").fill("Zoekbewoner")
    expect(page.get_by_text("30 bewoners")).to_be_visible()
    page.get_by_role("button", name="Volgende").click()
    expect(page.get_by_text("Pagina 2 van 2")).to_be_visible()
    expect(page.get_by_role("link", name="Zoekbewoner 29")).to_be_visible()
    assert "Zoekbewoner" not in page.url and "q=" not in page.url


def test_teamleider_gives_an_export_and_erases_a_resident(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    jan = e2e_personas.jan
    login(page, live_server.url, "ingrid")
    page.goto(f"{live_server.url}/bewoners/{jan.pk}/")
    page.get_by_role("link", name="Inzage maken").click()
    expect(page.get_by_role("heading", name="Inzage in de gegevens van Jan Smit")).to_be_visible()
    expect(page.get_by_text("Vertrouwelijk: rouwt")).to_be_visible()
    assert_accessible(page, "resident-export")
    page.goto(f"{live_server.url}/bewoners/{jan.pk}/wissen/")
    page.get_by_role("button", name="Gegevens definitief wissen").click()
    expect(page.get_by_role("alert")).to_contain_text("Vink aan dat u dit heeft gecontroleerd")
    assert_accessible(page, "resident-erase-error")
    page.get_by_label("De bewoner heeft gevraagd om wissen").check()
    page.get_by_role("button", name="Gegevens definitief wissen").click()
    expect(page.get_by_text("De gegevens van de bewoner zijn gewist")).to_be_visible()
    expect(page.get_by_role("link", name="Jan Smit")).to_have_count(0)
