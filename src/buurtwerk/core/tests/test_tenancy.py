"""One installation, several municipalities: nothing of one municipality reaches another's users.

The personas work for Testgemeente. Anderstad has its own team, worker, administrator and
residents; each test looks from one side and must not see the other, in pages and API alike.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from buurtwerk.accounts.models import User
from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditEntry, AuditVerb
from buurtwerk.core.permissions import Role
from buurtwerk.core.testing import (
    DistrictFactory,
    MunicipalityFactory,
    NeighbourhoodFactory,
    Personas,
    ResidentFactory,
    TeamFactory,
    UserFactory,
)
from buurtwerk.people.models import Neighbourhood, Relation, Resident, Team

pytestmark = pytest.mark.django_db


@dataclass
class OtherMunicipality:
    neighbourhood: Neighbourhood
    team: Team
    bram: User  # buurtwerker in Anderstad
    admin: User  # administrator of Anderstad only
    greet: Resident  # Anderstad, searchable name shared with a Testgemeente resident
    relation: Relation


@pytest.fixture
def anderstad(personas: Personas) -> OtherMunicipality:
    municipality = MunicipalityFactory(name="Anderstad")
    district = DistrictFactory(municipality=municipality, name="Anderwijk")
    neighbourhood = NeighbourhoodFactory(district=district, code="anderbuurt", name="Anderbuurt")
    team = TeamFactory(name="Wijkteam Anderstad", municipality=municipality)
    team.neighbourhoods.set([neighbourhood])
    greet = ResidentFactory(name="Greet Smit", neighbourhood=neighbourhood, consent=True)
    neighbour = ResidentFactory(name="Kees Anders", neighbourhood=neighbourhood)
    relation = Relation.objects.create(
        resident=greet, other_resident=neighbour, kind=Relation.Kind.NEIGHBOUR
    )
    return OtherMunicipality(
        neighbourhood=neighbourhood,
        team=team,
        bram=UserFactory(username="bram", teams=[team]),
        admin=UserFactory(username="beheer-anderstad", role=Role.ADMIN, teams=[team]),
        greet=greet,
        relation=relation,
    )


def _api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_resident_list_and_search_stay_within_the_municipality(
    client, personas, anderstad
) -> None:
    client.force_login(personas.fatima)
    page = client.get(reverse("people:resident_list"), {"q": "smit"}).content.decode()
    assert "Jan Smit" in page and "Greet Smit" not in page

    client.force_login(anderstad.bram)
    page = client.get(reverse("people:resident_list"), {"q": "smit"}).content.decode()
    assert "Greet Smit" in page and "Jan Smit" not in page


def test_a_resident_of_another_municipality_is_not_found(client, personas, anderstad) -> None:
    client.force_login(personas.ingrid)
    detail = reverse("people:resident_detail", args=[anderstad.greet.pk])
    assert client.get(detail).status_code == 404
    assert AuditEntry.objects.filter(
        verb=AuditVerb.DENIED, actor=personas.ingrid, object_id=str(anderstad.greet.pk)
    ).exists()


def test_the_dashboard_counts_only_the_own_municipality(client, personas, anderstad) -> None:
    client.force_login(anderstad.bram)
    panels = client.get(reverse("core:dashboard")).context["panels"]
    counted = {panel.title: panel.context for panel in panels}["Bewoners"]["count"]
    assert counted == 2


def test_the_api_lists_only_the_own_municipality(personas, anderstad) -> None:
    api = _api(personas.fatima)
    residents = {row["name"] for row in api.get("/api/v1/residents").json()["results"]}
    assert residents == {"Jan Smit", "Marie Jansen"}
    codes = {row["code"] for row in api.get("/api/v1/neighbourhoods").json()["results"]}
    assert "anderbuurt" not in codes and "noorderhof" in codes
    relation_ids = {row["id"] for row in api.get("/api/v1/relations").json()["results"]}
    assert anderstad.relation.pk not in relation_ids
    assert api.get(f"/api/v1/residents/{anderstad.greet.pk}").status_code == 404
    assert api.get(f"/api/v1/neighbourhoods/{anderstad.neighbourhood.pk}").status_code == 404
    assert api.get(f"/api/v1/relations/{anderstad.relation.pk}").status_code == 404


def test_the_api_refuses_changes_to_another_municipalitys_resident(personas, anderstad) -> None:
    response = _api(personas.fatima).patch(
        f"/api/v1/residents/{anderstad.greet.pk}",
        {"phone": "06-11111111"},
        format="json",
        HTTP_IF_MATCH=str(anderstad.greet.version),
    )
    assert response.status_code == 404
    anderstad.greet.refresh_from_db()
    assert anderstad.greet.phone != "06-11111111"


def test_a_team_linked_to_another_municipalitys_neighbourhood_opens_nothing_there(
    client, personas, anderstad
) -> None:
    # An administrator's mistake: team North gets Anderstad's neighbourhood as well.
    personas.team_north.neighbourhoods.add(anderstad.neighbourhood)
    client.force_login(personas.fatima)
    page = client.get(reverse("people:resident_list")).content.decode()
    assert "Greet Smit" not in page and "Jan Smit" in page
    detail = reverse("people:resident_detail", args=[anderstad.greet.pk])
    assert client.get(detail).status_code == 404


def test_a_municipality_administrator_reads_only_the_own_audit_log(
    client, personas, anderstad
) -> None:
    record(personas.fatima, AuditVerb.VIEW, personas.jan, purpose="testgemeente")
    record(anderstad.bram, AuditVerb.VIEW, anderstad.greet, purpose="anderstad")
    record(None, AuditVerb.ERASE, None, purpose="bewaartermijnen toegepast")

    client.force_login(anderstad.admin)
    page = client.get(reverse("audit:entry_list")).content.decode()
    assert "anderstad" in page and "testgemeente" not in page
    assert "bewaartermijnen" not in page

    client.force_login(personas.beheer)  # administrator of the whole installation
    page = client.get(reverse("audit:entry_list")).content.decode()
    assert "anderstad" in page and "testgemeente" in page and "bewaartermijnen" in page


def test_an_administrator_of_one_municipality_sees_only_its_reference_data(
    personas, anderstad
) -> None:
    api = _api(anderstad.admin)
    codes = {row["code"] for row in api.get("/api/v1/neighbourhoods").json()["results"]}
    assert codes == {"anderbuurt"}
