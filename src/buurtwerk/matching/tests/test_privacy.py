"""Matching's part in retention and in the resident's AVG rights."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from buurtwerk.matching.models import Match, MatchEvent, Need, Offer
from buurtwerk.people.models import Consent, ProcessingBasis, Relation, Resident
from buurtwerk.people.privacy import RETENTION_RULE, inactive_residents

from .factories import NeedFactory, OfferFactory, match_between

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


def test_a_resident_with_a_recent_need_is_not_erased_as_inactive(settings, personas) -> None:
    then = _long_ago(settings)
    need = NeedFactory(resident=personas.marie)
    _age_people_record(personas.marie, then)
    assert not _is_inactive(personas.marie)
    Need.objects.filter(pk=need.pk).update(created_at=then, updated_at=then)
    assert _is_inactive(personas.marie)


def test_a_running_match_keeps_both_residents_however_old_its_last_step(settings, personas):
    then = _long_ago(settings)
    need = NeedFactory(resident=personas.marie)
    offer = OfferFactory()
    match = match_between(need, offer, Match.State.ACTIVE)
    Need.objects.filter(pk=need.pk).update(created_at=then, updated_at=then)
    Offer.objects.filter(pk=offer.pk).update(created_at=then, updated_at=then)
    Match.objects.filter(pk=match.pk).update(created_at=then, updated_at=then)
    MatchEvent.objects.filter(match=match).update(at=then)
    for resident in (personas.marie, offer.resident):
        _age_people_record(resident, then)
        assert not _is_inactive(resident)
    Match.objects.filter(pk=match.pk).update(state=Match.State.ENDED)
    assert _is_inactive(personas.marie) and _is_inactive(offer.resident)
