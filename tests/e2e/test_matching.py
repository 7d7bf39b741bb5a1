"""A buurtwerker finds a helper for a need and starts the introduction; every page accessible."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from buurtwerk.core.testing import Personas, ResidentFactory
from buurtwerk.matching.models import Match, Need, Offer

from .conftest import assert_accessible, login, main_menu


def test_buurtwerker_opens_a_need_and_starts_an_introduction(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    helper = ResidentFactory(name="Gerrit Hovenier", neighbourhood=e2e_personas.north, consent=True)
    Offer.objects.create(
        resident=helper,
        category="garden",
        description="Was veertig jaar hovenier en snoeit graag een heg.",
        availability=["tue-morning", "thu-afternoon"],
        per_week=1,
        max_distance_km=2.0,
    )
    need = Need.objects.create(
        resident=e2e_personas.jan,
        category="garden",
        description="De heg groeit over het pad.",
        availability=["tue-morning"],
        urgency=2,
    )
    login(page, live_server.url, "fatima")
    main_menu(page).get_by_role("link", name="Hulpvragen").click()
    assert_accessible(page, "matching-need-list")
    page.get_by_role("link", name="Jan Smit").click()
    expect(page.get_by_role("heading", name="Jan Smit zoekt hulp: tuin")).to_be_visible()
    suggestion = page.locator(".suggestion", has_text="Gerrit Hovenier")
    expect(suggestion.get_by_text("woont in dezelfde buurt")).to_be_visible()
    expect(suggestion.get_by_text("beiden dinsdagochtend")).to_be_visible()
    assert_accessible(page, "matching-need-detail")

    suggestion.get_by_role("button", name="Start kennismaking met Gerrit Hovenier").click()
    expect(
        page.get_by_role("heading", name="Koppeling Jan Smit en Gerrit Hovenier")
    ).to_be_visible()
    expect(page.get_by_text("De kennismaking is gestart.")).to_be_visible()
    assert_accessible(page, "matching-match-detail")
    match = Match.objects.get(need=need)
    assert match.state == Match.State.CONTACTED

    # The next step forward is unfolded already.
    page.get_by_label("Toelichting").first.fill("Koffie gedronken, klikte meteen.")
    page.get_by_role("button", name="Kennismaking was er").click()
    expect(page.get_by_text("Koffie gedronken, klikte meteen.")).to_be_visible()
    match.refresh_from_db()
    assert match.state == Match.State.INTRODUCED

    main_menu(page).get_by_role("link", name="Te volgen koppelingen").click()
    assert_accessible(page, "matching-follow-up")


def test_offer_form_with_the_week_grid_is_accessible(
    page: Page, live_server, e2e_personas: Personas
) -> None:
    login(page, live_server.url, "fatima")
    page.goto(f"{live_server.url}/koppelen/bewoner/{e2e_personas.jan.pk}/")
    assert_accessible(page, "matching-resident-overview")
    page.get_by_role("link", name="Aanbod toevoegen").click()
    page.get_by_label("Waarmee wil de bewoner helpen?").select_option("transport")
    page.get_by_label("Omschrijving").fill("Rijdt toch al naar het buurthuis.")
    page.get_by_label("dinsdagochtend").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het aanbod is opgeslagen.")).to_be_visible()
    assert Offer.objects.get(resident=e2e_personas.jan).availability == ["tue-morning"]
    page.get_by_role("link", name="Aanbod toevoegen").click()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Kies minstens één dagdeel.").first).to_be_visible()
    assert_accessible(page, "matching-offer-form-errors")
    page.goto(f"{live_server.url}/koppelen/importeren/")
    assert_accessible(page, "matching-import")
