"""API filters: declared with django-filter, listed in the schema, and unknown ones refused."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from buurtwerk.casework.models import Case, Signal
from buurtwerk.casework.tests.factories import care_signal, case_for_jan
from buurtwerk.urls import api_router

pytestmark = pytest.mark.django_db

LIST_ENDPOINTS = sorted(
    f"/api/v1/{prefix}" for prefix, viewset, _basename in api_router.registry if viewset
)


@pytest.fixture
def api() -> APIClient:
    cache.clear()
    return APIClient()


def parameters_of(path: str) -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_an_unknown_query_parameter_answers_400_and_names_it(api, personas, path) -> None:
    reachable = [
        user for user in personas.by_role().values() if api_get(api, user, path).status_code == 200
    ]
    assert reachable, f"no role may list {path}"
    response = api_get(api, reachable[0], path + "?stauts=new")
    assert response.status_code == 400
    message = response.json()["stauts"][0]
    assert message.startswith("Onbekende zoekparameter 'stauts'. Deze lijst kent: ")


def api_get(api: APIClient, user, path: str):
    api.force_authenticate(user)
    return api.get(path)


def test_paging_and_format_are_always_allowed(api, personas) -> None:
    api.force_authenticate(personas.sanne)
    assert api.get("/api/v1/signals?limit=5&offset=0&format=json").status_code == 200


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/signals", "status"),
        ("/api/v1/cases", "closed"),
        ("/api/v1/residents", "q"),
        ("/api/v1/residents", "neighbourhood"),
        ("/api/v1/occurrences", "activity"),
        ("/api/v1/services", "search"),
    ],
)
def test_filters_are_in_the_openapi_schema(path, name) -> None:
    assert name in parameters_of(path)


def test_signals_filter_on_status_and_refuse_an_unknown_status(api, personas) -> None:
    signal = care_signal(personas)
    api.force_authenticate(personas.sanne)
    assert [row["id"] for row in api.get("/api/v1/signals?status=new").json()["results"]] == [
        signal.pk
    ]
    assert api.get("/api/v1/signals?status=closed").json()["results"] == []
    response = api.get("/api/v1/signals?status=dicht")
    assert response.status_code == 400 and "status" in response.json()
    assert Signal.objects.count() == 1


def test_closed_cases_are_listed_only_when_asked(api, personas) -> None:
    case = case_for_jan(personas)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    api.force_authenticate(personas.sanne)
    assert api.get("/api/v1/cases").json()["results"] == []
    assert api.get("/api/v1/cases?closed=false").json()["results"] == []
    listed = api.get("/api/v1/cases?closed=true").json()["results"]
    assert [row["id"] for row in listed] == [case.pk]


def test_residents_are_searched_by_name_and_neighbourhood(api, personas) -> None:
    api.force_authenticate(personas.fatima)
    names = {row["name"] for row in api.get("/api/v1/residents?q=smit").json()["results"]}
    assert names == {"Jan Smit"}
    north = api.get("/api/v1/residents?neighbourhood=noorderhof").json()["results"]
    assert {row["name"] for row in north} == {personas.jan.name, personas.marie.name}


def test_occurrences_filter_on_activity_and_refuse_a_word(api, personas) -> None:
    api.force_authenticate(personas.fatima)
    assert api.get("/api/v1/occurrences?activity=999999").json()["results"] == []
    assert api.get("/api/v1/occurrences?activity=koffie").status_code == 400


def test_the_social_map_refuses_unknown_parameters_too(api) -> None:
    response = api.get("/api/v1/services?zoek=schulden")
    assert response.status_code == 400 and "zoek" in response.json()


@pytest.mark.parametrize("value", ["-1.0931548637348087e+72", "99999999999999999999", "1.5", "x"])
def test_an_id_filter_that_no_column_can_hold_answers_400(personas, value) -> None:
    api = APIClient()
    api.force_authenticate(personas.fatima)
    assert api.get("/api/v1/occurrences", {"activity": value}).status_code == 400
