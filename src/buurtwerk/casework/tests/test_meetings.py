"""Weekly team meetings: the agenda, decisions that become actions, and the minutes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from buurtwerk.audit.models import AuditEntry
from buurtwerk.casework import actions
from buurtwerk.casework.models import AgendaItem, FollowUp, Meeting, Signal

from .factories import care_signal, case_for_jan, liveability_signal

pytestmark = pytest.mark.django_db


def _plan(personas, team=None, user=None, days: int = 1) -> Meeting:  # type: ignore[no-untyped-def]
    return actions.do_plan_meeting(
        team or personas.team_north, timezone.now() + timedelta(days=days), user or personas.ingrid
    )


def test_the_agenda_holds_new_signals_cases_due_and_overdue_actions(personas) -> None:
    care = care_signal(personas)
    litter = liveability_signal(personas)
    case = case_for_jan(personas, next_discussion_on=timezone.localdate())
    later_case = case_for_jan(
        personas, next_discussion_on=timezone.localdate() + timedelta(days=30)
    )
    overdue = FollowUp.objects.create(
        team=personas.team_north, description="Bellen met dochter", due_on=date(2020, 1, 1)
    )
    meeting = _plan(personas)
    items = {
        (item.kind, item.signal_id or item.case_id or item.follow_up_id)
        for item in meeting.items.all()
    }
    assert ("signal", care.pk) in items and ("case", case.pk) in items
    assert ("overdue", overdue.pk) in items
    assert ("signal", litter.pk) not in items and ("case", later_case.pk) not in items


def test_the_next_agenda_only_holds_what_is_new_or_changed_since_the_last_meeting(personas) -> None:
    old = care_signal(personas)
    three_days_ago = timezone.now() - timedelta(days=3)
    Signal.objects.filter(pk=old.pk).update(created_at=three_days_ago, updated_at=three_days_ago)
    first = _plan(personas, days=-1)
    assert first.items.filter(signal=old).exists()
    fresh = care_signal(personas)
    second = _plan(personas, days=1)
    assert second.previous == first and second.since == first.starts_at
    assert set(second.items.values_list("signal_id", flat=True)) == {fresh.pk}


def test_a_meeting_written_down_afterwards_leaves_out_later_signals(personas) -> None:
    care_signal(personas)
    assert not _plan(personas, days=-1).items.exists()


def test_the_area_team_agenda_holds_liveability_signals_only(personas) -> None:
    care_signal(personas)
    litter = liveability_signal(personas)
    meeting = _plan(personas, team=personas.area_team, user=personas.bakker)
    assert list(meeting.items.values_list("signal_id", flat=True)) == [litter.pk]


def test_a_decision_with_an_action_becomes_a_follow_up_for_the_signal(personas, client) -> None:
    signal = care_signal(personas)
    meeting = _plan(personas)
    item = meeting.items.get(signal=signal)
    client.force_login(personas.ingrid)
    response = client.post(
        reverse("casework:meeting_decision", args=[meeting.pk]),
        {
            "item": item.pk,
            "text": "Fatima gaat op de koffie",
            "action_description": "Koffie bij Jan",
            "action_due_on": "2030-05-01",
            "action_assignee": personas.fatima.pk,
        },
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert "Fatima gaat op de koffie" in content and "Koffie bij Jan" in content
    follow_up = FollowUp.objects.get(decision__meeting=meeting)
    assert follow_up.signal == signal and follow_up.assignee == personas.fatima


def test_an_action_without_a_date_is_refused_and_nothing_is_saved(personas, client) -> None:
    meeting = _plan(personas)
    client.force_login(personas.ingrid)
    response = client.post(
        reverse("casework:meeting_decision", args=[meeting.pk]),
        {"text": "Besluit", "action_description": "Iets doen"},
    )
    assert response.status_code == 400
    assert "Kies een datum voor de actie." in response.content.decode()
    assert not meeting.decisions.exists() and not FollowUp.objects.exists()


def test_closed_minutes_can_no_longer_change(personas) -> None:
    meeting = _plan(personas)
    actions.do_close_meeting(meeting, [personas.ingrid, personas.sanne], personas.ingrid)
    with pytest.raises(ValidationError, match="al vastgesteld"):
        actions.do_record_decision(meeting, "Te laat", personas.ingrid)
    with pytest.raises(ValidationError, match="uit het team"):
        actions.do_close_meeting(_plan(personas, days=8), [personas.karin], personas.ingrid)


def test_the_minutes_page_and_pdf(personas, client) -> None:
    signal = care_signal(personas)
    meeting = _plan(personas)
    actions.do_record_decision(
        meeting,
        "Fatima gaat op de koffie",
        personas.ingrid,
        item=meeting.items.get(signal=signal),
        action_description="Koffie bij Jan",
        action_due_on=date(2030, 5, 1),
    )
    client.force_login(personas.sanne)
    page = client.get(reverse("casework:meeting_minutes", args=[meeting.pk])).content.decode()
    assert "Fatima gaat op de koffie" in page and "Koffie bij Jan" in page
    pdf = client.get(reverse("casework:meeting_minutes_pdf", args=[meeting.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]


def test_a_restricted_case_shows_as_confidential_on_the_agenda_for_others(personas, client) -> None:
    case_for_jan(
        personas,
        title="Geheime casus",
        confidentiality="participants",
        next_discussion_on=timezone.localdate(),
    )
    meeting = _plan(personas)
    client.force_login(personas.fatima)
    content = client.get(reverse("casework:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Geheime casus" not in content and "Vertrouwelijk punt" in content


def test_opening_the_meeting_audits_the_confidential_items_shown(personas, client) -> None:
    signal = care_signal(personas)
    meeting = _plan(personas)
    client.force_login(personas.sanne)
    client.get(reverse("casework:meeting_detail", args=[meeting.pk]))
    assert AuditEntry.objects.filter(
        verb="view", actor=personas.sanne, object_type="casework.signal", object_id=str(signal.pk)
    ).exists()


def test_other_teams_and_volunteers_cannot_open_the_meeting(personas, client) -> None:
    meeting = _plan(personas)
    for user in (personas.karin, personas.henk, personas.bakker):
        client.force_login(user)
        assert client.get(reverse("casework:meeting_detail", args=[meeting.pk])).status_code in (
            403,
            404,
        )


def test_planning_in_the_browser_form_and_adding_an_item(personas, client) -> None:
    client.force_login(personas.ingrid)
    response = client.post(
        reverse("casework:meeting_list"),
        {"team": personas.team_north.pk, "starts_at": "2030-01-07T10:00"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.chair == personas.ingrid
    client.post(
        reverse("casework:meeting_item_add", args=[meeting.pk]), {"title": "Vakantierooster"}
    )
    assert meeting.items.filter(kind=AgendaItem.Kind.OTHER, title="Vakantierooster").exists()
