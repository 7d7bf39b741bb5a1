"""The rota, what a volunteer sees, reminders, and rides matched by the engine and repeated."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from buurtwerk.community import actions, queries
from buurtwerk.community.models import Occurrence, RideArrangement, RideRequest, Shift
from buurtwerk.community.tests.factories import first_occurrence, make_community, make_resident
from buurtwerk.core.permissions import Action, scope
from buurtwerk.people.actions import do_withdraw_consent

pytestmark = pytest.mark.django_db


def _rota(community):
    occurrences = list(community.coffee.occurrences.order_by("starts_at"))
    for occurrence in occurrences:
        actions.do_assign_shift(
            occurrence, community.annie_volunteer, "host", community.personas.fatima
        )
    actions.do_assign_shift(
        occurrences[0], community.henk_volunteer, "driver", community.personas.fatima
    )
    return occurrences


def test_a_coordinator_fills_a_month_of_rota_and_sees_what_is_missing(personas) -> None:
    community = make_community(personas)
    occurrences = _rota(community)
    lines = {line.role: line for line in queries.rota(occurrences[0], personas.fatima)}
    assert lines["host"].missing == 1 and lines["driver"].missing == 0
    assert {line.role: line.missing for line in queries.rota(occurrences[1], personas.fatima)} == {
        "host": 1, "driver": 1,
    }  # fmt: skip


def test_shift_rules_certificate_role_availability_and_double_booking(personas) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    with pytest.raises(ValidationError, match="VOG"):
        actions.do_assign_shift(
            occurrence, community.annie_volunteer, "listening_ear", personas.fatima
        )
    with pytest.raises(ValidationError, match="rol niet"):
        actions.do_assign_shift(occurrence, community.annie_volunteer, "driver", personas.fatima)
    actions.do_update_volunteer(
        community.annie_volunteer, {"slots": ["thu-evening"]}, personas.fatima
    )
    with pytest.raises(ValidationError, match="dinsdagochtend"):
        actions.do_assign_shift(occurrence, community.annie_volunteer, "host", personas.fatima)
    actions.do_assign_shift(occurrence, community.henk_volunteer, "host", personas.fatima)
    with pytest.raises(ValidationError, match="al op het rooster"):
        actions.do_assign_shift(occurrence, community.henk_volunteer, "driver", personas.fatima)


def test_a_volunteer_sees_only_their_own_shifts(personas) -> None:
    community = make_community(personas)
    _rota(community)
    henk_shifts = scope(personas.henk, Shift.objects.all())
    assert henk_shifts.count() == 1
    assert {s.volunteer_id for s in henk_shifts} == {community.henk_volunteer.pk}
    assert list(queries.own_upcoming_shifts(personas.henk)) == list(henk_shifts)
    assert scope(personas.fatima, Shift.objects.all()).count() == Shift.objects.count()
    assert scope(personas.karin, Shift.objects.all()).count() == 0


def test_the_volunteer_page_shows_own_shifts_and_passengers_only(client, personas) -> None:
    community = make_community(personas)
    _rota(community)
    stranger = make_resident(personas, "Geheime Passagier", 0.4)
    ride = actions.do_request_ride(stranger, first_occurrence(community.coffee), personas.fatima)
    client.force_login(personas.henk)
    page = client.get("/buurt/mijn-diensten/").content.decode()
    assert "Chauffeur" in page and "Gastvrouw" not in page
    assert "Geheime Passagier" not in page  # not confirmed yet
    actions.do_confirm_ride(ride, personas.fatima, driver=community.driver)
    page = client.get("/buurt/mijn-diensten/").content.decode()
    # The address and phone only show around the ride: from the day before.
    assert "Geheime Passagier" in page and stranger.street not in page
    soon = timezone.now() + timedelta(hours=20)
    Occurrence.objects.filter(pk=ride.occurrence_id).update(
        starts_at=soon, ends_at=soon + timedelta(hours=2)
    )
    page = client.get("/buurt/mijn-diensten/").content.decode()
    assert stranger.street in page
    assert client.get(f"/buurt/keren/{first_occurrence(community.coffee).pk}/").status_code == 200
    assert client.get("/buurt/aanmeldingen/").status_code == 403


def test_a_volunteer_cannot_change_the_rota(personas) -> None:
    community = make_community(personas)
    with pytest.raises(PermissionDenied):
        actions.do_assign_shift(
            first_occurrence(community.coffee), community.henk_volunteer, "host", personas.henk
        )


def test_reminders_list_upcoming_shifts_and_mail_without_personal_data(personas, capsys) -> None:
    community = make_community(personas)
    _rota(community)
    community.annie_volunteer.resident.email = "annie@example.org"
    community.annie_volunteer.resident.save()
    first = first_occurrence(community.coffee)
    now = first.starts_at - timedelta(days=1)
    listed = actions.do_send_shift_reminders(now, days=2)
    assert {r.shift.occurrence_id for r in listed} == {first.pk} and len(listed) == 2
    sent = actions.do_send_shift_reminders(now, days=2, send=True)
    assert [r.address for r in sent] == ["annie@example.org"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == actions.REMINDER_SUBJECT
    for personal in ("Annie", "Henk", "Noorderhof", "Koffie"):
        assert personal not in message.subject
    assert "Koffieochtend" in message.body and "Annie" not in message.body
    assert actions.do_send_shift_reminders(now, days=2, send=True) == []
    call_command("remind", "--days", "400")
    out = capsys.readouterr().out
    assert "Koffieochtend" in out


def _rider(personas, name="Riek Bos", km=0.8, **extra):
    return make_resident(personas, name, km, **extra)


def test_the_engine_proposes_the_driver_within_reach_and_the_coordinator_confirms(personas) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    near = actions.do_request_ride(_rider(personas), occurrence, personas.fatima)
    far = actions.do_request_ride(_rider(personas, "Verre Vera", 9.0), occurrence, personas.fatima)
    proposed = actions.do_propose_rides(occurrence, personas.fatima)
    assert [r.pk for r in proposed] == [near.pk]
    near.refresh_from_db()
    far.refresh_from_db()
    assert near.status == RideRequest.Status.PROPOSED and near.driver_offer == community.driver
    assert any("vervoer" not in r for r in near.match_reasons) and near.pickup_km is not None
    assert far.status == RideRequest.Status.OPEN
    actions.do_confirm_ride(near, personas.fatima)
    near.refresh_from_db()
    assert near.status == RideRequest.Status.CONFIRMED and near.confirmed_by == personas.fatima


def test_hard_rules_apply_to_rides_consent_certificate_slot_and_seats(personas) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    no_consent = actions.do_request_ride(
        _rider(personas, "Zonder Toestemming", consent=False), occurrence, personas.fatima
    )
    with pytest.raises(ValidationError, match="toestemming"):
        actions.do_confirm_ride(no_consent, personas.fatima, driver=community.driver)
    community.henk_volunteer.resident.certificate_of_conduct_on = None
    community.henk_volunteer.resident.save()
    needs_vog = actions.do_request_ride(
        _rider(personas, "Met VOG"), occurrence, personas.fatima, requires_certificate=True
    )
    with pytest.raises(ValidationError, match="VOG"):
        actions.do_confirm_ride(needs_vog, personas.fatima, driver=community.driver)
    riders = [_rider(personas, f"Passagier {i}") for i in range(3)]
    requests = [actions.do_request_ride(r, occurrence, personas.fatima) for r in riders]
    proposed = actions.do_propose_rides(occurrence, personas.fatima)
    assert len(proposed) == community.driver.seats
    assert RideRequest.objects.filter(pk__in=[r.pk for r in requests], status="open").count() == 1


def test_a_recurring_arrangement_books_the_same_driver_for_the_next_dates(personas) -> None:
    community = make_community(personas)
    occurrences = list(community.coffee.occurrences.order_by("starts_at"))
    rider = _rider(personas)
    ride = actions.do_request_ride(rider, occurrences[0], personas.fatima, wants_repeat=True)
    actions.do_confirm_ride(ride, personas.fatima, driver=community.driver)
    arrangement = RideArrangement.objects.get(resident=rider)
    booked = RideRequest.objects.filter(resident=rider, status=RideRequest.Status.CONFIRMED)
    assert booked.count() == len(occurrences)
    assert {r.driver_offer_id for r in booked} == {community.driver.pk}
    assert (
        booked.exclude(pk=ride.pk).filter(arrangement=arrangement).count() == len(occurrences) - 1
    )
    actions.do_plan_occurrences(
        community.coffee, timezone.now() + timedelta(weeks=12), personas.fatima
    )
    assert booked.all().count() == community.coffee.occurrences.count()
    actions.do_stop_arrangement(arrangement, personas.fatima)
    assert RideRequest.objects.filter(resident=rider, status="confirmed").count() == 0


def test_a_full_week_leaves_the_repeated_ride_open_for_the_coordinator(personas) -> None:
    community = make_community(personas)
    community.driver.per_week = 1
    community.driver.seats = 1
    community.driver.save()
    occurrences = list(community.coffee.occurrences.order_by("starts_at"))
    other = actions.do_request_ride(_rider(personas, "Eerder"), occurrences[1], personas.fatima)
    actions.do_confirm_ride(other, personas.fatima, driver=community.driver)
    ride = actions.do_request_ride(
        _rider(personas), occurrences[0], personas.fatima, wants_repeat=True
    )
    actions.do_confirm_ride(ride, personas.fatima, driver=community.driver)
    repeated = RideRequest.objects.filter(resident=ride.resident, occurrence=occurrences[1]).get()
    assert repeated.status == RideRequest.Status.OPEN


def test_withdrawing_consent_stops_rides_still_being_matched(personas) -> None:
    community = make_community(personas)
    rider = _rider(personas)
    ride = actions.do_request_ride(rider, first_occurrence(community.coffee), personas.fatima)
    actions.do_propose_rides(first_occurrence(community.coffee), personas.fatima)
    do_withdraw_consent(rider, personas.fatima)
    ride.refresh_from_db()
    assert ride.status == RideRequest.Status.CANCELLED


def test_volunteers_see_confirmed_rides_they_drive_and_nothing_else(personas) -> None:
    community = make_community(personas)
    rider = _rider(personas)
    ride = actions.do_request_ride(rider, first_occurrence(community.coffee), personas.fatima)
    actions.do_propose_rides(first_occurrence(community.coffee), personas.fatima)
    assert scope(personas.henk, RideRequest.objects.all()).count() == 0
    actions.do_confirm_ride(ride, personas.fatima)
    assert list(scope(personas.henk, RideRequest.objects.all())) == [ride]
    annie = community.annie_volunteer.resident.user_account
    assert scope(annie, RideRequest.objects.all()).count() == 0
    assert scope(personas.karin, RideRequest.objects.all(), Action.VIEW).count() == 0


def test_ride_pages_show_suggestions_and_404_outside_reach(client, personas) -> None:
    community = make_community(personas)
    ride = actions.do_request_ride(
        _rider(personas), first_occurrence(community.coffee), personas.fatima
    )
    client.force_login(personas.fatima)
    page = client.get(f"/buurt/ritten/{ride.pk}/").content.decode()
    assert "Henk Kuipers" in page and "dinsdagochtend" in page
    response = client.post(f"/buurt/ritten/{ride.pk}/", {"driver": community.driver.pk})
    assert response.status_code == 302
    client.force_login(personas.karin)
    assert client.get(f"/buurt/ritten/{ride.pk}/").status_code == 404
