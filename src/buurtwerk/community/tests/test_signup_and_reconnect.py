"""Residents signing themselves up on the public page, and reconnect suggestions."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from buurtwerk.audit.models import AuditEntry
from buurtwerk.community import actions, queries
from buurtwerk.community.models import ReconnectOutcome, Registration
from buurtwerk.community.tests.factories import first_occurrence, make_community, make_resident
from buurtwerk.core.hooks import _HANDLERS
from buurtwerk.people.models import Resident

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "offer",
    "category": "shopping",
    "message": "Ik doe graag boodschappen",
    "name": "Truus Testpersoon",
    "phone": "06-99998888",
    "consent": "on",
    "website": "",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_the_public_page_shows_activities_without_personal_data(client, personas) -> None:
    community = make_community(personas)
    actions.do_sign_up(first_occurrence(community.coffee), personas.jan, personas.fatima)
    page = client.get("/buurt/noorderhof/").content.decode()
    assert "Koffieochtend" in page and "om de week op dinsdag" in page.lower()
    for personal in ("Jan Smit", "Henk", "Annie", "rouwt", personas.jan.street):
        assert personal not in page


def test_a_sign_up_creates_a_pending_registration_and_shows_nothing_back(personas) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/buurt/noorderhof/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/buurt/noorderhof/", {**FORM, "csrfmiddlewaretoken": token}, follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Bedankt" in text and "Truus" not in text and "06-99998888" not in text
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING
    assert registration.consent_text == str(actions.CONSENT_TEXT)
    assert not Resident.objects.filter(name="Truus Testpersoon").exists()
    entry = AuditEntry.objects.filter(object_type="community.registration").latest("id")
    assert "Truus" not in entry.canonical_content()


def test_without_a_csrf_token_nothing_is_stored(personas) -> None:
    response = Client(enforce_csrf_checks=True).post("/buurt/noorderhof/", FORM)
    assert response.status_code == 403
    assert Registration.objects.count() == 0


def test_a_filled_honeypot_is_thanked_but_stored_nowhere(client, personas) -> None:
    response = client.post("/buurt/noorderhof/", {**FORM, "website": "http://spam.example"})
    assert response.status_code == 302 and response["Location"].endswith("/bedankt/")
    assert Registration.objects.count() == 0


def test_the_rate_limit_stops_a_flood_from_one_address(client, personas, settings) -> None:
    settings.BUURTWERK_RATE_LIMITS_ENABLED = True
    statuses = [client.post("/buurt/noorderhof/", FORM).status_code for _ in range(7)]
    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    assert Registration.objects.count() == 5


def test_missing_consent_or_contact_is_refused_in_dutch(client, personas) -> None:
    response = client.post("/buurt/noorderhof/", {**FORM, "consent": "", "phone": ""})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Zonder uw toestemming" in text and "telefoonnummer of e-mailadres" in text
    assert Registration.objects.count() == 0


def test_confirming_after_the_coffee_visit_creates_the_resident_with_consent(personas) -> None:
    registration = actions.do_submit_registration(personas.north, {**FORM, "consent": True})
    seen = []
    _HANDLERS["registration_confirmed"].append(lambda **kw: seen.append(kw["resident"]))
    try:
        resident = actions.do_confirm_registration(
            registration, {"postcode": "8302 AB", "birth_year": 1960}, personas.fatima
        )
    finally:
        _HANDLERS["registration_confirmed"].pop()
    assert resident.name == "Truus Testpersoon" and resident.has_matching_consent
    assert resident.consents.get().statement == registration.consent_text
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED and registration.phone == ""
    assert seen == [resident]
    with pytest.raises(ValidationError, match="al afgehandeld"):
        actions.do_confirm_registration(registration, {}, personas.fatima)


def test_only_buurtwerkers_of_the_neighbourhood_confirm(client, personas) -> None:
    registration = actions.do_submit_registration(personas.north, {**FORM, "consent": True})
    client.force_login(personas.karin)
    assert client.get(f"/buurt/aanmeldingen/{registration.pk}/").status_code == 404
    client.force_login(personas.henk)
    assert client.get("/buurt/aanmeldingen/").status_code == 403
    client.force_login(personas.fatima)
    response = client.post(
        f"/buurt/aanmeldingen/{registration.pk}/",
        {"coffee_visit": "on", "name": "Truus Testpersoon", "postcode": "8302 AB"},
    )
    assert response.status_code == 302
    assert Resident.objects.filter(name="Truus Testpersoon").exists()


def test_rejecting_wipes_the_personal_data(personas) -> None:
    registration = actions.do_submit_registration(personas.north, {**FORM, "consent": True})
    actions.do_reject_registration(registration, personas.fatima)
    registration.refresh_from_db()
    assert (registration.name, registration.phone, registration.message) == ("", "", "")


def test_reconnect_suggests_the_coffee_morning_with_a_ride_for_a_lonely_resident(personas) -> None:
    community = make_community(personas)
    lonely = make_resident(personas, "Alleen Ada", 1.5)
    actions.do_save_reconnect_profile(
        lonely,
        {"interests": ["company"], "slots": ["tue-morning"], "walking_km": 0.3,
         "travels_alone": True},
        personas.fatima,
    )  # fmt: skip
    assert lonely in queries.reconnect_candidates(personas.fatima)
    suggestions = queries.reconnect_suggestions(personas.fatima, lonely)
    assert [s.activity for s in suggestions] == [community.coffee]
    suggestion = suggestions[0].suggestion
    assert suggestion.needs_ride and suggestion.ride_available
    assert any("ophalen" in reason for reason in suggestion.reasons)


def test_reconnect_leaves_out_activities_at_other_moments(personas) -> None:
    make_community(personas)
    lonely = make_resident(personas, "Avond Anna", 0.1)
    actions.do_save_reconnect_profile(lonely, {"slots": ["fri-evening"]}, personas.fatima)
    assert queries.reconnect_suggestions(personas.fatima, lonely) == []


def test_recording_an_outcome_fires_the_hook_for_the_contact_log(personas) -> None:
    community = make_community(personas)
    seen = []
    _HANDLERS["reconnect_outcome"].append(lambda **kw: seen.append(kw["outcome"].outcome))
    try:
        actions.do_record_reconnect_outcome(
            personas.marie, community.coffee, ReconnectOutcome.Outcome.INTERESTED,
            personas.fatima, note="Wil eerst kijken",
        )  # fmt: skip
    finally:
        _HANDLERS["reconnect_outcome"].pop()
    assert seen == ["interested"]
    with pytest.raises(PermissionDenied):
        actions.do_record_reconnect_outcome(
            personas.piet, community.coffee, "attended", personas.fatima
        )


def test_the_reconnect_page_renders_for_the_buurtwerker(client, personas) -> None:
    make_community(personas)
    client.force_login(personas.fatima)
    assert client.get("/buurt/meedoen/").status_code == 200
    page = client.get(f"/buurt/meedoen/{personas.marie.pk}/")
    assert page.status_code == 200 and "Koffieochtend" in page.content.decode()
    client.force_login(personas.karin)
    assert client.get(f"/buurt/meedoen/{personas.marie.pk}/").status_code == 404
