"""The demo centre: a month of rota, rides, and reconnect suggestions that work on its data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from buurtwerk.community import queries
from buurtwerk.community.models import Activity, HandoverTask, RideRequest, RotaPattern, Shift
from buurtwerk.core.demo import build_demo, remove_demo

pytestmark = pytest.mark.django_db


def test_the_demo_centre_has_its_activities_rota_rides_and_reconnect_suggestions() -> None:
    context = build_demo(2026)
    users = context.objects["users"]
    titles = set(Activity.objects.values_list("title", flat=True))
    assert {"Eetclub", "Koffieochtend", "Inloopspreekuur"} <= titles
    walk_in = Activity.objects.get(title="Inloopspreekuur")
    assert walk_in.partners.count() == 3 and walk_in.recurrence_text.startswith("elke eerste")
    centre = context.objects["community"]["centre"]
    assert 28 <= centre.volunteers.count() <= 32
    horizon = timezone.now() + timedelta(days=56)
    assert Shift.objects.filter(occurrence__starts_at__gte=horizon).exists()
    assert RotaPattern.objects.filter(volunteer__resident__name="Henk Kuipers").exists()
    gaps = queries.rota_gaps(centre, users["fatima"])
    assert [gap.role for gap in gaps] == ["listening_ear"]
    assert HandoverTask.objects.filter(handed_over_on__isnull=True).count() == 2
    assert queries.own_upcoming_shifts(users["henk"]).exists()
    assert queries.own_upcoming_shifts(users["annie"]).exists()
    assert RideRequest.objects.filter(status="confirmed", arrangement__isnull=False).count() > 1
    lonely = queries.reconnect_candidates(users["fatima"])
    assert lonely
    suggested = [r for r in lonely if queries.reconnect_suggestions(users["fatima"], r)]
    assert suggested
    remove_demo()
    assert not Activity.objects.exists()
