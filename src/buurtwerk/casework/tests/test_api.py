"""The casework API and the public Open311 intake."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from buurtwerk.audit.models import AuditEntry
from buurtwerk.casework.models import Signal

from .factories import care_signal, case_for_jan, liveability_signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    cache.clear()  # the Open311 throttle counts in the cache
    return APIClient()


def test_a_volunteer_reports_a_signal_through_the_api(api, personas) -> None:
    api.force_authenticate(personas.henk)
    response = api.post(
        "/api/v1/signals",
        {"category": "loneliness", "description": "Jan was er niet", "neighbourhood": "noorderhof",
         "resident": personas.jan.pk, "source": "walk_in"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201
    data = response.json()
    assert data["team"] == personas.team_north.name and data["status"] == "new"
    assert "notes" not in data and "history" not in data


@pytest.mark.parametrize("who", ["henk", "fatima"])
def test_nobody_files_a_signal_into_another_municipality(api, personas, who) -> None:
    api.force_authenticate(getattr(personas, who))
    elsewhere = api.post(
        "/api/v1/signals",
        {"category": "litter", "description": "Afval", "neighbourhood": "westerhaven"},
        format="json",
    )
    unknown = api.post(
        "/api/v1/signals",
        {"category": "litter", "description": "Afval", "neighbourhood": "nergenshuizen"},
        format="json",
    )
    assert elsewhere.status_code == unknown.status_code == 400
    assert elsewhere.json() == unknown.json()
    about_kees = api.post(
        "/api/v1/signals",
        {"category": "loneliness", "description": "Eenzaam", "neighbourhood": "noorderhof",
         "resident": personas.kees.pk},
        format="json",
    )  # fmt: skip
    assert about_kees.status_code == 400 and "resident" in about_kees.json()
    assert not Signal.objects.exists()


def test_the_action_refuses_a_neighbourhood_of_another_municipality(personas) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        liveability_signal(personas, reporter=personas.henk, neighbourhood=personas.elsewhere)
    assert "neighbourhood" in refused.value.message_dict and not Signal.objects.exists()


def test_a_reporter_cannot_follow_a_signal_in_another_municipality(api, personas) -> None:
    from buurtwerk.casework.models import SignalCategory

    # Filed before reporting was scoped: it stays out of the reporter's sight.
    signal = Signal.objects.create(
        category=SignalCategory.objects.get(code="litter"),
        route="liveability",
        description="Afval",
        neighbourhood=personas.elsewhere,
        team=personas.team_elsewhere,
        reporter=personas.henk,
    )
    api.force_authenticate(personas.henk)
    assert api.get(f"/api/v1/signals/{signal.pk}").status_code == 404
    assert api.get("/api/v1/signals").json()["results"] == []


def test_bad_api_input_gets_a_dutch_400_and_saves_nothing(api, personas) -> None:
    api.force_authenticate(personas.henk)
    response = api.post(
        "/api/v1/signals",
        {"category": "loneliness", "description": "x", "neighbourhood": "noorderhof",
         "resident": personas.marie.pk},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "Niet gevonden" in str(response.json()["resident"])
    assert not Signal.objects.exists()


def test_the_list_never_carries_care_content(api, personas) -> None:
    signal = care_signal(personas)
    api.force_authenticate(personas.sanne)
    rows = api.get("/api/v1/signals").json()["results"]
    assert [row["id"] for row in rows] == [signal.pk]
    assert "description" not in rows[0] and "notes" not in rows[0]


def test_detail_depends_on_who_asks_and_is_audited(api, personas) -> None:
    signal = care_signal(personas)
    api.force_authenticate(personas.sanne)
    team_view = api.get(f"/api/v1/signals/{signal.pk}").json()
    assert "notes" in team_view and team_view["history"][0]["to"] == "new"
    assert AuditEntry.objects.filter(
        verb="view", actor=personas.sanne, object_id=str(signal.pk), purpose="API: signaal"
    ).exists()
    api.force_authenticate(personas.henk)
    reporter_view = api.get(f"/api/v1/signals/{signal.pk}").json()
    assert "notes" not in reporter_view and reporter_view["picked_up"] is False
    api.force_authenticate(personas.bakker)
    assert api.get(f"/api/v1/signals/{signal.pk}").status_code == 404


def test_transition_through_the_api(api, personas) -> None:
    signal = care_signal(personas)
    api.force_authenticate(personas.sanne)
    url = f"/api/v1/signals/{signal.pk}/transition"
    response = api.post(url, {"status": "triaged"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "triaged"
    response = api.post(url, {"status": "new"}, format="json")
    assert response.status_code == 400 and "kan een signaal niet naar" in str(response.json())
    api.force_authenticate(personas.henk)
    assert api.post(url, {"status": "in_progress"}, format="json").status_code == 403


def test_cases_contacts_and_meetings_through_the_api(api, personas) -> None:
    case = case_for_jan(personas)
    api.force_authenticate(personas.fatima)
    assert [row["id"] for row in api.get("/api/v1/cases").json()["results"]] == [case.pk]
    assert api.get(f"/api/v1/cases/{case.pk}").json()["participants"][0]["role"] == "resident"
    response = api.post(
        "/api/v1/contacts",
        {"happened_on": "2026-01-05", "kind": "phone", "purpose": "community",
         "duration_minutes": 20, "residents": [personas.jan.pk]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["worker"] == "fatima"
    api.force_authenticate(personas.ingrid)
    response = api.post(
        "/api/v1/meetings",
        {"team": personas.team_north.pk, "starts_at": "2030-01-07T10:00:00+01:00"},
        format="json",
    )
    assert response.status_code == 201
    meeting_id = response.json()["id"]
    response = api.post(
        f"/api/v1/meetings/{meeting_id}/decisions",
        {"text": "Samen koffie", "action_description": "Bellen", "action_due_on": "2030-02-01"},
        format="json",
    )
    assert (
        response.status_code == 201 and response.json()["follow_ups"][0]["description"] == "Bellen"
    )
    assert api.get(f"/api/v1/meetings/{meeting_id}").status_code == 200
    api.force_authenticate(personas.bakker)
    assert api.get("/api/v1/cases").status_code == 403
    assert api.get(f"/api/v1/meetings/{meeting_id}").status_code == 404


def test_open311_lists_only_liveability_services(api, personas) -> None:
    services = api.get("/api/v1/open311/services").json()
    codes = {service["service_code"] for service in services}
    assert "litter" in codes and "loneliness" not in codes


def test_open311_accepts_an_anonymous_liveability_signal(api, personas) -> None:
    response = api.post(
        "/api/v1/open311/requests",
        {"service_code": "litter", "description": "Grofvuil bij de speeltuin",
         "neighbourhood": "noorderhof", "lat": "52.71", "long": "5.75"},
    )  # fmt: skip
    assert response.status_code == 201
    signal = Signal.objects.get(pk=response.json()[0]["service_request_id"])
    assert signal.team == personas.area_team and signal.reporter is None
    assert signal.source == "public" and not signal.about_person and signal.resident is None
    status = api.get(f"/api/v1/open311/requests/{signal.pk}").json()[0]
    assert status["status"] == "open" and "description" not in status


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"email": "a@b.nl"}, "persoonsgegevens"),
        ({"first_name": "Kees"}, "persoonsgegevens"),
        ({"description": "Bel mij op 0612345678"}, "telefoonnummer"),
        ({"description": "Mail naar kees@example.nl"}, "e-mailadres"),
        ({"description": "Jan Smit laat zijn afval liggen"}, "een naam (“Jan Smit”)"),
        ({"description": "Mevrouw Bakker heeft dementie en dwaalt"}, "iets over gezondheid"),
        ({"description": "Brief met BSN 123.456.782 op straat"}, "burgerservicenummer"),
        ({"address_string": "Bij meneer Visser, 06 1234 5678"}, "telefoonnummer"),
        ({"service_code": "loneliness"}, "kan niet online"),
        ({"neighbourhood": ""}, "Kies de buurt"),
        ({"lat": "abc", "long": "5"}, "getallen"),
        ({"lat": "52.1"}, "allebei"),
    ],
)
def test_open311_refuses_personal_data_and_care_and_bad_input(
    api, personas, fields, message
) -> None:
    data = {"service_code": "litter", "description": "Zwerfvuil", "neighbourhood": "noorderhof"}
    response = api.post("/api/v1/open311/requests", {**data, **fields})
    assert response.status_code == 400 and message in response.json()[0]["description"]
    assert not Signal.objects.exists()


def test_open311_is_rate_limited(api, personas, settings) -> None:
    settings.BUURTWERK_RATE_LIMITS_ENABLED = True
    settings.BUURTWERK_RATE_LIMITS = {**settings.BUURTWERK_RATE_LIMITS, "open311": "3/hour"}
    data = {"service_code": "litter", "description": "Zwerfvuil", "neighbourhood": "noorderhof"}
    codes = [api.post("/api/v1/open311/requests", data).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]


def test_open311_budget_cannot_be_renewed_with_made_up_forwarded_addresses(
    api, personas, settings
) -> None:
    settings.BUURTWERK_RATE_LIMITS_ENABLED = True
    settings.BUURTWERK_RATE_LIMITS = {**settings.BUURTWERK_RATE_LIMITS, "open311": "3/hour"}
    data = {"service_code": "litter", "description": "Zwerfvuil", "neighbourhood": "noorderhof"}
    codes = [
        api.post(
            "/api/v1/open311/requests", data, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(30)
    ]
    assert codes.count(201) == 3 and Signal.objects.count() == 3


def test_anonymous_callers_get_nothing_else(api, personas) -> None:
    liveability_signal(personas)
    for url in ("/api/v1/signals", "/api/v1/cases", "/api/v1/contacts", "/api/v1/meetings"):
        assert api.get(url).status_code in (401, 403)


@pytest.mark.parametrize("lat", [{"a": 1}, [52.7], True])
def test_open311_answers_400_when_the_place_is_not_a_number(client, lat) -> None:
    response = client.post(
        "/api/v1/open311/requests",
        data={"service_code": "x", "description": "Stoeptegel los", "lat": lat, "long": 6.9},
        content_type="application/json",
    )
    assert response.status_code == 400
