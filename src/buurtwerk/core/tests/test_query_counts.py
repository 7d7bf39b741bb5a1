"""The main pages run a fixed number of queries, however many residents there are (no N+1).

Each page is measured with a few and with many residents, relations and audit entries; the
counts must be equal and stay under a ceiling. Passes on SQLite and PostgreSQL alike.
"""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from buurtwerk.core.testing import Personas

from .factories import audit_entries, relations_around, residents_with_networks

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30


def _query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _grow_residents(personas: Personas, count: int) -> None:
    residents_with_networks(personas.north, count, volunteer=personas.henk)


def _grow_network_of_jan(personas: Personas, count: int) -> None:
    relations_around(personas.jan, residents_with_networks(personas.north, count))


def _grow_audit_log(personas: Personas, count: int) -> None:
    audit_entries(personas.fatima, residents_with_networks(personas.north, count))


# page, who looks, URL, how the data grows, query ceiling (the PostgreSQL count, which adds
# the audit chain's advisory lock to pages that write an audit entry)
PAGES: list[tuple[str, str, Callable[[Personas], str], Callable[[Personas, int], None], int]] = [
    ("dashboard", "fatima", lambda p: "/", _grow_residents, 18),
    ("resident list", "fatima", lambda p: "/bewoners/", _grow_residents, 7),
    ("resident search", "fatima", lambda p: "/bewoners/?q=bewoner", _grow_residents, 7),
    ("volunteer list", "henk", lambda p: "/bewoners/", _grow_residents, 6),
    ("resident detail", "fatima", lambda p: f"/bewoners/{p.jan.pk}/", _grow_network_of_jan, 18),
    ("audit log", "beheer", lambda p: "/audit/", _grow_audit_log, 5),
    ("API residents", "fatima", lambda p: "/api/v1/residents", _grow_residents, 6),
    ("API relations", "fatima", lambda p: "/api/v1/relations", _grow_residents, 5),
]


@pytest.mark.parametrize(
    ("who", "url", "grow", "ceiling"),
    [page[1:] for page in PAGES],
    ids=[page[0] for page in PAGES],
)
def test_the_number_of_queries_does_not_grow_with_the_data(
    personas, who, url, grow, ceiling, django_assert_max_num_queries
) -> None:
    client = APIClient()
    client.force_login(getattr(personas, who))
    address = url(personas)
    grow(personas, FEW)
    client.get(address)  # first request: session and one-off lookups
    with_few = _query_count(client, address)

    grow(personas, MANY - FEW)
    with django_assert_max_num_queries(ceiling):
        response = client.get(address)
    assert response.status_code == 200
    with_many = _query_count(client, address)

    assert with_many == with_few


def test_api_lists_are_paged_and_a_client_cannot_ask_for_everything(personas) -> None:
    from buurtwerk.people.models import Resident

    Resident.objects.bulk_create(
        Resident(name=f"Bewoner {number}", neighbourhood=personas.north) for number in range(210)
    )
    client = APIClient()
    client.force_authenticate(personas.fatima)
    default_page = client.get("/api/v1/residents").json()
    assert len(default_page["results"]) == 50
    assert default_page["count"] == 212
    greedy = client.get("/api/v1/residents", {"limit": 100_000}).json()
    assert len(greedy["results"]) == 200
    assert "offset=200" in greedy["next"]
