"""Initiatives, activities and their planned dates, sign-ups, attendance and the iCal feed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from icalendar import Calendar

from buurtwerk.audit.models import AuditEntry
from buurtwerk.community import actions
from buurtwerk.community.engine.recurrence import TIMEZONE, monthly_rule
from buurtwerk.community.ical import activity_uid
from buurtwerk.community.models import Activity, Occurrence, SignUp
from buurtwerk.community.queries import self_reliance
from buurtwerk.community.tests.factories import (
    first_occurrence,
    make_community,
    next_weekday_at,
)
from buurtwerk.people.models import Organisation

pytestmark = pytest.mark.django_db


def test_a_fortnightly_activity_gets_its_dates_planned_for_the_coming_weeks(personas) -> None:
    community = make_community(personas)
    starts = list(community.coffee.occurrences.values_list("starts_at", flat=True))
    assert len(starts) == 4
    local = [s.astimezone(TIMEZONE) for s in starts]
    assert {(s.weekday(), s.hour) for s in local} == {(1, 10)}
    assert {(b.date() - a.date()).days for a, b in zip(local, local[1:], strict=False)} == {14}


def test_planning_further_ahead_adds_only_new_dates(personas) -> None:
    community = make_community(personas)
    before = community.coffee.occurrences.count()
    actions.do_plan_occurrences(
        community.coffee, timezone.now() + timedelta(weeks=12), personas.fatima
    )
    actions.do_plan_occurrences(
        community.coffee, timezone.now() + timedelta(weeks=12), personas.fatima
    )
    assert community.coffee.occurrences.count() == before + 2


def test_the_first_date_is_moved_onto_the_rule_so_the_feed_and_agenda_agree(personas) -> None:
    community = make_community(personas)
    monday = next_weekday_at(0, 14)
    walk_in = actions.do_create_activity(
        community.centre,
        {"title": "Inloop", "location_name": "Buurthuis", "starts_at": monday,
         "rrule": monthly_rule(2, 1), "kind": Activity.Kind.WALK_IN},
        personas.fatima,
    )  # fmt: skip
    first = walk_in.starts_at.astimezone(TIMEZONE)
    assert first.weekday() == 2 and first.day <= 7 and first.hour == 14


def test_bad_activity_input_is_refused_in_dutch_and_saves_nothing(personas) -> None:
    community = make_community(personas)
    before = Activity.objects.count()
    for bad in (
        {"rrule": "FREQ=MINUTELY"},
        {"themes": ["knitting"]},
        {"roles_needed": {"juggler": 1}},
        {"roles_needed": {"host": -1}},
        {"lat": 52.0},
    ):
        data = {"title": "X", "location_name": "Y", "starts_at": next_weekday_at(1, 10), **bad}
        with pytest.raises(ValidationError):
            actions.do_create_activity(community.centre, data, personas.fatima)
    assert Activity.objects.count() == before


def test_only_coordinators_of_the_neighbourhood_plan_activities(personas) -> None:
    community = make_community(personas)
    for outsider in (personas.henk, personas.bakker, personas.sanne):
        with pytest.raises(PermissionDenied):
            actions.do_plan_occurrences(community.coffee, timezone.now(), outsider)
    with pytest.raises(PermissionDenied):
        actions.do_plan_occurrences(community.coffee, timezone.now(), personas.karin)


def test_sign_up_respects_capacity_and_cancelled_dates(personas) -> None:
    community = make_community(personas)
    community.coffee.capacity = 1
    community.coffee.save()
    occurrence = first_occurrence(community.coffee)
    actions.do_sign_up(occurrence, personas.jan, personas.fatima)
    with pytest.raises(ValidationError, match="vol"):
        actions.do_sign_up(occurrence, personas.marie, personas.fatima)
    with pytest.raises(ValidationError, match="al aangemeld"):
        actions.do_sign_up(occurrence, personas.jan, personas.fatima)
    later = community.coffee.occurrences.order_by("starts_at")[1]
    actions.do_cancel_occurrence(later, personas.fatima)
    with pytest.raises(ValidationError, match="gaat niet door"):
        actions.do_sign_up(later, personas.marie, personas.fatima)


def test_attendance_is_recorded_per_sign_up_with_walk_ins(personas) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    signup = actions.do_sign_up(occurrence, personas.jan, personas.fatima)
    actions.do_record_attendance(
        occurrence, {signup.pk: SignUp.Attendance.ATTENDED}, personas.fatima, walk_in_count=7
    )
    signup.refresh_from_db()
    occurrence.refresh_from_db()
    assert signup.attendance == SignUp.Attendance.ATTENDED and occurrence.walk_in_count == 7
    entry = AuditEntry.objects.filter(purpose="aanwezigheid bijhouden").latest("id")
    assert set(entry.fields) == {"attendance", "walk_in_count"}
    with pytest.raises(ValidationError):
        actions.do_record_attendance(occurrence, {signup.pk: "maybe"}, personas.fatima)


def test_self_reliance_counts_volunteers_activities_and_support_per_month(personas) -> None:
    community = make_community(personas)
    today = timezone.localdate()
    for months_ago, hours in ((5, 8), (3, 4), (0, 1)):
        actions.do_log_support(
            community.centre,
            {"given_on": today - timedelta(days=30 * months_ago), "hours": hours},
            personas.fatima,
        )
    Occurrence.objects.create(
        activity=community.coffee,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3) + timedelta(hours=2),
    )
    figures = self_reliance(community.centre)
    assert figures.volunteers == 2 and figures.volunteers_with_certificate == 1
    assert figures.held_total == 1
    assert sum(value for _, value in figures.support) == 13
    assert figures.support_trend == "down"
    # One bar per month with support, each telling its hours; the other nine months are empty.
    assert figures.support_chart.count("<rect") == 3
    assert ": 4 u</title>" in figures.support_chart


def test_support_cannot_be_logged_in_the_future(personas) -> None:
    community = make_community(personas)
    with pytest.raises(ValidationError, match="toekomst"):
        actions.do_log_support(
            community.centre,
            {"given_on": timezone.localdate() + timedelta(days=1), "hours": 2},
            personas.fatima,
        )


def _feed(client, code: str) -> Calendar:
    response = client.get(f"/buurt/{code}/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_ical_feed_parses_back_and_has_every_required_property(client, personas) -> None:
    community = make_community(personas)
    community.coffee.partners.set(
        [Organisation.objects.create(name="Politie", kind="police",
                                     municipality=personas.north.district.municipality)]
    )  # fmt: skip
    actions.do_cancel_occurrence(
        community.coffee.occurrences.order_by("starts_at")[1], personas.fatima
    )
    calendar = _feed(client, "noorderhof")
    calendar.validate()
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "RRULE"):
        assert required in event, required
    assert str(event["UID"]) == activity_uid(community.coffee)
    assert event["RRULE"].to_ical().decode() == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTSTAMP"].dt.utcoffset() == timedelta(0)
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Amsterdam"]
    assert {c.name for c in timezones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert len(event["EXDATE"].dts) == 1
    assert "Politie" in str(event["DESCRIPTION"])


def test_the_feed_is_stable_and_the_uid_survives_a_change(client, personas) -> None:
    community = make_community(personas)
    first = client.get("/buurt/noorderhof/agenda.ics").content
    assert client.get("/buurt/noorderhof/agenda.ics").content == first
    actions.do_update_activity(community.coffee, {"title": "Koffie & praat"}, personas.fatima)
    event = _feed(client, "noorderhof").walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Koffie & praat"
    assert str(event["UID"]) == activity_uid(community.coffee)


def test_the_feed_holds_no_personal_data_and_leaves_out_private_activities(
    client, personas
) -> None:
    community = make_community(personas)
    actions.do_sign_up(first_occurrence(community.coffee), personas.jan, personas.fatima)
    actions.do_create_activity(
        community.centre,
        {"title": "Besloten overleg", "location_name": "Kantoor",
         "starts_at": next_weekday_at(3, 9), "is_public": False},
        personas.fatima,
    )  # fmt: skip
    text = client.get("/buurt/noorderhof/agenda.ics").content.decode()
    for secret in ("Jan Smit", "Henk", "Annie", "Besloten", "rouwt"):
        assert secret not in text


def test_ending_an_activity_gives_an_until_in_utc(client, personas) -> None:
    community = make_community(personas)
    ends_on = timezone.localdate() + timedelta(days=40)
    actions.do_update_activity(community.coffee, {"ends_on": ends_on}, personas.fatima)
    event = _feed(client, "noorderhof").walk("VEVENT")[0]
    until = event["RRULE"]["UNTIL"][0]
    assert until.utcoffset() == timedelta(0)
    assert community.coffee.occurrences.filter(starts_at__date__gt=ends_on).count() == 0


def test_unknown_neighbourhood_gives_404(client, personas) -> None:
    assert client.get("/buurt/nergens/agenda.ics").status_code == 404
