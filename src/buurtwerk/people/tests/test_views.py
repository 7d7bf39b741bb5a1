import pytest
from django.urls import reverse

from buurtwerk.audit.models import AuditEntry
from buurtwerk.people.models import Resident

pytestmark = pytest.mark.django_db


def _detail(resident: Resident) -> str:
    return reverse("people:resident_detail", args=[resident.pk])


def test_buurtwerker_sees_only_residents_of_her_team_area(client, personas) -> None:
    client.force_login(personas.fatima)
    response = client.get(reverse("people:resident_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Jan Smit" in content and "Marie Jansen" in content
    assert "Piet Visser" not in content


def test_resident_list_filters_by_search_and_neighbourhood(client, personas) -> None:
    client.force_login(personas.fatima)
    response = client.get(reverse("people:resident_list"), {"q": "marie"})
    assert (
        "Marie Jansen" in response.content.decode() and "Jan Smit" not in response.content.decode()
    )
    response = client.get(
        reverse("people:resident_list"), {"buurt": personas.north.pk}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in response.content.decode() and "Jan Smit" in response.content.decode()


def test_opening_a_resident_is_written_to_the_audit_log(client, personas) -> None:
    client.force_login(personas.sanne)
    response = client.get(_detail(personas.jan))
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(verb="view", object_id=str(personas.jan.pk)).get()
    assert entry.actor == personas.sanne and entry.purpose == "bewonerspagina bekijken"


def test_resident_of_another_team_is_not_found_and_the_attempt_logged(client, personas) -> None:
    client.force_login(personas.fatima)
    response = client.get(_detail(personas.piet))
    assert response.status_code == 404
    assert AuditEntry.objects.filter(
        verb="denied", actor=personas.fatima, object_id=str(personas.piet.pk)
    ).exists()


def test_volunteer_sees_introduced_resident_but_never_the_notes(client, personas) -> None:
    client.force_login(personas.henk)
    response = client.get(_detail(personas.jan))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Jan Smit" in content and "06-12345678" in content
    assert "Vertrouwelijk" not in content and "Geboortejaar" not in content
    assert client.get(_detail(personas.marie)).status_code == 404


def test_professional_sees_the_notes(client, personas) -> None:
    client.force_login(personas.fatima)
    assert "Vertrouwelijk: rouwt" in client.get(_detail(personas.jan)).content.decode()


@pytest.mark.parametrize("persona", ["bakker", "beheer"])
def test_area_partner_and_administrator_have_no_access_to_residents(
    client, personas, persona
) -> None:
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("people:resident_list")).status_code == 403
    assert client.get(_detail(personas.jan)).status_code == 404


def test_creating_a_resident_with_a_bad_postcode_shows_a_dutch_message_and_saves_nothing(
    client, personas
) -> None:
    client.force_login(personas.fatima)
    before = Resident.objects.count()
    response = client.post(
        reverse("people:resident_create"),
        {
            "name": "Kees Bakker",
            "neighbourhood": personas.north.pk,
            "postcode": "12 AB",
            "lawful_basis": "6.1.e",
        },
    )
    assert response.status_code == 200
    assert "geen geldige postcode" in response.content.decode()
    assert "Er is niets opgeslagen" in response.content.decode()
    assert Resident.objects.count() == before


def test_creating_a_resident_through_the_form(client, personas) -> None:
    client.force_login(personas.fatima)
    response = client.post(
        reverse("people:resident_create"),
        {
            "name": "Kees Bakker",
            "neighbourhood": personas.north.pk,
            "postcode": "8302 xx",
            "languages": "nl, fy",
            "lawful_basis": "6.1.e",
            "special_category_exception": "9.2.h",
            "matching_consent": "on",
        },
    )
    kees = Resident.objects.get(name="Kees Bakker")
    assert response.status_code == 302 and response.url == _detail(kees)
    assert kees.languages == ["fy", "nl"] and kees.has_matching_consent


def test_neighbourhood_of_another_team_cannot_be_chosen(client, personas) -> None:
    client.force_login(personas.fatima)
    response = client.post(
        reverse("people:resident_create"),
        {"name": "Kees Bakker", "neighbourhood": personas.south.pk, "lawful_basis": "6.1.e"},
    )
    assert response.status_code == 200 and not Resident.objects.filter(name="Kees Bakker").exists()


def test_editing_with_a_stale_version_warns_and_keeps_the_other_change(client, personas) -> None:
    client.force_login(personas.fatima)
    url = reverse("people:resident_edit", args=[personas.jan.pk])
    form = {
        "name": "Jan Smit",
        "neighbourhood": personas.north.pk,
        "postcode": "8302 AB",
        "version": 1,
    }
    assert client.post(url, {**form, "phone": "06-10000000"}).status_code == 302
    response = client.post(url, {**form, "phone": "06-20000000"})
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    personas.jan.refresh_from_db()
    assert personas.jan.phone == "06-10000000"


def test_consent_can_be_withdrawn_from_the_resident_page(client, personas) -> None:
    client.force_login(personas.fatima)
    response = client.post(reverse("people:consent_withdraw", args=[personas.jan.pk]))
    assert response.status_code == 302
    assert not Resident.objects.get(pk=personas.jan.pk).has_matching_consent


def test_volunteer_cannot_withdraw_consent(client, personas) -> None:
    client.force_login(personas.henk)
    response = client.post(reverse("people:consent_withdraw", args=[personas.jan.pk]))
    assert response.status_code == 404
    assert Resident.objects.get(pk=personas.jan.pk).has_matching_consent


def test_relation_can_be_added_and_removed(client, personas) -> None:
    client.force_login(personas.fatima)
    url = reverse("people:relation_add", args=[personas.marie.pk])
    response = client.post(
        url, {"kind": "neighbour", "closeness": 2, "other_resident": personas.jan.pk}
    )
    assert response.status_code == 302
    relation = personas.marie.relations.get()
    remove = reverse("people:relation_remove", args=[personas.marie.pk, relation.pk])
    assert client.post(remove).status_code == 302
    assert not personas.marie.relations.exists()


def test_anonymous_visitor_is_sent_to_the_login_page(client, personas) -> None:
    response = client.get(reverse("people:resident_list"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_dashboard_flags_residents_with_a_small_network(client, personas) -> None:
    client.force_login(personas.fatima)
    content = client.get(reverse("core:dashboard")).content.decode()
    assert "Klein netwerk" in content and "Marie Jansen" in content


def test_neighbourhoods_of_another_municipality_stay_out_of_sight(client, personas) -> None:
    from buurtwerk.core.testing import DistrictFactory, MunicipalityFactory, NeighbourhoodFactory
    from buurtwerk.people.queries import neighbourhoods_visible_to

    elsewhere = DistrictFactory(municipality=MunicipalityFactory(name="Andere gemeente"))
    NeighbourhoodFactory(district=elsewhere, name="Verre buurt")
    names = set(neighbourhoods_visible_to(personas.fatima).values_list("name", flat=True))
    assert names == {"Noorderhof", "Zuiderhof"}
    assert "Verre buurt" in set(
        neighbourhoods_visible_to(personas.beheer).values_list("name", flat=True)
    )
