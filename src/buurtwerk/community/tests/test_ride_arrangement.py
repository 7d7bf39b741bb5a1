"""Rides that arrange themselves: one step from "Meedoen", staff who drive once, repeating
rides that sign up too, cancellation mails, drivers without an account, clear reasons."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from buurtwerk.community import actions
from buurtwerk.community.models import DriverOffer, RideArrangement, RideRequest, SignUp
from buurtwerk.community.tests.factories import (
    ALL_SLOTS,
    first_occurrence,
    make_community,
    make_resident,
)

pytestmark = pytest.mark.django_db


def _lady(personas, name="Riek Bos", **extra):
    return make_resident(personas, name, 0.8, phone="0521-123456", **extra)


def test_one_step_from_meedoen_signs_up_and_arranges_a_repeating_ride(client, personas) -> None:
    community = make_community(personas)
    riek = _lady(personas)
    occurrences = list(community.coffee.occurrences.order_by("starts_at"))
    client.force_login(personas.fatima)
    page = client.get(f"/buurt/meedoen/{riek.pk}/").content.decode()
    assert "Aanmelden en rit regelen voor Koffieochtend" in page
    response = client.post(
        f"/buurt/meedoen/{riek.pk}/rit/{occurrences[0].pk}/", {"repeat": "on"}, follow=True
    )
    assert "de rit is geregeld: Henk Kuipers haalt Riek Bos op" in response.content.decode()
    rides = RideRequest.objects.filter(resident=riek, status=RideRequest.Status.CONFIRMED)
    assert rides.count() == len(occurrences)
    assert {ride.driver_offer_id for ride in rides} == {community.driver.pk}
    assert RideArrangement.objects.filter(resident=riek, active=True).count() == 1
    signed_up = SignUp.objects.filter(resident=riek, attendance=SignUp.Attendance.EXPECTED)
    assert {s.occurrence_id for s in signed_up} == {o.pk for o in occurrences}


def test_missing_consent_is_shown_up_front_and_nothing_is_saved(client, personas) -> None:
    community = make_community(personas)
    riek = _lady(personas, consent=False)
    occurrence = first_occurrence(community.coffee)
    client.force_login(personas.fatima)
    page = client.get(f"/buurt/meedoen/{riek.pk}/").content.decode()
    assert "Een rit regelen kan nog niet" in page and "toestemming" in page
    assert "Aanmelden en rit regelen" not in page
    with pytest.raises(ValidationError, match="toestemming"):
        actions.do_arrange_ride(riek, occurrence, personas.fatima)
    assert not SignUp.objects.filter(resident=riek).exists()
    assert not RideRequest.objects.filter(resident=riek).exists()


def test_the_real_reason_is_given_not_a_misleading_one(personas) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    no_consent = actions.do_request_ride(
        _lady(personas, consent=False), occurrence, personas.fatima
    )
    with pytest.raises(ValidationError) as refused:
        actions.do_confirm_ride(no_consent, personas.fatima, driver=community.driver)
    text = " ".join(refused.value.messages)
    assert "De bewoner die een rit nodig heeft heeft geen toestemming" in text
    assert "rijdt niet naar deze activiteit" not in text
    other = actions.do_create_activity(
        community.centre,
        {"title": "Eetcafé", "location_name": "Buurthuis", "starts_at": occurrence.starts_at},
        personas.fatima,
    )
    community.driver.activities.set([other])
    ride = actions.do_request_ride(_lady(personas, name="Truus"), occurrence, personas.fatima)
    with pytest.raises(ValidationError, match="alleen naar andere activiteiten"):
        actions.do_confirm_ride(ride, personas.fatima, driver=community.driver)


def test_a_ride_outside_the_drivers_area_is_refused_and_nothing_changes(personas) -> None:
    community = make_community(personas)
    far = make_resident(personas, "Verre Vera", 9.0)
    ride = actions.do_request_ride(far, first_occurrence(community.coffee), personas.fatima)
    with pytest.raises(ValidationError, match="de chauffeur wil maximaal"):
        actions.do_confirm_ride(ride, personas.fatima, driver=community.driver)
    ride.refresh_from_db()
    assert ride.status == RideRequest.Status.OPEN and ride.driver_offer is None


def test_staff_drive_a_single_ride_when_no_driver_can(client, personas) -> None:
    community = make_community(personas)
    far = make_resident(personas, "Verre Vera", 9.0)
    ride = actions.do_request_ride(far, first_occurrence(community.coffee), personas.fatima)
    client.force_login(personas.fatima)
    assert "Ik rijd deze rit zelf" in client.get(f"/buurt/ritten/{ride.pk}/").content.decode()
    client.post(f"/buurt/ritten/{ride.pk}/zelf-rijden/")
    ride.refresh_from_db()
    assert ride.status == RideRequest.Status.CONFIRMED and ride.staff_driver == personas.fatima
    assert ride.driver_offer is None and ride.arrangement is None
    client.force_login(personas.sanne)
    assert client.post(f"/buurt/ritten/{ride.pk}/zelf-rijden/").status_code in (403, 404)


def test_a_cancelled_date_cancels_its_rides_and_tells_the_driver(personas) -> None:
    community = make_community(personas)
    henk = community.henk_volunteer.resident
    henk.email = "henk@example.org"
    henk.save()
    occurrence = first_occurrence(community.coffee)
    ride = actions.do_request_ride(_lady(personas), occurrence, personas.fatima)
    actions.do_confirm_ride(ride, personas.fatima, driver=community.driver)
    mail.outbox.clear()
    actions.do_cancel_occurrence(occurrence, personas.fatima)
    ride.refresh_from_db()
    assert ride.status == RideRequest.Status.CANCELLED
    assert [message.to for message in mail.outbox] == [["henk@example.org"]]
    message = mail.outbox[0]
    assert message.subject == actions.RIDE_CANCELLED_SUBJECT
    assert "Koffieochtend" in message.body and "Riek" not in message.body


def test_a_driver_without_an_account_gets_the_ride_by_mail_without_names_in_the_subject(
    personas,
) -> None:
    community = make_community(personas)
    gerrit = make_resident(
        personas, "Gerrit Mulder", 0.6, email="gerrit@example.org",
        certificate_of_conduct_on=community.henk_volunteer.resident.certificate_of_conduct_on,
    )  # fmt: skip
    volunteer = actions.do_register_volunteer(
        gerrit, {"roles": ["driver"], "slots": ALL_SLOTS}, personas.fatima
    )
    driver = actions.do_offer_driving(volunteer, {"slots": ALL_SLOTS, "seats": 2}, personas.fatima)
    riek = _lady(personas)
    ride = actions.do_request_ride(riek, first_occurrence(community.coffee), personas.fatima)
    mail.outbox.clear()
    actions.do_confirm_ride(ride, personas.fatima, driver=driver)
    assert [message.to for message in mail.outbox] == [["gerrit@example.org"]]
    message = mail.outbox[0]
    assert message.subject == actions.RIDE_SUBJECT
    for personal in ("Riek", "Bos", riek.street, "Gerrit", "Koffie", "Noorderhof"):
        assert personal not in message.subject
    assert "Riek Bos" in message.body and riek.street in message.body
    assert "0521-123456" in message.body
    # Henk has an account: he sees his rides in the app, not by e-mail.
    mail.outbox.clear()
    other = actions.do_request_ride(
        _lady(personas, name="Truus Bakker"), first_occurrence(community.coffee), personas.fatima
    )
    actions.do_confirm_ride(other, personas.fatima, driver=community.driver)
    assert mail.outbox == []
    assert DriverOffer.objects.count() == 2
