import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from buurtwerk.audit.models import AuditEntry
from buurtwerk.people.models import Relation, Resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_token_authentication_lists_only_residents_in_reach(api, personas) -> None:
    token = Token.objects.create(user=personas.fatima)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/residents")
    assert response.status_code == 200
    names = {row["name"] for row in response.json()["results"]}
    assert names == {"Jan Smit", "Marie Jansen"}


def test_reading_a_resident_via_the_api_is_audited(api, personas) -> None:
    api.force_authenticate(personas.fatima)
    response = api.get(f"/api/v1/residents/{personas.jan.pk}")
    assert response.status_code == 200 and response.json()["notes"] == "Vertrouwelijk: rouwt"
    assert AuditEntry.objects.filter(
        verb="view", object_id=str(personas.jan.pk), purpose="API: bewoner"
    ).exists()


def test_api_hides_restricted_fields_from_volunteers(api, personas) -> None:
    api.force_authenticate(personas.henk)
    data = api.get(f"/api/v1/residents/{personas.jan.pk}").json()
    assert data["name"] == "Jan Smit" and "notes" not in data and "birth_year" not in data


def test_volunteers_read_neither_coordinates_nor_matching_consent(api, personas) -> None:
    Resident.objects.filter(pk=personas.jan.pk).update(lat=52.71, lon=5.75)
    api.force_authenticate(personas.henk)
    one = api.get(f"/api/v1/residents/{personas.jan.pk}").json()
    listed = api.get("/api/v1/residents").json()["results"]
    assert [row["name"] for row in listed] == ["Jan Smit"]
    for data in (one, listed[0]):
        assert not {"lat", "lon", "has_matching_consent"} & set(data)
    api.force_authenticate(personas.fatima)
    data = api.get(f"/api/v1/residents/{personas.jan.pk}").json()
    assert data["lat"] == 52.71 and data["has_matching_consent"] is True


def test_other_teams_resident_is_404_in_the_api(api, personas) -> None:
    api.force_authenticate(personas.fatima)
    assert api.get(f"/api/v1/residents/{personas.piet.pk}").status_code == 404


def test_area_partner_gets_403_on_residents(api, personas) -> None:
    api.force_authenticate(personas.bakker)
    assert api.get("/api/v1/residents").status_code == 403


def test_creating_a_resident_via_the_api_validates_in_dutch(api, personas) -> None:
    api.force_authenticate(personas.fatima)
    response = api.post(
        "/api/v1/residents",
        {"name": "Els", "neighbourhood": "noorderhof", "postcode": "abc"},
        format="json",
    )
    assert response.status_code == 400 and "geen geldige postcode" in str(response.json())
    response = api.post(
        "/api/v1/residents",
        {
            "name": "Els Prins",
            "neighbourhood": "noorderhof",
            "postcode": "8302 AD",
            "matching_consent": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert Resident.objects.get(name="Els Prins").has_matching_consent


def test_update_with_if_match_refuses_a_stale_version(api, personas) -> None:
    api.force_authenticate(personas.fatima)
    url = f"/api/v1/residents/{personas.jan.pk}"
    assert api.patch(url, {"phone": "06-1"}, format="json", HTTP_IF_MATCH="1").status_code == 200
    response = api.patch(url, {"phone": "06-2"}, format="json", HTTP_IF_MATCH="1")
    assert response.status_code == 412


def test_relations_api_creates_within_reach_only(api, personas) -> None:
    api.force_authenticate(personas.fatima)
    ok = api.post(
        "/api/v1/relations",
        {"resident": personas.marie.pk, "contact_name": "Buurvrouw", "kind": "neighbour"},
        format="json",
    )
    assert ok.status_code == 201
    denied = api.post(
        "/api/v1/relations",
        {"resident": personas.piet.pk, "contact_name": "X", "kind": "friend"},
        format="json",
    )
    assert denied.status_code == 400 and "resident" in denied.json()
    assert not Relation.objects.filter(resident=personas.piet).exists()


def _add_relation_to(api, personas, other_resident: int):
    return api.post(
        "/api/v1/relations",
        {"resident": personas.jan.pk, "other_resident": other_resident, "kind": "friend"},
        format="json",
    )


@pytest.mark.parametrize("outside", ["piet", "kees"])
def test_relation_to_a_resident_out_of_reach_answers_as_an_unknown_id(
    api, personas, outside
) -> None:
    api.force_authenticate(personas.fatima)
    out_of_reach = _add_relation_to(api, personas, getattr(personas, outside).pk)
    unknown = _add_relation_to(api, personas, 987654)
    assert out_of_reach.status_code == unknown.status_code == 400
    assert out_of_reach.json() == unknown.json()
    assert "987654" not in str(unknown.json())
    assert not Relation.objects.filter(other_resident__name__in=["Piet Visser", "Kees de Boer"])
    denied_id = str(getattr(personas, outside).pk)
    assert AuditEntry.objects.filter(verb="denied", object_id=denied_id).exists()


def test_relation_action_refuses_a_resident_out_of_reach(personas) -> None:
    from django.core.exceptions import ValidationError

    from buurtwerk.people.actions import do_add_relation

    with pytest.raises(ValidationError) as refused:
        do_add_relation(
            personas.jan, {"other_resident": personas.kees, "kind": "friend"}, personas.fatima
        )
    assert "other_resident" in refused.value.message_dict


def test_openapi_schema_describes_the_resources(api, personas) -> None:
    api.force_authenticate(personas.fatima)
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/residents", "/api/v1/neighbourhoods", "/api/v1/relations"} <= set(paths)
