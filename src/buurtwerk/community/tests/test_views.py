"""The coordinator's pages render, plan a month and refuse those outside the neighbourhood."""

import pytest

from buurtwerk.community import actions
from buurtwerk.community.models import Activity, Shift
from buurtwerk.community.tests.factories import first_occurrence, make_community, next_weekday_at
from buurtwerk.people.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_initiative_page_shows_the_chart_with_a_text_alternative(client, personas) -> None:
    community = make_community(personas)
    actions.do_log_support(community.centre, {"hours": 3}, personas.fatima)
    client.force_login(personas.fatima)
    page = client.get(f"/buurt/initiatieven/{community.centre.pk}/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page
    assert 'role="img"' in page and "<desc" in page
    assert "<table>" in page and "style=" not in page and "<script>" not in page
    client.force_login(personas.karin)
    assert client.get(f"/buurt/initiatieven/{community.centre.pk}/").status_code == 404


def test_a_coordinator_creates_a_monthly_walk_in_in_words(client, personas) -> None:
    community = make_community(personas)
    police = Organisation.objects.create(
        name="Politie", kind="police", municipality=personas.north.district.municipality
    )
    client.force_login(personas.fatima)
    start = next_weekday_at(2, 14)
    response = client.post(
        f"/buurt/initiatieven/{community.centre.pk}/activiteit/",
        {"title": "Inloop", "kind": "walk_in", "location_name": "Buurthuis",
         "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": 120,
         "repeat": "monthly", "week_of_month": 1, "hosts": 1, "listening_ears": 0, "cooks": 0,
         "drivers": 0, "partners": [police.pk], "is_public": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    walk_in = Activity.objects.get(title="Inloop")
    assert walk_in.rrule == "FREQ=MONTHLY;BYDAY=1WE" and list(walk_in.partners.all()) == [police]


def test_the_occurrence_page_plans_the_rota(client, personas) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    client.force_login(personas.fatima)
    assert client.get(f"/buurt/keren/{occurrence.pk}/").status_code == 200
    client.post(
        f"/buurt/keren/{occurrence.pk}/rooster/",
        {"volunteer": community.annie_volunteer.pk, "role": "host"},
    )
    assert Shift.objects.filter(occurrence=occurrence).count() == 1
    page = client.get(f"/buurt/keren/{occurrence.pk}/").content.decode()
    assert "Annie Dijkstra" in page and "nog 1 nodig" in page
    assert client.get("/buurt/").status_code == 200
    client.force_login(personas.karin)
    assert client.get(f"/buurt/keren/{occurrence.pk}/").status_code == 404


def test_only_professionals_read_what_the_buurtwerker_does_for_an_initiative(client, personas):
    community = make_community(personas)
    support = "Coacht het bestuur bij ruzie over geld."
    actions.do_update_initiative(
        community.centre, {"support_description": support}, personas.fatima
    )
    url = f"/buurt/initiatieven/{community.centre.pk}/"
    for user in (personas.fatima, personas.ingrid, personas.sanne):
        client.force_login(user)
        assert support in client.get(url).content.decode()
    for user in (personas.bakker, personas.henk):
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200
        assert support not in page.content.decode()
        assert "Wat de buurtwerker doet" not in page.content.decode()


def test_a_coordinator_adds_a_volunteer_who_also_drives(client, personas) -> None:
    from buurtwerk.community.models import DriverOffer, Volunteer

    community = make_community(personas)
    client.force_login(personas.fatima)
    url = f"/buurt/initiatieven/{community.centre.pk}/vrijwilliger/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "resident": personas.marie.pk,
            "skills": ["company", "meals"],
            "roles": ["host", "driver"],
            "slots": ["tue-morning", "thu-afternoon"],
            "drives": "on",
            "seats": 3,
            "max_pickup_km": 2.5,
        },
    )
    assert response.status_code == 302
    volunteer = Volunteer.objects.get(resident=personas.marie)
    assert (
        volunteer.skills == ["company", "meals"] and community.centre in volunteer.initiatives.all()
    )
    driver = DriverOffer.objects.get(volunteer=volunteer)
    assert driver.seats == 3 and driver.max_pickup_km == 2.5 and driver.slots == volunteer.slots


def test_a_volunteer_without_a_role_or_moment_is_refused_and_nothing_is_saved(
    client, personas
) -> None:
    from buurtwerk.community.models import Volunteer

    community = make_community(personas)
    client.force_login(personas.fatima)
    url = f"/buurt/initiatieven/{community.centre.pk}/vrijwilliger/"
    response = client.post(url, {"resident": personas.marie.pk, "seats": 1, "max_pickup_km": 3})
    content = response.content.decode()
    assert response.status_code == 200 and "Kies minstens één rol." in content
    assert "Kies minstens één moment." in content
    assert not Volunteer.objects.filter(resident=personas.marie).exists()


def test_residents_outside_reach_cannot_become_volunteers_here(client, personas) -> None:
    from buurtwerk.community.models import Volunteer

    community = make_community(personas)
    client.force_login(personas.fatima)
    url = f"/buurt/initiatieven/{community.centre.pk}/vrijwilliger/"
    response = client.post(
        url,
        {
            "resident": personas.piet.pk,
            "roles": ["host"],
            "slots": ["mon-morning"],
            "seats": 1,
            "max_pickup_km": 3,
        },
    )
    assert (
        response.status_code == 200
        and not Volunteer.objects.filter(resident=personas.piet).exists()
    )
    client.force_login(personas.henk)
    assert client.get(url).status_code == 404
