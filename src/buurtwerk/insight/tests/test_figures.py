"""The figures on small fixtures, with the exact numbers worked out by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from buurtwerk.community.models import SignUp
from buurtwerk.core.testing import Personas, TeamFactory
from buurtwerk.insight.dashboard import build_map
from buurtwerk.insight.figures import casework, community, matching, people, socialmap
from buurtwerk.insight.figures.base import Area, Period
from buurtwerk.matching.models import Match, Need
from buurtwerk.people.models import Relation, Team

from . import factories as f

pytestmark = pytest.mark.django_db

S = Match.State


def north(personas: Personas) -> Area:
    return Area("buurt", "noorderhof", "Noorderhof", frozenset({personas.north.pk}))


def last(values: list[float], count: int) -> list[float]:
    return values[-count:]


def test_matches_made_and_running_per_month(personas: Personas) -> None:
    jan, marie = personas.jan, personas.marie
    helper_a = f.resident(personas.north)
    helper_b = f.resident(personas.north)
    # A: introduced three months ago and still running.
    f.match(
        marie, helper_a, [(S.SUGGESTED, f.month_start(3)), (S.INTRODUCED, f.month_start(3, 10))]
    )
    # B: introduced two months ago, active, ended last month.
    f.match(
        jan,
        helper_b,
        [
            (S.INTRODUCED, f.month_start(2, 5)),
            (S.ACTIVE, f.month_start(2, 20)),
            (S.ENDED, f.month_start(1, 15)),
        ],
    )
    # Only suggested, or declined: never made, never running.
    f.match(jan, helper_a, [(S.SUGGESTED, f.month_start(2))])
    f.match(jan, helper_b, [(S.SUGGESTED, f.month_start(2)), (S.DECLINED, f.month_start(1))])
    # Another neighbourhood.
    f.match(personas.piet, f.resident(personas.south), [(S.INTRODUCED, f.month_start(2))])

    made, running = matching.matches_per_month(north(personas), Period.recent(12))

    assert last(made, 4) == [1, 1, 0, 0]
    assert sum(made) == 2
    # B still ran for part of last month.
    assert last(running, 5) == [0, 1, 2, 2, 1]


def test_a_match_introduced_before_the_period_still_counts_as_running(
    personas: Personas,
) -> None:
    f.match(personas.marie, f.resident(personas.north), [(S.INTRODUCED, f.month_start(20))])
    made, running = matching.matches_per_month(north(personas), Period.recent(6))
    assert made == [0] * 6
    assert running == [1] * 6


def test_waiting_needs_by_bucket_and_percentile(personas: Personas) -> None:
    now = timezone.now()
    for days in (2, 10, 40, 100):
        f.need(personas.jan, created=now - timedelta(days=days, hours=1))
    f.need(personas.jan, status=Need.Status.MATCHED, created=now - timedelta(days=300))
    f.need(personas.piet, created=now - timedelta(days=500))

    total, per_bucket, percentiles, longest = matching.waiting_needs(north(personas))

    assert total == 4
    assert per_bucket == [1, 1, 1, 1]
    # Sorted waits 2, 10, 40, 100: nearest ranks 2, 3 and 4 of 4.
    assert percentiles == {50: 10, 75: 40, 90: 100}
    assert longest == 100


def test_no_open_needs_gives_no_percentiles(personas: Personas) -> None:
    total, per_bucket, percentiles, longest = matching.waiting_needs(north(personas))
    assert (total, per_bucket, percentiles, longest) == (0, [0, 0, 0, 0], {}, None)


def test_small_network_residents_reached_by_match_or_activity(personas: Personas) -> None:
    jan, marie = personas.jan, personas.marie
    Relation.objects.create(resident=jan, kind=Relation.Kind.FRIEND, contact_name="Kees")
    helper = f.resident(personas.north)  # small network, helps marie
    busy_helper = f.resident(personas.north, contacts=2)
    comes_to_coffee = f.resident(personas.north)
    stays_home = f.resident(personas.north)
    signed_up_but_absent = f.resident(personas.north)
    f.resident(personas.south)
    f.match(marie, helper, [(S.INTRODUCED, f.month_start(2))])
    # The introduction itself is a contact, but not one of marie's own.
    Relation.objects.create(resident=marie, other_resident=helper, kind=Relation.Kind.INTRODUCED)
    f.match(jan, busy_helper, [(S.INTRODUCED, f.month_start(2))])
    coffee = f.occurrence(f.activity(personas.north), f.month_start(1))
    f.came(marie, coffee)
    f.came(comes_to_coffee, coffee)
    f.came(signed_up_but_absent, coffee, SignUp.Attendance.ABSENT)
    assert stays_home.pk

    counts = people.reach(north(personas), Period.recent(12))

    # Small: marie, helper, comes_to_coffee, stays_home, signed_up_but_absent (jan has two).
    assert counts == {"total": 5, "via_match": 2, "via_activity": 2, "reached": 3}


def test_reach_outside_the_period_does_not_count(personas: Personas) -> None:
    f.match(personas.marie, f.resident(personas.north), [(S.INTRODUCED, f.month_start(8))])
    counts = people.reach(north(personas), Period.recent(6))
    assert counts["via_match"] == 0


def test_activities_held_visitors_and_volunteers_per_month(personas: Personas) -> None:
    coffee = f.activity(personas.north)
    earlier = f.occurrence(coffee, f.month_start(2), walk_ins=5)
    same_month = f.occurrence(coffee, f.month_start(2, 15))
    later = f.occurrence(coffee, f.month_start(1), walk_ins=3)
    f.occurrence(coffee, f.month_start(1, 8), walk_ins=0, cancelled=True)
    f.occurrence(coffee, timezone.now() + timedelta(days=40))
    elsewhere = f.occurrence(f.activity(personas.south), f.month_start(1), walk_ins=10)
    f.came(personas.jan, earlier)
    f.came(personas.marie, later)
    f.came(f.resident(personas.north), later)
    f.came(f.resident(personas.north), later, SignUp.Attendance.ABSENT)
    f.came(personas.piet, elsewhere)
    host = f.volunteer(personas.jan)
    stopped = f.volunteer(f.resident(personas.north), active=False)
    f.volunteer(personas.piet)
    f.shift(host, earlier, "host")
    f.shift(host, same_month, "kitchen")
    f.shift(host, later)
    f.shift(stopped, later)

    section = community.section(north(personas), Period.recent(12))
    held, visitors, on_duty = section.tables

    assert [row[1] for row in held.rows[-3:]] == [2, 1, 0]
    assert [row[1:] for row in visitors.rows[-3:]] == [[1, 5], [2, 3], [0, 0]]
    assert [row[1] for row in on_duty.rows[-3:]] == [1, 2, 0]
    figures = {figure.label: figure.value for figure in section.key_figures}
    assert figures == {
        "Activiteiten gehouden": "3",
        "Bezoekers": "11",
        "Actieve vrijwilligers": "1",
    }


def test_referrals_by_topic_with_the_rest_together(personas: Personas) -> None:
    fatima = personas.fatima
    for helped in (True, True, False):
        f.referral(personas.north, fatima, "Schulden", helped=helped)
    f.referral(personas.north, fatima, "Eenzaamheid")
    f.referral(personas.north, fatima, "")
    f.referral(personas.south, personas.karin, "Schulden")
    f.referral(personas.north, fatima, "Schulden", when=f.month_start(30))

    table = socialmap.section(north(personas), Period.recent(12)).tables[0]

    assert table.rows == [
        ["Schulden", 3, 2],
        [socialmap.NO_TOPIC, 1, 0],
        ["Eenzaamheid", 1, 0],
    ]


def test_only_the_ten_most_frequent_topics_are_named(personas: Personas) -> None:
    for index in range(12):
        for _ in range(12 - index):
            f.referral(personas.north, personas.fatima, f"Onderwerp {index:02d}")

    table = socialmap.section(north(personas), Period.recent(12)).tables[0]

    assert len(table.rows) == socialmap.TOP_TOPICS + 1
    assert table.rows[0] == ["Onderwerp 00", 12, 0]
    assert table.rows[-1] == [socialmap.OTHER_TOPICS, 2 + 1, 0]


def test_the_map_withholds_cells_of_fewer_than_three_people(personas: Personas) -> None:
    here = {"lat": 52.37001, "lon": 4.90001}
    there = {"lat": 52.38001, "lon": 4.92001}
    for person in (personas.jan, personas.marie, f.resident(personas.north)):
        person.lat, person.lon = here["lat"], here["lon"]
        person.save(update_fields=["lat", "lon"])
        f.need(person)
    # Three needs of one resident still point at one household.
    alone = f.resident(personas.north, **there)
    for _ in range(3):
        f.need(alone)

    area_map = build_map(north(personas), care=True)

    assert area_map is not None
    needs = next(layer for layer in area_map.layers if layer.key == "hulpvragen")
    assert (needs.shown, needs.withheld) == (3, 3)
    assert area_map.table.rows == [["B2", 3, "–", "–"]]
    assert "<circle" not in needs.svg


def test_an_area_partner_gets_no_map_of_care_data(personas: Personas) -> None:
    person = f.resident(personas.north, lat=52.37, lon=4.9)
    for _ in range(3):
        f.need(f.resident(personas.north, lat=52.37, lon=4.9))
    assert person.pk
    assert build_map(north(personas), care=False) is None


def test_signals_by_category_and_route(personas: Personas) -> None:
    f.signal(personas, "litter", when=f.month_start(2))
    f.signal(personas, "litter", when=f.month_start(1))
    f.signal(personas, "nuisance", when=f.month_start(1))
    f.signal(personas, "loneliness", when=f.month_start(1), resident=personas.jan)
    TeamFactory(name="Gebiedsteam Zuid", kind=Team.Kind.AREA_TEAM).neighbourhoods.set(
        [personas.south]
    )
    f.signal(personas, "litter", when=f.month_start(1), neighbourhood=personas.south)
    f.signal(personas, "litter", when=f.month_start(20))

    section = casework.signals_section(north(personas), Period.recent(12))
    per_category, per_month = section.tables

    assert per_category.columns == ["Soort", "Voor de voordeur", "Achter de voordeur"]
    assert per_category.rows == [
        ["Afval of zwerfvuil", 2, 0],
        ["Eenzaamheid of weinig contact", 0, 1],
        ["Overlast", 1, 0],
    ]
    assert [row[1:] for row in per_month.rows[-3:]] == [[1, 0], [2, 1], [0, 0]]


def test_the_liveability_figures_leave_out_care_and_signals_about_a_person(
    personas: Personas,
) -> None:
    f.signal(personas, "litter", when=f.month_start(1))
    f.signal(personas, "nuisance", when=f.month_start(1), about_person=True)
    f.signal(personas, "loneliness", when=f.month_start(1), resident=personas.jan)

    section = casework.liveability_section(north(personas), Period.recent(12))

    assert section.tables[0].rows == [["Afval of zwerfvuil", 1]]
    assert section.key_figures[0].value == "1"


def test_contact_hours_split_casework_and_community_building(personas: Personas) -> None:
    fatima, karin = personas.fatima, personas.karin
    last_month = f.month_start(1).date()
    f.contact(fatima, last_month, "casework", 90, personas.jan)
    f.contact(fatima, last_month, "community", 30, personas.jan, personas.marie)
    f.contact(fatima, last_month, "community", 60)  # the whole neighbourhood: no resident
    f.contact(karin, last_month, "casework", 120, personas.piet)

    for_north = casework.contacts_section(north(personas), Period.recent(12))
    team = Area(
        "team",
        str(personas.team_north.pk),
        "Noord",
        frozenset({personas.north.pk}),
        team_id=personas.team_north.pk,
    )
    for_team = casework.contacts_section(team, Period.recent(12))

    assert for_north.tables[0].columns == [
        "Maand",
        "Individuele ondersteuning",
        "Samenlevingsopbouw",
    ]
    assert for_north.tables[0].rows[-2][1:] == [1.5, 0.5]
    assert for_team.tables[0].rows[-2][1:] == [1.5, 1.5]
    assert {k.label: k.value for k in for_team.key_figures} == {
        "Uren contact": "3",
        "Samenlevingsopbouw": "50%",
    }


def test_an_area_partner_sees_only_liveability_signals_on_the_map(personas: Personas) -> None:
    spot = {"lat": 52.37001, "lon": 4.90001}
    for _ in range(3):
        f.signal(personas, "litter", **spot)
        f.signal(personas, "nuisance", about_person=True, **spot)
    for person in (personas.jan, personas.marie, f.resident(personas.north)):
        person.lat, person.lon = spot["lat"], spot["lon"]
        person.save(update_fields=["lat", "lon"])
        f.need(person)

    partner_map = build_map(north(personas), care=False)
    professional_map = build_map(north(personas), care=True)

    assert partner_map is not None and professional_map is not None
    assert [(layer.key, layer.shown) for layer in partner_map.layers] == [("meldingen", 3)]
    assert {layer.key: layer.shown for layer in professional_map.layers} == {
        "hulpvragen": 3,
        "aanbod": 0,
        "signalen": 6,
    }


def test_own_contacts_count_from_both_sides_of_a_relation(personas: Personas) -> None:
    one_each_way, two_recorded_by_others, one_only = (f.resident(personas.north) for _ in range(3))
    elsewhere = [f.resident(personas.south, contacts=2) for _ in range(3)]
    Relation.objects.create(resident=one_each_way, kind=Relation.Kind.FAMILY, contact_name="Zus")
    Relation.objects.create(
        resident=elsewhere[0], other_resident=one_each_way, kind=Relation.Kind.NEIGHBOUR
    )
    for other in elsewhere[1:]:
        Relation.objects.create(
            resident=other, other_resident=two_recorded_by_others, kind=Relation.Kind.FRIEND
        )
    Relation.objects.create(
        resident=elsewhere[0], other_resident=one_only, kind=Relation.Kind.NEIGHBOUR
    )

    small = set(people.small_network_residents(north(personas)))

    assert one_only in small and personas.marie in small
    assert one_each_way not in small and two_recorded_by_others not in small
