"""Matching's part in retention and in the resident's AVG rights."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from buurtwerk.core.privacy import erasers, exporters
from buurtwerk.matching.models import Match, MatchEvent, Need, Offer
from buurtwerk.matching.privacy import ANONYMISED
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


def test_a_step_by_a_buurtwerker_counts_but_a_suggestion_by_the_system_does_not(settings, personas):
    then = _long_ago(settings)
    need = NeedFactory(resident=personas.marie)
    match = match_between(need, OfferFactory())
    MatchEvent.objects.create(match=match, actor=None, from_state="", to_state="suggested")
    Need.objects.filter(pk=need.pk).update(created_at=then, updated_at=then)
    _age_people_record(personas.marie, then)
    assert _is_inactive(personas.marie)
    MatchEvent.objects.create(
        match=match, actor=personas.fatima, from_state="suggested", to_state="declined"
    )
    assert not _is_inactive(personas.marie)


def _helped_marie(personas, state: str, helper_name: str = "Kees de Boer") -> Match:  # type: ignore[no-untyped-def]
    need = NeedFactory(
        resident=personas.marie, description="Mijn heup doet pijn, de heg moet kort."
    )
    offer = OfferFactory(resident__name=helper_name, description="Ik snoei graag heggen.")
    match = match_between(need, offer, state)
    MatchEvent.objects.create(
        match=match, actor=personas.fatima, from_state="", to_state=state,
        note=f"Marie en {helper_name} spraken af bij de bakker.",
    )  # fmt: skip
    return match


def test_export_holds_the_residents_needs_and_matches_without_the_helpers_name(personas):
    match = _helped_marie(personas, Match.State.ACTIVE)
    Match.objects.filter(pk=match.pk).update(evaluation="Gaat goed.")
    exported = exporters()["matching"](personas.marie, None)
    assert exported["offers"] == []
    assert [need["description"] for need in exported["needs"]] == [match.need.description]
    [shared] = exported["matches"]
    assert shared["state"] == "Loopt" and shared["role"] == "hulpvrager"
    assert shared["counterpart"] == "een andere bewoner"
    assert shared["evaluation"] == "Gaat goed."
    assert [event["role"] for event in shared["events"]] == ["Buurtwerker"]
    assert "Ik snoei graag heggen." not in json.dumps(exported)
    helper_export = exporters()["matching"](match.offer.resident, None)
    assert helper_export["matches"][0]["role"] == "helper"
    assert helper_export["needs"] == [] and len(helper_export["offers"]) == 1


def test_erasure_ends_running_matches_and_empties_free_text_but_keeps_the_counts(personas):
    suggested = _helped_marie(personas, Match.State.SUGGESTED, "Kees de Boer")
    active = _helped_marie(personas, Match.State.ACTIVE, "Ria Mulder")
    ended = _helped_marie(personas, Match.State.ENDED, "Joop Smit")
    Match.objects.filter(pk__in=[active.pk, ended.pk]).update(evaluation="Marie was blij.")
    others_offer = active.offer.description
    matches_before = Match.objects.count()
    assert erasers()["matching"](personas.marie) > 0
    suggested.refresh_from_db()
    active.refresh_from_db()
    ended.refresh_from_db()
    assert suggested.state == Match.State.DECLINED
    assert active.state == Match.State.ENDED and active.end_reason == Match.EndReason.OTHER
    assert {active.evaluation, ended.evaluation} == {""}
    notes = set(MatchEvent.objects.filter(match__need__resident=personas.marie).values_list(
        "note", flat=True))  # fmt: skip
    assert notes <= {"", "De bewoner is gewist."}
    assert set(
        Need.objects.filter(resident=personas.marie).values_list("description", flat=True)
    ) == {ANONYMISED}
    assert Offer.objects.get(pk=active.offer.pk).description == others_offer
    assert Match.objects.count() == matches_before
