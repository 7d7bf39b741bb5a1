"""A rota that repeats: patterns, gaps of the coming weeks, swapping and handing back from the
phone, and who is asked too often."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from buurtwerk.community import actions, queries
from buurtwerk.community.models import Activity, Occurrence, RotaPattern, Shift
from buurtwerk.community.tests.factories import first_occurrence, make_community, next_weekday_at

pytestmark = pytest.mark.django_db


def _walk_in(community, weeks=13):
    return actions.do_create_activity(
        community.centre,
        {
            "title": "Inloop",
            "kind": Activity.Kind.WALK_IN,
            "location_name": "Buurthuis",
            "starts_at": next_weekday_at(2, 14),
            "rrule": "FREQ=WEEKLY;BYDAY=WE",
            "roles_needed": {"host": 1, "listening_ear": 1},
        },
        community.personas.fatima,
        plan_until=timezone.now() + timedelta(weeks=weeks),
    )


def test_henk_is_host_every_first_wednesday_for_the_coming_months(personas) -> None:
    community = make_community(personas)
    walk_in = _walk_in(community)
    result = actions.do_create_rota_pattern(
        walk_in,
        community.henk_volunteer,
        {"role": "host", "repeat": "monthly", "week_of_month": 1},
        personas.fatima,
    )
    days = [timezone.localtime(shift.occurrence.starts_at).date() for shift in result.shifts]
    first_wednesdays = [
        timezone.localtime(o.starts_at).date()
        for o in walk_in.occurrences.all()
        if timezone.localtime(o.starts_at).day <= 7
    ]
    assert days == first_wednesdays and len(days) >= 2
    assert all(day.weekday() == 2 and day.day <= 7 for day in days)
    assert RotaPattern.objects.get().description == "elke eerste woensdag van de maand"


def test_newly_planned_dates_follow_the_pattern(personas) -> None:
    community = make_community(personas)
    walk_in = _walk_in(community, weeks=3)
    actions.do_create_rota_pattern(
        walk_in, community.henk_volunteer, {"role": "host", "repeat": "every"}, personas.fatima
    )
    before = Shift.objects.filter(volunteer=community.henk_volunteer).count()
    actions.do_plan_occurrences(walk_in, timezone.now() + timedelta(weeks=8), personas.fatima)
    after = Shift.objects.filter(volunteer=community.henk_volunteer).count()
    assert after == walk_in.occurrences.count() and after > before


def test_a_pattern_without_any_date_is_refused_and_nothing_is_saved(personas) -> None:
    community = make_community(personas)
    walk_in = _walk_in(community, weeks=2)
    with pytest.raises(ValidationError, match="geen enkele dienst"):
        actions.do_create_rota_pattern(
            walk_in,
            community.henk_volunteer,
            {"role": "host", "repeat": "every", "starts_on": timezone.localdate() + timedelta(60)},
            personas.fatima,
        )
    with pytest.raises(ValidationError, match="vandaag of later"):
        actions.do_create_rota_pattern(
            walk_in,
            community.henk_volunteer,
            {"role": "host", "repeat": "every", "starts_on": timezone.localdate() - timedelta(1)},
            personas.fatima,
        )
    with pytest.raises(ValidationError, match="VOG"):
        actions.do_create_rota_pattern(
            walk_in,
            community.annie_volunteer,
            {"role": "listening_ear", "repeat": "every"},
            personas.fatima,
        )
    assert not RotaPattern.objects.exists() and not Shift.objects.exists()


def test_a_shift_in_the_past_is_refused(personas) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    past = timezone.now() - timedelta(days=2)
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=past, ends_at=past + timedelta(hours=2)
    )
    occurrence.refresh_from_db()
    with pytest.raises(ValidationError, match="al geweest"):
        actions.do_assign_shift(occurrence, community.henk_volunteer, "host", personas.fatima)
    assert not Shift.objects.exists()


def test_the_coordinator_sees_a_gap_and_fills_it_from_the_rota_page(client, personas) -> None:
    community = make_community(personas)
    walk_in = _walk_in(community, weeks=3)
    gaps = queries.rota_gaps(community.centre, personas.fatima)
    first = walk_in.occurrences.order_by("starts_at").first()
    assert any(gap.occurrence == first and gap.role == "host" for gap in gaps)
    assert all(gap.occurrence.starts_at <= timezone.now() + timedelta(weeks=4) for gap in gaps)
    client.force_login(personas.fatima)
    page = client.get(f"/buurt/initiatieven/{community.centre.pk}/rooster/").content.decode()
    assert "Nog open de komende vier weken" in page
    response = client.post(
        f"/buurt/keren/{first.pk}/rooster/",
        {"volunteer": community.annie_volunteer.pk, "role": "host", "terug": "rooster"},
    )
    assert response["Location"] == f"/buurt/initiatieven/{community.centre.pk}/rooster/"
    gaps = queries.rota_gaps(community.centre, personas.fatima)
    assert not any(gap.occurrence == first and gap.role == "host" for gap in gaps)
    client.force_login(personas.sanne)
    assert client.get(f"/buurt/initiatieven/{community.centre.pk}/rooster/").status_code == 404


def test_a_volunteer_gives_back_or_swaps_their_own_shift_from_the_phone(client, personas) -> None:
    community = make_community(personas)
    occurrences = list(community.coffee.occurrences.order_by("starts_at"))
    first = actions.do_assign_shift(
        occurrences[0], community.henk_volunteer, "host", personas.fatima
    )
    second = actions.do_assign_shift(
        occurrences[1], community.henk_volunteer, "host", personas.fatima
    )
    client.force_login(personas.henk)
    page = client.get("/buurt/mijn-diensten/").content.decode()
    assert "Ruilen met" in page and "Annie Dijkstra" in page
    client.post(f"/buurt/diensten/{first.pk}/teruggeven/")
    assert not Shift.objects.filter(pk=first.pk).exists()
    assert any(
        gap.occurrence == occurrences[0] and gap.role == "host"
        for gap in queries.rota_gaps(community.centre, personas.fatima)
    )
    client.post(f"/buurt/diensten/{second.pk}/ruilen/", {"volunteer": community.henk_volunteer.pk})
    second.refresh_from_db()
    assert second.volunteer == community.henk_volunteer
    client.post(f"/buurt/diensten/{second.pk}/ruilen/", {"volunteer": community.annie_volunteer.pk})
    second.refresh_from_db()
    assert second.volunteer == community.annie_volunteer
    # Henk's shift is now Annie's: he can no longer hand it back.
    assert client.post(f"/buurt/diensten/{second.pk}/teruggeven/").status_code == 404


def test_the_coordinator_sees_who_is_asked_too_often(personas) -> None:
    community = make_community(personas)
    walk_in = _walk_in(community, weeks=8)
    actions.do_create_rota_pattern(
        walk_in, community.henk_volunteer, {"role": "host", "repeat": "every"}, personas.fatima
    )
    load = {line.volunteer: line for line in queries.shift_load(community.centre, personas.fatima)}
    assert load[community.henk_volunteer].shifts >= 8
    assert load[community.henk_volunteer].too_often
    assert not load[community.annie_volunteer].too_often


def test_stopping_a_pattern_turns_its_coming_shifts_into_gaps(client, personas) -> None:
    community = make_community(personas)
    walk_in = _walk_in(community, weeks=6)
    actions.do_create_rota_pattern(
        walk_in, community.henk_volunteer, {"role": "host", "repeat": "every"}, personas.fatima
    )
    pattern = RotaPattern.objects.get()
    client.force_login(personas.henk)
    assert client.post(f"/buurt/vaste-roosters/{pattern.pk}/stoppen/").status_code == 403
    client.force_login(personas.fatima)
    client.post(f"/buurt/vaste-roosters/{pattern.pk}/stoppen/")
    pattern.refresh_from_db()
    assert not pattern.active
    assert not Shift.objects.filter(volunteer=community.henk_volunteer).exists()
    actions.do_plan_occurrences(walk_in, timezone.now() + timedelta(weeks=10), personas.fatima)
    assert not Shift.objects.filter(volunteer=community.henk_volunteer).exists()
