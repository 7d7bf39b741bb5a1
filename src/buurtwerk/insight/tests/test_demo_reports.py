"""The teamleider's month: every dashboard and monthly report of the demo opens."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from buurtwerk.accounts.models import User
from buurtwerk.core.demo import build_demo
from buurtwerk.insight import queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["ingrid", "fatima"])
def test_every_demo_team_and_neighbourhood_has_a_dashboard_and_a_monthly_report(
    username: str,
) -> None:
    build_demo()
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    areas = [
        ("neighbourhood", area.code) for area in queries.neighbourhood_dashboards_for(user)
    ] + [("team", area.pk) for area in queries.team_dashboards_for(user)]
    assert {"Espelerhof", "Doen!-team Emmerveld"} <= {
        *queries.neighbourhood_dashboards_for(user).values_list("name", flat=True),
        *queries.team_dashboards_for(user).values_list("name", flat=True),
    }
    for name, key in areas:
        page = client.get(reverse(f"insight:{name}", args=[key]))
        assert page.status_code == 200, (name, key)
        for month in ("", "2026-11"):
            report = client.get(reverse(f"insight:{name}_report", args=[key]), {"maand": month})
            assert report.status_code == 200, (name, key, month)
            assert report.content.startswith(b"%PDF")
