"""People as an attacker sees it: other teams' records by id, odd search input, odd codes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from buurtwerk.accounts.forms import normalise_code
from buurtwerk.core.tests.routes import route_paths
from buurtwerk.people.forms import LanguagesField
from buurtwerk.people.models import Relation

pytestmark = pytest.mark.django_db

# Every people page with a resident id; the test below fails when a new one is not listed.
RESIDENT_PAGES = {
    "resident_detail": ("get",),
    "resident_edit": ("get", "post"),
    "consent_give": ("get", "post"),
    "consent_withdraw": ("post",),
    "relation_add": ("get", "post"),
    "relation_remove": ("post",),
    "resident_export": ("get",),
    "resident_export_json": ("get",),
    "resident_erase": ("get", "post"),
}
RESIDENT_API = [
    ("get", "/api/v1/residents/{pk}"),
    ("put", "/api/v1/residents/{pk}"),
    ("patch", "/api/v1/residents/{pk}"),
    ("get", "/api/v1/residents/{pk}/export"),
    ("post", "/api/v1/residents/{pk}/erase"),
]


def test_every_people_page_with_an_id_is_in_the_idor_table() -> None:
    with_id = {
        pattern.name
        for path, pattern in route_paths()
        if path.startswith("/bewoners/1/") and pattern.name
    }
    assert with_id == set(RESIDENT_PAGES)


@pytest.mark.parametrize("name", sorted(RESIDENT_PAGES))
def test_another_teams_resident_is_not_found_on_any_page(client, personas, name) -> None:
    relation = Relation.objects.create(
        resident=personas.piet, contact_name="Huisarts", kind=Relation.Kind.FRIEND
    )
    args = [personas.piet.pk, relation.pk] if name == "relation_remove" else [personas.piet.pk]
    for user in (personas.fatima, personas.ingrid):
        client.force_login(user)
        for method in RESIDENT_PAGES[name]:
            response = getattr(client, method)(reverse(f"people:{name}", args=args))
            assert response.status_code == 404, (user.username, method, name)
    personas.piet.refresh_from_db()
    assert personas.piet.name == "Piet Visser" and personas.piet.erased_at is None
    assert Relation.objects.filter(pk=relation.pk).exists()


def test_removing_a_relation_of_another_team_through_own_resident_is_not_found(
    client, personas
) -> None:
    foreign = Relation.objects.create(
        resident=personas.piet, contact_name="Huisarts", kind=Relation.Kind.FRIEND
    )
    client.force_login(personas.fatima)
    url = reverse("people:relation_remove", args=[personas.jan.pk, foreign.pk])
    assert client.post(url).status_code == 404
    assert Relation.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize(("method", "template"), RESIDENT_API)
def test_another_teams_resident_is_not_found_in_the_api(personas, method, template) -> None:
    api = APIClient()
    api.force_authenticate(personas.ingrid)
    response = getattr(api, method)(
        template.format(pk=personas.piet.pk), {"name": "Gekaapt"}, format="json"
    )
    assert response.status_code == 404
    personas.piet.refresh_from_db()
    assert personas.piet.name == "Piet Visser"


def test_another_teams_relation_is_not_found_in_the_api(personas) -> None:
    foreign = Relation.objects.create(
        resident=personas.piet, contact_name="Huisarts", kind=Relation.Kind.FRIEND
    )
    api = APIClient()
    api.force_authenticate(personas.fatima)
    assert api.get(f"/api/v1/relations/{foreign.pk}").status_code == 404
    assert api.delete(f"/api/v1/relations/{foreign.pk}").status_code == 404
    assert Relation.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("pk", ["0", "-1", "abc", "1e3", "99999999999999999999"])
def test_odd_ids_in_the_api_are_not_found(personas, pk) -> None:
    api = APIClient()
    api.force_authenticate(personas.fatima)
    assert api.get(f"/api/v1/residents/{pk}").status_code == 404


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=300))
def test_any_search_text_gives_a_page_never_an_error(client, personas, query) -> None:
    # A NUL character is refused for every request with a Dutch 400 before any view runs.
    expected = 400 if "\x00" in query else 200
    client.force_login(personas.fatima)
    page = client.get(reverse("people:resident_list"), {"q": query})
    assert page.status_code == expected
    api = APIClient()
    api.force_authenticate(personas.fatima)
    assert api.get("/api/v1/residents", {"q": query}).status_code == expected
    assert "Piet Visser" not in page.content.decode()


@given(st.text(max_size=40))
def test_a_two_factor_code_is_six_digits_or_refused(value: str) -> None:
    from django import forms

    try:
        code = normalise_code(value)
    except forms.ValidationError:
        return
    assert len(code) == 6 and code.isdigit() and code.isascii()
    assert code == "".join(value.split())


@given(st.text(max_size=200))
def test_languages_are_read_as_a_clean_list(value: str) -> None:
    codes = LanguagesField(required=False).to_python(value)
    assert all(code == code.strip().lower() and code for code in codes)
    assert all("," not in code and ";" not in code for code in codes)
