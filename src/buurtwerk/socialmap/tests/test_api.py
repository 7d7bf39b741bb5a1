import json
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from buurtwerk.socialmap.actions import do_import_hsds
from buurtwerk.socialmap.hsds.reader import read_json_data

from .factories import load_testdorp, service

pytestmark = pytest.mark.django_db

PAGE_KEYS = {
    "total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
    "contents",
}  # fmt: skip


@pytest.fixture
def api() -> APIClient:
    load_testdorp()
    return APIClient()


def test_service_list_is_an_hsds_page_readable_without_login(api) -> None:
    response = api.get("/api/v1/services", {"per_page": 2})
    body = response.json()
    assert response.status_code == 200 and set(body) == PAGE_KEYS
    assert body["total_items"] == 4 and body["total_pages"] == 2 and body["size"] == 2
    first = body["contents"][0]
    assert {"id", "name", "status", "organization", "phones", "schedules"} <= set(first)


def test_anonymous_readers_get_no_contact_persons(api, personas) -> None:
    public = api.get("/api/v1/services/svc-schuld").json()
    assert "contacts" not in public and public["phones"][0]["number"] == "0527 200 200"
    api.force_authenticate(personas.henk)
    assert api.get("/api/v1/services/svc-schuld").json()["contacts"][0]["name"] == "Anna de Vries"


def test_search_parameter_ranks_services_for_a_question(api) -> None:
    body = api.get("/api/v1/services", {"search": "schulden en aanmaningen"}).json()
    assert body["contents"][0]["id"] == "svc-schuld"


def test_services_cannot_be_written_through_the_api(api, personas) -> None:
    api.force_authenticate(personas.fatima)
    assert api.post("/api/v1/services", {"id": "x", "name": "x"}, format="json").status_code == 405
    assert api.delete("/api/v1/services/svc-schuld").status_code == 405


def test_unknown_service_is_not_found(api) -> None:
    assert api.get("/api/v1/services/svc-bestaat-niet").status_code == 404


def _service_with_names() -> dict[str, Any]:
    record = service("svc-namen", "Maatjesproject", "Een maatje voor wie er alleen voor staat.")
    record["assurer_email"] = "controleur.jansen@welzijn.example"
    address = record["service_at_locations"][0]["location"]["addresses"][0]
    address["attention"] = "T.a.v. mevrouw Bakker"
    record["metadata"] = [
        {
            "id": "meta-namen",
            "resource_id": "svc-namen",
            "resource_type": "service",
            "last_action_date": "2026-03-01",
            "last_action_type": "update",
            "field_name": "description",
            "previous_value": "Oude tekst van Pieter",
            "replacement_value": "Nieuwe tekst",
            "updated_by": "pieter.devries@welzijn.example",
        }
    ]
    return record


def test_anonymous_readers_get_no_assurer_attention_line_or_who_changed_what(personas) -> None:
    do_import_hsds(read_json_data([_service_with_names()]), None)
    api = APIClient()
    names = ("controleur.jansen", "mevrouw Bakker", "Pieter", "pieter.devries")
    public_views = (
        json.dumps(api.get("/api/v1/services/svc-namen").json()),
        json.dumps(api.get("/api/v1/services").json()),
        Client().get("/sociale-kaart/openbaar/svc-namen/").content.decode(),
    )
    for view in public_views:
        assert "Maatjesproject" in view
        assert not [name for name in names if name in view]
    [change] = api.get("/api/v1/services/svc-namen").json()["metadata"]
    assert change["last_action_date"] == "2026-03-01" and change["field_name"] == "description"
    assert change["updated_by"] == change["previous_value"] == change["replacement_value"] == ""
    api.force_authenticate(personas.fatima)
    internal = api.get("/api/v1/services/svc-namen").json()
    assert internal["assurer_email"] == "controleur.jansen@welzijn.example"
    assert internal["metadata"][0]["updated_by"] == "pieter.devries@welzijn.example"


def test_search_takes_a_few_queries_however_many_services_answer(
    api, django_assert_max_num_queries
) -> None:
    many = [
        service(f"svc-schuld-{number}", f"Schuldhulp {number}", "Hulp bij schulden en aanmaningen.")
        for number in range(60)
    ]
    do_import_hsds(read_json_data(many), None)
    api.get("/api/v1/services", {"search": "schulden"})
    with django_assert_max_num_queries(5):
        body = api.get("/api/v1/services", {"search": "schulden", "per_page": 50}).json()
    assert body["total_items"] > 50 and body["size"] == 50
    assert all("contacts" not in found for found in body["contents"])
