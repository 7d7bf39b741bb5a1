"""Community's part in keeping residents with recent activity from the inactivity erasure."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from buurtwerk.community import actions
from buurtwerk.community.models import Occurrence, SignUp
from buurtwerk.community.tests.factories import first_occurrence, make_community
from buurtwerk.people.models import Consent, ProcessingBasis, Relation, Resident
from buurtwerk.people.privacy import RETENTION_RULE, inactive_residents

pytestmark = pytest.mark.django_db


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


def _move_to(occurrence: Occurrence, then: datetime) -> None:
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=then, ends_at=then + timedelta(hours=2)
    )


def test_a_resident_signed_up_for_an_activity_is_not_erased_as_inactive(settings, personas):
    then = _long_ago(settings)
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    signup = actions.do_sign_up(occurrence, personas.marie, personas.fatima)
    _age_people_record(personas.marie, then)
    assert not _is_inactive(personas.marie)
    SignUp.objects.filter(pk=signup.pk).update(created_at=then)
    assert not _is_inactive(personas.marie), "the activity is still to come"
    _move_to(occurrence, then)
    assert _is_inactive(personas.marie)


def test_a_volunteer_on_the_rota_is_not_erased_as_inactive(settings, personas) -> None:
    then = _long_ago(settings)
    community = make_community(personas)
    annie = community.annie_volunteer.resident
    occurrence = first_occurrence(community.coffee)
    actions.do_assign_shift(occurrence, community.annie_volunteer, "host", personas.fatima)
    _age_people_record(annie, then)
    assert not _is_inactive(annie)
    _move_to(occurrence, then)
    assert _is_inactive(annie)
