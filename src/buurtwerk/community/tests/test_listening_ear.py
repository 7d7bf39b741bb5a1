"""The listening ear at the walk-in passes on what they heard as a signal, in one step."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from buurtwerk.casework.models import Signal, SignalCategory
from buurtwerk.community import actions
from buurtwerk.community.models import Activity, Occurrence
from buurtwerk.community.tests.factories import make_community, next_weekday_at

pytestmark = pytest.mark.django_db


def _walk_in_shift(community):
    personas = community.personas
    actions.do_update_volunteer(
        community.henk_volunteer, {"roles": ["host", "listening_ear"]}, personas.fatima
    )
    walk_in = actions.do_create_activity(
        community.centre,
        {
            "title": "Inloopspreekuur",
            "kind": Activity.Kind.WALK_IN,
            "location_name": "Buurthuis Noorderhof",
            "starts_at": next_weekday_at(2, 14),
            "roles_needed": {"listening_ear": 1},
        },
        personas.fatima,
    )
    occurrence = walk_in.occurrences.get()
    shift = actions.do_assign_shift(
        occurrence, community.henk_volunteer, "listening_ear", personas.fatima
    )
    return shift


def _now_running(shift):
    start = timezone.now() - timedelta(minutes=30)
    Occurrence.objects.filter(pk=shift.occurrence_id).update(
        starts_at=start, ends_at=start + timedelta(hours=2)
    )
    shift.refresh_from_db()


def test_the_listening_ear_passes_on_a_signal_from_the_phone(client, personas) -> None:
    community = make_community(personas)
    shift = _walk_in_shift(community)
    client.force_login(personas.henk)
    assert "Geef een signaal door" not in client.get("/buurt/mijn-diensten/").content.decode()
    _now_running(shift)
    assert "Geef een signaal door" in client.get("/buurt/mijn-diensten/").content.decode()
    category = SignalCategory.objects.filter(active=True).first()
    client.post(
        f"/buurt/diensten/{shift.pk}/signaal/",
        {"category": category.pk, "description": "Mevrouw op 12 komt de deur niet meer uit."},
    )
    signal = Signal.objects.get()
    assert signal.source == Signal.Source.WALK_IN and signal.reporter == personas.henk
    assert signal.neighbourhood == personas.north
    assert signal.address == "Buurthuis Noorderhof"


def test_only_the_own_running_listening_ear_shift_can_pass_on(personas) -> None:
    community = make_community(personas)
    shift = _walk_in_shift(community)
    category = SignalCategory.objects.filter(active=True).first()
    data = {"category": category, "description": "Iets gehoord"}
    with pytest.raises(ValidationError, match="luisterend oor"):
        actions.do_pass_on_signal(shift, data, personas.henk)
    _now_running(shift)
    with pytest.raises(PermissionDenied):
        actions.do_pass_on_signal(shift, data, personas.fatima)
    with pytest.raises(ValidationError, match="Schrijf kort"):
        actions.do_pass_on_signal(shift, {"category": category, "description": " "}, personas.henk)
    assert not Signal.objects.exists()
