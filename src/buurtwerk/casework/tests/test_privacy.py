"""Retention of closed signals about persons, and a resident's AVG export and erasure."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from buurtwerk.casework import actions
from buurtwerk.casework.models import Case, Contact, FollowUp, Signal
from buurtwerk.casework.privacy import ANONYMISED, anonymise_closed_signals
from buurtwerk.core.privacy import erasers, exporters
from buurtwerk.core.retention import retention_rules
from buurtwerk.people.models import Consent, ProcessingBasis, Relation, Resident
from buurtwerk.people.privacy import RETENTION_RULE, inactive_residents

from .factories import care_signal, case_for_jan, liveability_signal

pytestmark = pytest.mark.django_db


def _closed_long_ago(signal: Signal, days: int) -> Signal:
    actions.do_transition_signal(signal, "closed", personas_user(signal))
    Signal.objects.filter(pk=signal.pk).update(closed_at=timezone.now() - timedelta(days=days))
    return Signal.objects.get(pk=signal.pk)


def personas_user(signal: Signal):  # type: ignore[no-untyped-def]
    return signal.team.members.exclude(role="volunteer").first()


@pytest.fixture
def short_retention(settings):  # type: ignore[no-untyped-def]
    settings.BUURTWERK_SIGNAL_RETENTION_DAYS = 30
    return settings


def test_the_rule_is_registered() -> None:
    assert "casework-signals" in {rule.name for rule in retention_rules()}


def test_closed_signals_about_persons_are_anonymised_after_the_period(
    personas, short_retention
) -> None:
    old = care_signal(personas)
    actions.do_update_signal_notes(old, "Vertrouwelijke notitie", personas.sanne)
    actions.do_add_follow_up(
        personas.sanne, signal=old, description="Bellen", due_on=timezone.localdate()
    )
    old = _closed_long_ago(old, 31)
    recent = _closed_long_ago(care_signal(personas), 29)
    still_open = care_signal(personas)
    litter = _closed_long_ago(liveability_signal(personas), 400)
    assert anonymise_closed_signals(timezone.now(), dry_run=True) == 1
    assert Signal.objects.get(pk=old.pk).description != ANONYMISED
    call_command("retention")
    old.refresh_from_db()
    assert old.description == ANONYMISED and old.notes == "" and old.resident is None
    assert old.anonymised_at is not None and old.category.code == "loneliness"
    assert FollowUp.objects.get(signal=old).description == ANONYMISED
    for untouched in (recent, still_open, litter):
        assert Signal.objects.get(pk=untouched.pk).anonymised_at is None
    assert anonymise_closed_signals(timezone.now(), dry_run=False) == 0


def test_export_and_erase_a_residents_casework_data(personas) -> None:
    signal = care_signal(personas)
    case = case_for_jan(personas)
    actions.do_add_goal(case, "Weer naar de markt", personas.sanne)
    contact = actions.do_log_contact(
        {"happened_on": timezone.localdate(), "kind": "coffee_visit", "purpose": "casework",
         "duration_minutes": 40, "note": "Over zijn vrouw gesproken"},
        personas.fatima,
        residents=[personas.jan, personas.marie],
    )  # fmt: skip
    exported = exporters()["casework"](personas.jan, None)
    assert [s["id"] for s in exported["signals"]] == [signal.pk]
    assert exported["cases"][0]["goals"] == ["Weer naar de markt"]
    assert exported["contacts"][0]["duration_minutes"] == 40
    touched = erasers()["casework"](personas.jan)
    assert touched >= 3
    signal.refresh_from_db()
    case.refresh_from_db()
    contact = Contact.objects.get(pk=contact.pk)
    assert signal.resident is None and signal.description == ANONYMISED
    assert case.resident is None and case.title == ANONYMISED and case.summary == ""
    assert list(contact.residents.all()) == [personas.marie] and contact.note == ""
    assert contact.duration_minutes == 40
    assert exporters()["casework"](personas.jan, None) == {
        "signals": [],
        "cases": [],
        "contacts": [],
    }
    assert Case.objects.filter(pk=case.pk).exists()


def _long_ago(settings) -> datetime:
    return timezone.now() - settings.BUURTWERK_RETENTION[RETENTION_RULE] - timedelta(days=10)


def _age_people_record(resident: Resident, then: datetime) -> None:
    """Pretend nobody touched the resident's record, consent, basis or network since `then`."""
    Consent.objects.filter(resident=resident).update(given_at=then)
    Resident.objects.filter(pk=resident.pk).update(updated_at=then)
    ProcessingBasis.objects.filter(resident=resident).update(recorded_at=then)
    Relation.objects.filter(Q(resident=resident) | Q(other_resident=resident)).update(
        created_at=then
    )


