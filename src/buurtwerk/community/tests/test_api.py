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
