"""The demo centre: a month of rota, rides, and reconnect suggestions that work on its data."""

import pytest

from buurtwerk.community import queries
from buurtwerk.community.models import Activity, RideRequest, Shift
from buurtwerk.core.demo import build_demo, remove_demo

pytestmark = pytest.mark.django_db


def test_the_demo_centre_has_its_activities_rota_rides_and_reconnect_suggestions() -> None:
    context = build_demo(2026)
    users = context.objects["users"]
    titles = set(Activity.objects.values_list("title", flat=True))
    assert {"Eetclub", "Koffieochtend", "Inloopspreekuur"} <= titles
    walk_in = Activity.objects.get(title="Inloopspreekuur")
    assert walk_in.partners.count() == 3 and walk_in.recurrence_text.startswith("elke eerste")
    assert Shift.objects.count() > 0
    assert queries.own_upcoming_shifts(users["henk"]).exists()
    assert queries.own_upcoming_shifts(users["annie"]).exists()
    assert RideRequest.objects.filter(status="confirmed", arrangement__isnull=False).count() > 1
    lonely = queries.reconnect_candidates(users["fatima"])
    assert lonely
    suggested = [r for r in lonely if queries.reconnect_suggestions(users["fatima"], r)]
    assert suggested
    remove_demo()
    assert not Activity.objects.exists()