def _is_inactive(resident: Resident) -> bool:
    return inactive_residents(timezone.now()).filter(pk=resident.pk).exists()


def test_a_resident_with_an_open_case_or_recent_signal_is_not_erased_as_inactive(
    settings, personas
) -> None:
    then = _long_ago(settings)
    marie = personas.marie
    signal = care_signal(personas, reporter=personas.fatima, resident=marie)
    case = case_for_jan(personas, resident=marie, title="Marie en de buren")
    _age_people_record(marie, then)
    assert not _is_inactive(marie)
    Signal.objects.filter(pk=signal.pk).update(created_at=then, updated_at=then)
    assert not _is_inactive(marie), "the open case still counts, however old"
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED, updated_at=then)
    assert _is_inactive(marie)


def test_a_recent_contact_with_the_resident_keeps_them(settings, personas) -> None:
    then = _long_ago(settings)
    contact = actions.do_log_contact(
        {"happened_on": timezone.localdate(), "kind": "phone", "purpose": "casework",
         "duration_minutes": 10},
        personas.fatima,
        residents=[personas.marie],
    )  # fmt: skip
    _age_people_record(personas.marie, then)
    assert not _is_inactive(personas.marie)
    Contact.objects.filter(pk=contact.pk).update(happened_on=then.date())
    assert _is_inactive(personas.marie)


def test_erasure_removes_the_residents_name_from_participants_and_contact_notes(personas):
    marie = personas.marie
    own_case = case_for_jan(personas, resident=marie, title="Marie en de buren")
    daughter = actions.do_add_participant(
        own_case, {"role": "family", "name": "Els Jansen", "note": "dochter van Marie"},
        personas.sanne,
    )  # fmt: skip
    colleague = actions.do_add_participant(
        own_case, {"role": "coordinator", "user": personas.sanne, "note": "Marie belt haar"},
        personas.sanne,
    )  # fmt: skip
    jans_case = case_for_jan(personas)
    in_words = actions.do_add_participant(
        jans_case, {"role": "other", "name": "marie jansen", "note": "buurvrouw, kookt"},
        personas.sanne,
    )  # fmt: skip
    brother = actions.do_add_participant(
        jans_case, {"role": "family", "name": "Kees Smit", "note": "broer"}, personas.sanne
    )
    about_her_case = actions.do_log_contact(
        {"happened_on": timezone.localdate(), "kind": "phone", "purpose": "casework",
         "duration_minutes": 15, "note": "Met Els over Marie gebeld", "case": own_case},
        personas.sanne,
    )  # fmt: skip
    erasers()["casework"](marie)
    daughter.refresh_from_db()
    colleague.refresh_from_db()
    in_words.refresh_from_db()
    brother.refresh_from_db()
    assert (daughter.name, daughter.note, daughter.role) == (ANONYMISED, "", "family")
    assert colleague.user == personas.sanne and colleague.note == ""
    assert (in_words.name, in_words.note) == (ANONYMISED, "")
    assert (brother.name, brother.note) == ("Kees Smit", "broer")
    assert Contact.objects.get(pk=about_her_case.pk).note == ""
    assert Contact.objects.get(pk=about_her_case.pk).duration_minutes == 15


def test_a_confidential_case_stays_out_of_an_export_by_someone_not_involved(
    client, personas
) -> None:
    from django.urls import reverse
    from rest_framework.test import APIClient

    case_for_jan(
        personas, title="Schulden en rouw", confidentiality=Case.Confidentiality.PARTICIPANTS
    )
    client.force_login(personas.ingrid)
    assert (
        client.get(reverse("casework:case_detail", args=[Case.objects.get().pk])).status_code == 404
    )
    page = client.get(reverse("people:resident_export", args=[personas.jan.pk]))
    as_json = client.get(reverse("people:resident_export_json", args=[personas.jan.pk]))
    api = APIClient()
    api.force_authenticate(personas.ingrid)
    from_api = api.get(f"/api/v1/residents/{personas.jan.pk}/export")
    for response in (page, as_json, from_api):
        assert response.status_code == 200
        assert "Schulden en rouw" not in response.content.decode()
    assert exporters()["casework"](personas.jan, None)["cases"][0]["title"] == "Schulden en rouw"


def test_an_involved_teamleider_exports_the_confidential_case(personas) -> None:
    case_for_jan(
        personas, title="Schulden en rouw", confidentiality=Case.Confidentiality.PARTICIPANTS
    )
    Case.objects.update(coordinator=personas.ingrid)
    cases = exporters()["casework"](personas.jan, personas.ingrid)["cases"]
    assert [case["title"] for case in cases] == ["Schulden en rouw"]
