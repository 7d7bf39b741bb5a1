from datetime import timedelta

import pytest
from django.utils import timezone

from buurtwerk.core.privacy import erasers, exporters
from buurtwerk.core.retention import run_retention
from buurtwerk.socialmap.actions import do_escalate, do_record_referral
from buurtwerk.socialmap.models import Escalation, Referral, Service, UnansweredSearch

from .factories import load_testdorp

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(personas) -> Referral:
    load_testdorp()
    service = Service.objects.get(pk="svc-schuld")
    return do_record_referral("schulden", service, personas.henk, resident=personas.jan)


def test_resident_export_lists_the_referrals_made_for_them(referral, personas) -> None:
    exported = exporters()["socialmap"](personas.jan, None)
    assert exported["referrals"][0]["service"] == "Schuldhulpverlening"
    assert exporters()["socialmap"](personas.marie, None) == {"referrals": []}


def test_erasing_a_resident_keeps_the_referral_for_statistics(referral, personas) -> None:
    assert erasers()["socialmap"](personas.jan) == 1
    referral.refresh_from_db()
    assert referral.resident is None and referral.question == ""
    assert referral.topic == "Geld en schulden"


def test_questions_are_blanked_after_a_year(referral, personas) -> None:
    do_escalate("een vraag met misschien een naam erin", personas.henk)
    UnansweredSearch.objects.create(question="oud")
    year_ago = timezone.now() - timedelta(days=400)
    Referral.objects.update(created_at=year_ago)
    Escalation.objects.update(created_at=year_ago)
    UnansweredSearch.objects.update(asked_at=year_ago)
    assert run_retention(timezone.now(), dry_run=True)["socialmap.questions"] == 3
    assert Referral.objects.get().question == "schulden"
    assert run_retention(timezone.now())["socialmap.questions"] == 3
    assert Referral.objects.get().question == "" and Escalation.objects.get().question == ""
    assert not UnansweredSearch.objects.exists()
