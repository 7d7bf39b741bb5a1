"""Monthly series, trend and the charts of the self-reliance page."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from buurtwerk.community import actions
from buurtwerk.community.tests.factories import make_community
from buurtwerk.core.charts.months import last_months, monthly_totals, trend


def test_last_months_run_oldest_first_across_the_new_year() -> None:
    assert last_months(date(2026, 2, 10), 4) == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]


def test_monthly_totals_add_up_per_month_and_ignore_other_months() -> None:
    months = last_months(date(2026, 3, 31), 3)
    entries = [
        (date(2026, 1, 5), 2), (date(2026, 1, 20), 1.5), (date(2026, 3, 1), 1),
        (date(2025, 6, 1), 9),
    ]  # fmt: skip
    assert monthly_totals(entries, months) == [("jan 26", 3.5), ("feb 26", 0.0), ("mrt 26", 1.0)]


def test_trend_sees_support_going_down_up_or_staying_level() -> None:
    assert trend([8, 7, 7, 5, 4, 2]) == "down"
    assert trend([1, 2, 2, 4]) == "up"
    assert trend([3, 3, 3, 3]) == "flat"
    assert trend([0]) == "flat"


@pytest.mark.django_db
def test_the_initiative_page_shows_each_chart_as_an_image_beside_its_table(
    client, personas
) -> None:
    community = make_community(personas)
    today = timezone.localdate()
    actions.do_log_support(
        community.centre, {"given_on": today, "hours": Decimal("3.5")}, personas.fatima
    )
    client.force_login(personas.fatima)
    response = client.get(reverse("community:initiative_detail", args=[community.centre.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    this_month = last_months(today, 1)[0]
    label = monthly_totals([], [this_month])[0][0]
    assert f"<tr><td>{label}</td><td>3,5</td></tr>" in content
    for chart_id, title in (
        ("support", "Uren ondersteuning door de buurtwerker per maand"),
        ("held", "Aantal keer een activiteit gehouden per maand"),
    ):
        assert f'<title id="{chart_id}-title">{title}</title>' in content
        assert f'aria-labelledby="{chart_id}-title {chart_id}-desc"' in content
    assert content.count('role="img"') >= 2
    assert f"{label}, Ondersteuning: 3,5 u</title>" in content
    assert "style=" not in content and "<script>" not in content
