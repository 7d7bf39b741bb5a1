"""The contact log and the 50/50 report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from buurtwerk.casework import actions, queries
from buurtwerk.casework.models import Contact

pytestmark = pytest.mark.django_db


def _log(user, purpose: str, minutes: int, day: date, residents=()) -> Contact:  # type: ignore[no-untyped-def]
    return actions.do_log_contact(
        {
            "happened_on": day,
            "kind": "coffee_visit",
            "purpose": purpose,
            "duration_minutes": minutes,
        },
        user,
        residents=residents,
    )


def test_a_buurtwerker_logs_a_contact_with_residents_in_reach(personas) -> None:
    contact = _log(personas.fatima, "casework", 45, timezone.localdate(), [personas.jan])
    assert list(contact.residents.all()) == [personas.jan] and contact.worker == personas.fatima


def test_a_contact_with_a_resident_out_of_reach_is_refused(personas) -> None:
    with pytest.raises(ValidationError, match="bewoners die u kent"):
        _log(personas.fatima, "casework", 45, timezone.localdate(), [personas.piet])
    assert not Contact.objects.exists()


def test_bad_durations_and_future_dates_are_refused_in_dutch(personas, client) -> None:
    client.force_login(personas.fatima)
    response = client.post(
        reverse("casework:contact_create"),
        {"happened_on": timezone.localdate().isoformat(), "kind": "phone", "purpose": "casework",
         "duration_minutes": "0"},
    )  # fmt: skip
    assert "minstens 1 minuut" in response.content.decode()
    with pytest.raises(ValidationError, match="toekomst"):
        _log(personas.fatima, "casework", 10, timezone.localdate() + timedelta(days=2))
    assert not Contact.objects.exists()


def test_volunteers_and_area_partners_keep_no_contact_log(personas) -> None:
    for user in (personas.henk, personas.bakker):
        with pytest.raises(PermissionDenied):
            _log(user, "community", 30, timezone.localdate())


def test_a_worker_sees_her_own_contacts_and_the_teamleider_those_of_her_team(personas) -> None:
    today = timezone.localdate()
    fatima_contact = _log(personas.fatima, "casework", 30, today)
    karin_contact = _log(personas.karin, "community", 30, today)
    assert set(queries.contacts_visible_to(personas.fatima)) == {fatima_contact}
    assert set(queries.contacts_visible_to(personas.ingrid)) == {fatima_contact}
    assert set(queries.contacts_visible_to(personas.karin)) == {karin_contact}


def test_only_the_worker_may_delete_her_contact(personas) -> None:
    contact = _log(personas.fatima, "casework", 30, timezone.localdate())
    with pytest.raises(PermissionDenied):
        actions.do_delete_contact(contact, personas.ingrid)
    actions.do_delete_contact(contact, personas.fatima)
    assert not Contact.objects.exists()


def test_the_split_is_summed_per_worker_and_week(personas) -> None:
    monday = date(2026, 3, 2)
    _log(personas.fatima, "casework", 60, monday)
    _log(personas.fatima, "casework", 30, monday + timedelta(days=2))
    _log(personas.fatima, "community", 30, monday + timedelta(days=4))
    _log(personas.fatima, "community", 120, monday + timedelta(days=7))
    lines = queries.contact_split(
        personas.ingrid, period=queries.Period.WEEK, start=monday, end=monday + timedelta(days=13)
    )
    assert [
        (line.period_start, line.casework_minutes, line.community_minutes) for line in lines
    ] == [
        (monday, 90, 30),
        (monday + timedelta(days=7), 0, 120),
    ]
    months = queries.contact_split(
        personas.ingrid, period=queries.Period.MONTH, start=monday, end=monday + timedelta(days=13)
    )
    assert [(m.period_start, m.casework_minutes, m.community_minutes) for m in months] == [
        (date(2026, 3, 1), 90, 150)
    ]


def test_the_report_draws_an_svg_without_inline_styles_and_a_table(personas, client) -> None:
    today = timezone.localdate()
    _log(personas.fatima, "casework", 90, today)
    _log(personas.fatima, "community", 30, today)
    client.force_login(personas.fatima)
    response = client.get(reverse("casework:contact_report"), {"period": "month"})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in content and '<title id="split-title">' in content
    assert "style=" not in content and "<script>" not in content
    assert "Individuele ondersteuning: 75%</title>" in content
    assert "<td>75%</td><td>25%</td>" in content
    assert "<table>" in content


def test_a_report_with_the_dates_reversed_says_so(personas, client) -> None:
    client.force_login(personas.fatima)
    response = client.get(
        reverse("casework:contact_report"), {"start": "2026-03-10", "end": "2026-03-01"}
    )
    assert "De begindatum ligt na de einddatum." in response.content.decode()
