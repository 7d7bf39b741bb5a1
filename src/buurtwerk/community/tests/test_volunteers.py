"""The volunteer list of an initiative, a volunteer's page, a break and stopping."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from buurtwerk.audit.models import AuditEntry
from buurtwerk.community import actions, queries
from buurtwerk.community.models import RideRequest, Shift, Volunteer
from buurtwerk.community.tests.factories import (
    ALL_SLOTS,
    first_occurrence,
    make_community,
    make_resident,
)

pytestmark = pytest.mark.django_db


def _many_volunteers(community, n):
    residents = [make_resident(community.personas, f"Vrijwilliger {i:03d}") for i in range(n)]
    for resident in residents:
        actions.do_register_volunteer(
            resident,
            {"roles": ["host"], "slots": ALL_SLOTS},
            community.personas.fatima,
            initiatives=[community.centre],
        )


def test_the_list_pages_through_300_volunteers_in_few_queries(
    client, personas, django_assert_max_num_queries
) -> None:
    community = make_community(personas)
    _many_volunteers(community, 300)
    client.force_login(personas.fatima)
    url = f"/buurt/initiatieven/{community.centre.pk}/vrijwilligers/"
    client.get(url)
    with django_assert_max_num_queries(20):
        page = client.get(url + "?pagina=13").content.decode()
    assert "302 vrijwilligers" in page and "Pagina 13 van 13" in page
    assert "Vrijwilliger 299" in page and "Vrijwilliger 000" not in page


def test_search_and_filter_answer_with_only_the_rows_for_htmx(client, personas) -> None:
    community = make_community(personas)
    client.force_login(personas.fatima)
    url = f"/buurt/initiatieven/{community.centre.pk}/vrijwilligers/"
    rows = client.get(url, {"rol": "driver"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Henk Kuipers" in rows and "Annie Dijkstra" not in rows and "<html" not in rows
    rows = client.get(url, {"zoek": "annie"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Annie Dijkstra" in rows and "Henk Kuipers" not in rows
    rows = client.get(url, {"vog": "missing"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Annie Dijkstra" in rows and "Henk Kuipers" not in rows


def test_the_list_shows_certificate_expiry_last_shift_and_phone_for_coordinators_only(
    client, personas
) -> None:
    community = make_community(personas)
    henk = community.henk_volunteer.resident
    henk.phone = "06-11112222"
    henk.save()
    occurrence = first_occurrence(community.coffee)
    actions.do_assign_shift(occurrence, community.henk_volunteer, "host", personas.fatima)
    past = timezone.now() - timedelta(days=3)
    occurrence.__class__.objects.filter(pk=occurrence.pk).update(
        starts_at=past, ends_at=past + timedelta(hours=2)
    )
    url = f"/buurt/initiatieven/{community.centre.pk}/vrijwilligers/"
    client.force_login(personas.fatima)
    page = client.get(url).content.decode()
    expires = community.henk_volunteer.certificate_expires_on
    assert expires.year == timezone.localdate().year + 3
    assert f"geldig tot {date_format(expires)}" in page
    assert date_format(timezone.localtime(past), "SHORT_DATE_FORMAT") in page
    assert "06-11112222" in page
    client.force_login(personas.sanne)
    page = client.get(url).content.decode()
    assert "Henk Kuipers" in page and "06-11112222" not in page


def test_a_coordinator_edits_a_volunteer_and_the_change_is_in_the_audit_log(
    client, personas
) -> None:
    community = make_community(personas)
    client.force_login(personas.fatima)
    annie = community.annie_volunteer
    response = client.post(
        f"/buurt/vrijwilligers/{annie.pk}/wijzigen/",
        {"roles": ["host", "cook"], "slots": ["wed-evening"], "skills": ["meals"]},
    )
    assert response.status_code == 302
    annie.refresh_from_db()
    assert annie.slots == ["wed-evening"] and annie.skills == ["meals"]
    entry = AuditEntry.objects.filter(purpose="vrijwilliger wijzigen").last()
    assert entry is not None and "slots" in entry.fields
    response = client.post(f"/buurt/vrijwilligers/{annie.pk}/wijzigen/", {"slots": ["x"]})
    assert response.status_code == 200 and "Kies minstens één rol" in response.content.decode()
    annie.refresh_from_db()
    assert annie.slots == ["wed-evening"]


def test_a_break_frees_the_shifts_in_it_and_refuses_a_date_in_the_past(personas) -> None:
    community = make_community(personas)
    occurrences = list(community.coffee.occurrences.order_by("starts_at"))
    for occurrence in occurrences[:2]:
        actions.do_assign_shift(occurrence, community.annie_volunteer, "host", personas.fatima)
    with pytest.raises(ValidationError, match="vanaf vandaag"):
        actions.do_pause_volunteer(
            community.annie_volunteer, timezone.localdate() - timedelta(days=1), personas.fatima
        )
    assert Shift.objects.filter(volunteer=community.annie_volunteer).count() == 2
    until = timezone.localtime(occurrences[0].starts_at).date()
    assert actions.do_pause_volunteer(community.annie_volunteer, until, personas.fatima) == 1
    assert community.annie_volunteer.status == "paused"
    with pytest.raises(ValidationError, match="pauze tot en met"):
        actions.do_assign_shift(occurrences[0], community.annie_volunteer, "host", personas.fatima)
    actions.do_resume_volunteer(community.annie_volunteer, personas.fatima)
    assert community.annie_volunteer.status == "active"


def test_a_volunteer_who_stops_leaves_gaps_and_their_rides_go_back_to_the_coordinator(
    personas,
) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    actions.do_assign_shift(occurrence, community.henk_volunteer, "host", personas.fatima)
    jan = personas.jan
    jan.lat, jan.lon = community.henk_volunteer.resident.lat, community.henk_volunteer.resident.lon
    jan.save()
    ride = actions.do_request_ride(jan, occurrence, personas.fatima)
    actions.do_confirm_ride(ride, personas.fatima, driver=community.driver)
    assert actions.do_end_volunteer(community.henk_volunteer, personas.fatima) == 1
    ride.refresh_from_db()
    assert ride.status == RideRequest.Status.OPEN and ride.driver_offer is None
    community.driver.refresh_from_db()
    assert not community.driver.active
    assert Volunteer.objects.get(pk=community.henk_volunteer.pk).status == "ended"
    with pytest.raises(ValidationError, match="al gestopt"):
        actions.do_end_volunteer(community.henk_volunteer, personas.fatima)


def test_the_volunteer_page_shows_own_shifts_and_is_closed_to_others(client, personas) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    actions.do_assign_shift(occurrence, community.henk_volunteer, "host", personas.fatima)
    client.force_login(personas.henk)
    page = client.get(f"/buurt/vrijwilligers/{community.henk_volunteer.pk}/").content.decode()
    assert "Koffieochtend" in page and "Gastvrouw of gastheer" in page
    assert "Vrijwilliger stopt" not in page
    assert client.get(f"/buurt/vrijwilligers/{community.annie_volunteer.pk}/").status_code == 404
    client.force_login(personas.karin)
    assert client.get(f"/buurt/vrijwilligers/{community.henk_volunteer.pk}/").status_code == 404


def test_volunteers_of_filters_by_status(personas) -> None:
    community = make_community(personas)
    actions.do_pause_volunteer(
        community.annie_volunteer, timezone.localdate() + timedelta(days=7), personas.fatima
    )
    wanted = queries.VolunteerFilter(status="paused")
    assert list(queries.volunteers_of(community.centre, personas.fatima, wanted)) == [
        community.annie_volunteer
    ]
