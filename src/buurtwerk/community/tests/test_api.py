"""The community API: scoped lists, writes through actions, rides matched and confirmed."""

import pytest
from rest_framework.test import APIClient

from buurtwerk.community.models import RideRequest
from buurtwerk.community.tests.factories import (
    first_occurrence,
    make_community,
    make_resident,
    next_weekday_at,
)

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_initiatives_and_activities_are_listed_within_the_users_neighbourhoods(personas) -> None:
    community = make_community(personas)
    fatima = _client(personas.fatima)
    assert [i["name"] for i in fatima.get("/api/v1/initiatives").json()["results"]] == [
        community.centre.name
    ]
    activity = fatima.get(f"/api/v1/activities/{community.coffee.pk}").json()
    assert activity["rrule"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert activity["recurrence_text"] == "om de week op dinsdag"
    dates = fatima.get(f"/api/v1/activities/{community.coffee.pk}/occurrences").json()
    assert dates["count"] == community.coffee.occurrences.count()
    karin = _client(personas.karin)
    assert karin.get("/api/v1/initiatives").json()["results"] == []
    assert karin.get(f"/api/v1/activities/{community.coffee.pk}").status_code == 404


def test_activities_are_created_through_the_api_with_validation(personas) -> None:
    community = make_community(personas)
    fatima = _client(personas.fatima)
    payload = {
        "initiative": community.centre.pk,
        "title": "Eetclub",
        "location_name": "Buurthuis",
        "starts_at": next_weekday_at(3, 17, 30).isoformat(),
        "rrule": "FREQ=WEEKLY;BYDAY=TH",
        "themes": ["meals", "company"],
        "roles_needed": {"cook": 2},
    }
    created = fatima.post("/api/v1/activities", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["recurrence_text"] == "elke week op donderdag"
    bad = fatima.post("/api/v1/activities", {**payload, "rrule": "FREQ=SECONDLY"}, format="json")
    assert bad.status_code == 400 and "rrule" in bad.json()
    assert (
        _client(personas.henk).post("/api/v1/activities", payload, format="json").status_code == 403
    )


def test_sign_ups_and_rides_through_the_api(personas) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    rider = make_resident(personas, "Api Rijder", 0.6)
    fatima = _client(personas.fatima)
    signup = fatima.post(
        "/api/v1/signups", {"occurrence": occurrence.pk, "resident": rider.pk}, format="json"
    )
    assert signup.status_code == 201, signup.content
    ride = fatima.post(
        "/api/v1/rides",
        {"occurrence": occurrence.pk, "resident": rider.pk, "wants_repeat": True},
        format="json",
    )
    assert ride.status_code == 201, ride.content
    confirmed = fatima.post(
        f"/api/v1/rides/{ride.json()['id']}/confirm",
        {"driver_offer": community.driver.pk},
        format="json",
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["arrangement"]
    assert RideRequest.objects.filter(resident=rider, status="confirmed").count() > 1
    henk_rides = _client(personas.henk).get("/api/v1/rides").json()["results"]
    assert {r["resident"] for r in henk_rides} == {rider.pk}
    karin = _client(personas.karin)
    assert karin.get(f"/api/v1/rides/{ride.json()['id']}").status_code == 404
    out_of_reach = karin.post(
        "/api/v1/signups", {"occurrence": occurrence.pk, "resident": personas.jan.pk}, format="json"
    )
    unknown = karin.post(
        "/api/v1/signups", {"occurrence": occurrence.pk, "resident": 987654}, format="json"
    )
    assert out_of_reach.status_code == unknown.status_code == 400
    assert out_of_reach.json()["resident"] == unknown.json()["resident"]


def test_the_api_leaves_what_the_buurtwerker_does_out_for_partners_and_volunteers(personas):
    from buurtwerk.community import actions

    community = make_community(personas)
    support = "Coacht het bestuur bij ruzie over geld."
    actions.do_update_initiative(
        community.centre, {"support_description": support}, personas.fatima
    )
    url = f"/api/v1/initiatives/{community.centre.pk}"
    assert _client(personas.fatima).get(url).json()["support_description"] == support
    for user in (personas.bakker, personas.henk):
        listed = _client(user).get("/api/v1/initiatives").json()["results"]
        assert [initiative["name"] for initiative in listed] == [community.centre.name]
        assert "support_description" not in listed[0]
        assert "support_description" not in _client(user).get(url).json()


def test_volunteers_are_listed_filtered_and_their_phone_only_for_coordinators(personas) -> None:
    community = make_community(personas)
    henk = community.henk_volunteer.resident
    henk.phone = "06-99990000"
    henk.save()
    fatima = _client(personas.fatima)
    listed = fatima.get(
        "/api/v1/volunteers", {"initiative": community.centre.pk, "role": "driver"}
    ).json()
    assert [v["name"] for v in listed["results"]] == ["Henk Kuipers"]
    assert listed["results"][0]["phone"] == "06-99990000"
    sanne = _client(personas.sanne).get(f"/api/v1/volunteers/{community.henk_volunteer.pk}")
    assert sanne.status_code == 200 and sanne.json()["phone"] is None
    own = _client(personas.henk).get("/api/v1/volunteers").json()["results"]
    assert [v["id"] for v in own] == [community.henk_volunteer.pk]
    assert _client(personas.karin).get("/api/v1/volunteers").json()["results"] == []


def test_volunteers_are_added_paused_and_ended_through_the_actions(personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    community = make_community(personas)
    fatima = _client(personas.fatima)
    resident = make_resident(personas, "Nieuwe Vrijwilliger")
    created = fatima.post(
        "/api/v1/volunteers",
        {"resident": resident.pk, "initiative": community.centre.pk, "roles": ["host"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    bad = fatima.patch(f"/api/v1/volunteers/{pk}", {"roles": ["astronaut"]}, format="json")
    assert bad.status_code == 400 and "roles" in bad.json()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    refused = fatima.post(f"/api/v1/volunteers/{pk}/pause", {"paused_until": yesterday})
    assert refused.status_code == 400
    assert fatima.post(f"/api/v1/volunteers/{pk}/end").json()["status"] == "ended"
    henk = _client(personas.henk)
    assert henk.post(f"/api/v1/volunteers/{community.henk_volunteer.pk}/end").status_code == 403


def test_shifts_are_planned_handed_back_and_swapped_with_the_same_rules(personas) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    fatima = _client(personas.fatima)
    payload = {
        "occurrence": occurrence.pk,
        "volunteer": community.annie_volunteer.pk,
        "role": "listening_ear",
    }
    refused = fatima.post("/api/v1/shifts", payload, format="json")
    assert refused.status_code == 400 and "VOG" in str(refused.json())
    henk_shift = fatima.post(
        "/api/v1/shifts", {**payload, "volunteer": community.henk_volunteer.pk, "role": "host"}
    ).json()
    henk = _client(personas.henk)
    assert [s["id"] for s in henk.get("/api/v1/shifts").json()["results"]] == [henk_shift["id"]]
    assert henk.post("/api/v1/shifts", payload, format="json").status_code == 403
    swapped = henk.post(
        f"/api/v1/shifts/{henk_shift['id']}/swap", {"volunteer": community.annie_volunteer.pk}
    )
    assert (
        swapped.status_code == 200 and swapped.json()["volunteer"] == community.annie_volunteer.pk
    )
    assert henk.post(f"/api/v1/shifts/{henk_shift['id']}/give-back").status_code == 404


def test_staff_drive_a_ride_through_the_api_and_the_schema_lists_the_new_endpoints(
    personas,
) -> None:
    community = make_community(personas)
    far = make_resident(personas, "Verre Vera", 9.0)
    fatima = _client(personas.fatima)
    ride = fatima.post(
        "/api/v1/rides", {"resident": far.pk, "occurrence": first_occurrence(community.coffee).pk}
    ).json()
    driven = fatima.post(f"/api/v1/rides/{ride['id']}/drive-myself").json()
    assert driven["status"] == "confirmed" and driven["staff_driver"] == personas.fatima.pk
    schema = fatima.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = set(schema.json()["paths"])
    assert {
        "/api/v1/volunteers",
        "/api/v1/volunteers/{id}/pause",
        "/api/v1/shifts",
        "/api/v1/shifts/{id}/give-back",
        "/api/v1/shifts/{id}/swap",
        "/api/v1/rides/{id}/drive-myself",
    } <= paths
