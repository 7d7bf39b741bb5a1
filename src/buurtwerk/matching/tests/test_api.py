"""The matching API: CRUD through the actions, suggestions, transitions, and the schema."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from buurtwerk.audit.models import AuditEntry
from buurtwerk.matching.models import Match, Need, Offer
from buurtwerk.matching.tests.factories import NeedFactory, OfferFactory, helper_in, match_between

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def need(personas) -> Need:
    return NeedFactory(resident=personas.jan)


@pytest.fixture
def offer(personas) -> Offer:
    return OfferFactory(resident=helper_in(personas.north, name="Gerrit Hovenier"))


def test_creating_a_need_uses_the_actions_and_the_vog_default(api, personas):
    api.force_authenticate(personas.fatima)
    response = api.post(
        "/api/v1/needs",
        {
            "resident": personas.jan.pk,
            "category": "digital",
            "description": "Hulp met DigiD",
            "availability": ["mon-morning"],
            "urgency": 3,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["requires_certificate"] is True
    assert AuditEntry.objects.filter(object_type="matching.need", verb="create").exists()


def test_an_unknown_slot_is_a_400(api, personas):
    api.force_authenticate(personas.fatima)
    response = api.post(
        "/api/v1/offers",
        {
            "resident": personas.jan.pk,
            "category": "garden",
            "description": "Tuin",
            "availability": ["someday"],
        },
        format="json",
    )
    assert response.status_code == 400 and "availability" in response.json()


def test_offers_for_residents_out_of_reach_answer_as_unknown_ones(api, personas):
    api.force_authenticate(personas.fatima)
    response = api.post(
        "/api/v1/offers",
        {
            "resident": personas.piet.pk,
            "category": "garden",
            "description": "Tuin",
            "availability": ["mon-morning"],
        },
        format="json",
    )
    unknown = api.post(
        "/api/v1/offers",
        {"resident": 987654, "category": "garden", "availability": ["mon-morning"]},
        format="json",
    )
    assert response.status_code == unknown.status_code == 400
    assert response.json()["resident"] == unknown.json()["resident"]
    assert not Offer.objects.exists()


def test_updating_an_offer(api, personas, offer):
    api.force_authenticate(personas.fatima)
    response = api.patch(
        f"/api/v1/offers/{offer.pk}", {"per_week": 3}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200 and response.json()["per_week"] == 3
    assert response["ETag"] == '"2"' and response.json()["version"] == 2


def test_suggestions_for_a_need_carry_dutch_reasons(api, personas, need, offer):
    api.force_authenticate(personas.fatima)
    response = api.get(f"/api/v1/needs/{need.pk}/suggestions")
    assert response.status_code == 200
    [suggestion] = response.json()
    assert suggestion["offer"] == offer.pk and suggestion["resident_name"] == "Gerrit Hovenier"
    assert "woont in dezelfde buurt" in suggestion["reasons"]
    assert suggestion["match"] is None


def test_volunteers_may_not_ask_for_suggestions(api, personas, need):
    personas.henk.resident = need.resident
    personas.henk.save()
    api.force_authenticate(personas.henk)
    assert api.get(f"/api/v1/needs/{need.pk}/suggestions").status_code in (403, 404)


def test_a_match_is_created_then_moved_along_the_workflow(api, personas, need, offer):
    api.force_authenticate(personas.fatima)
    created = api.post("/api/v1/matches", {"need": need.pk, "offer": offer.pk}, format="json")
    assert created.status_code == 201 and created.json()["state"] == "suggested"
    url = f"/api/v1/matches/{created.json()['id']}/transition"
    moved = api.post(url, {"to": "contacted", "note": "Gebeld"}, format="json")
    assert moved.status_code == 200 and moved.json()["state"] == "contacted"
    refused = api.post(url, {"to": "ended"}, format="json")
    assert refused.status_code == 400 and "kan niet naar" in str(refused.json())
    assert Match.objects.get().events.count() == 2


def test_a_transition_needs_the_right_to_change(api, personas, need, offer):
    match = match_between(need, offer)
    api.force_authenticate(personas.bakker)
    response = api.post(f"/api/v1/matches/{match.pk}/transition", {"to": "contacted"})
    assert response.status_code == 403
    match.refresh_from_db()
    assert match.state == Match.State.SUGGESTED


def test_volunteer_sees_their_match_without_score_or_reasons(api, personas, need, offer):
    personas.henk.resident = offer.resident
    personas.henk.save()
    match_between(need, offer, Match.State.ACTIVE)
    match_between(NeedFactory(resident=personas.marie), offer, Match.State.SUGGESTED)
    api.force_authenticate(personas.henk)
    [row] = api.get("/api/v1/matches").json()["results"]
    assert row["state"] == "active" and "reasons" not in row and "score" not in row


def test_the_openapi_schema_documents_matching_without_warnings(api, personas, tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    api.force_authenticate(personas.fatima)
    paths = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    expected = {
        "/api/v1/offers",
        "/api/v1/needs",
        "/api/v1/needs/{id}/suggestions",
        "/api/v1/matches",
        "/api/v1/matches/{id}/transition",
    }
    assert expected <= set(paths["paths"])
