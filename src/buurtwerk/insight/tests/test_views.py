"""Dashboard pages and exports: who sees what, what the files hold, and how many queries."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from buurtwerk.audit.models import AuditEntry, AuditVerb
from buurtwerk.core.testing import Personas
from buurtwerk.matching.models import Match

from . import factories as f

pytestmark = pytest.mark.django_db

S = Match.State


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def north_url(personas: Personas) -> str:
    return reverse("insight:neighbourhood", args=[personas.north.code])


def some_figures(personas: Personas, scale: int = 1) -> None:
    """Needs, matches, an activity and referrals in the north; `scale` times as many."""
    now = timezone.now()
    coffee = f.activity(personas.north)
    for index in range(scale):
        helper = f.resident(personas.north, lat=52.37, lon=4.9)
        f.match(personas.marie, helper, [(S.INTRODUCED, f.month_start(2 + index % 3))])
        f.need(f.resident(personas.north, lat=52.37, lon=4.9), created=now - timedelta(days=9))
        f.offer(helper)
        visit = f.occurrence(coffee, f.month_start(1 + index % 3, 1 + index % 20), walk_ins=2)
        f.came(personas.jan, visit)
        f.referral(personas.north, personas.fatima, f"Onderwerp {index % 4}", helped=True)


def test_the_menu_and_the_panel_lead_professionals_to_their_dashboards(
    personas: Personas,
) -> None:
    page = client_for(personas.fatima).get(reverse("core:dashboard"))
    content = page.content.decode()
    assert f'href="{reverse("insight:index")}"' in content
    assert f'href="{north_url(personas)}"' in content


def test_volunteers_and_administrators_have_no_dashboards(personas: Personas) -> None:
    for user in (personas.henk, personas.beheer):
        client = client_for(user)
        assert (
            reverse("insight:index") not in client.get(reverse("core:dashboard")).content.decode()
        )
        assert client.get(reverse("insight:index")).status_code == 403
        assert client.get(north_url(personas)).status_code == 403


def test_a_professional_sees_every_figure_of_their_neighbourhood(personas: Personas) -> None:
    some_figures(personas)
    page = client_for(personas.fatima).get(north_url(personas))
    assert page.status_code == 200
    content = page.content.decode()
    for heading in ("Koppelen", "Bewoners met een klein netwerk", "Activiteiten en vrijwilligers"):
        assert heading in content
    assert 'role="img"' in content
    assert "style=" not in content
    assert "<script>" not in content


def test_another_teams_neighbourhood_is_not_found_and_the_attempt_is_logged(
    personas: Personas,
) -> None:
    client = client_for(personas.fatima)
    south = reverse("insight:neighbourhood", args=[personas.south.code])
    assert client.get(south).status_code == 404
    assert client.get(reverse("insight:team", args=[personas.team_south.pk])).status_code == 404
    assert client.get(reverse("insight:team", args=["geen-getal"])).status_code == 404
    assert client.get(reverse("insight:team", args=["²"])).status_code == 404
    assert AuditEntry.objects.filter(actor=personas.fatima, verb=AuditVerb.DENIED).count() == 4


def test_odd_period_and_month_values_fall_back_to_the_defaults(personas: Personas) -> None:
    client = client_for(personas.fatima)
    page = client.get(north_url(personas), {"maanden": "²"})
    assert page.status_code == 200
    assert page.context["months"] == 12
    assert client.get(north_url(personas), {"maanden": "6"}).context["months"] == 6


def test_a_teamleider_sees_the_dashboard_of_their_team(personas: Personas) -> None:
    some_figures(personas)
    client = client_for(personas.ingrid)
    assert client.get(reverse("insight:team", args=[personas.team_north.pk])).status_code == 200
    assert client.get(reverse("insight:team", args=[personas.team_south.pk])).status_code == 404


def test_an_area_partner_sees_no_care_figures(personas: Personas) -> None:
    some_figures(personas)
    client = client_for(personas.bakker)
    page = client.get(north_url(personas))
    assert page.status_code == 200
    content = page.content.decode()
    assert "alleen cijfers over leefbaarheid" in content
    assert "Meldingen voor de voordeur per soort" in content
    for care in (
        "Koppelen",
        "klein netwerk",
        "Doorverwijzingen",
        "Hulpvragen die wachten",
        "Achter de voordeur",
        "Samenlevingsopbouw",
    ):
        assert care not in content
    export = reverse(
        "insight:neighbourhood_export", args=[personas.north.code, "wachttijd-in-dagen", "csv"]
    )
    assert client.get(export).status_code == 404
    everything = reverse("insight:neighbourhood_export_all", args=[personas.north.code])
    workbook = load_workbook(io.BytesIO(client.get(everything).content))
    assert "Koppelingen per maand" not in workbook.sheetnames
    assert "Kaart in vakken" not in workbook.sheetnames


def test_a_table_exports_as_csv_that_reads_back(personas: Personas) -> None:
    some_figures(personas)
    url = reverse(
        "insight:neighbourhood_export", args=[personas.north.code, "koppelingen-per-maand", "csv"]
    )
    response = client_for(personas.fatima).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Maand", "Nieuw", "Lopend"]
    assert len(rows) == 13
    assert sum(int(row[1]) for row in rows[1:]) == 1
    entry = AuditEntry.objects.filter(verb=AuditVerb.EXPORT).get()
    assert entry.actor == personas.fatima
    assert "koppelingen-per-maand" in entry.purpose


def test_a_table_exports_as_xlsx_with_numbers_as_numbers(personas: Personas) -> None:
    some_figures(personas, scale=3)
    url = reverse(
        "insight:neighbourhood_export",
        args=[personas.north.code, "doorverwijzingen-per-onderwerp", "xlsx"],
    )
    workbook = load_workbook(io.BytesIO(client_for(personas.fatima).get(url).content))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Onderwerp", "Doorverwezen", "Geholpen")
    assert sorted(rows[1:]) == [("Onderwerp 0", 1, 1), ("Onderwerp 1", 1, 1), ("Onderwerp 2", 1, 1)]


def test_free_text_never_becomes_a_spreadsheet_formula(personas: Personas) -> None:
    f.referral(personas.north, personas.fatima, '=HYPERLINK("http://kwaad")')
    client = client_for(personas.fatima)
    base = [personas.north.code, "doorverwijzingen-per-onderwerp"]
    csv_text = client.get(reverse("insight:neighbourhood_export", args=[*base, "csv"])).content
    assert b"'=HYPERLINK" in csv_text
    workbook = load_workbook(
        io.BytesIO(
            client.get(reverse("insight:neighbourhood_export", args=[*base, "xlsx"])).content
        )
    )
    assert workbook.active["A2"].value.startswith("'=")
    assert workbook.active["A2"].data_type == "s"


def test_all_tables_export_as_one_workbook(personas: Personas) -> None:
    some_figures(personas, scale=3)
    url = reverse("insight:neighbourhood_export_all", args=[personas.north.code])
    workbook = load_workbook(io.BytesIO(client_for(personas.fatima).get(url).content))
    assert "Koppelingen per maand" in workbook.sheetnames
    assert "Kaart in vakken" in workbook.sheetnames
    assert len(workbook.sheetnames) >= 8


def test_an_unknown_table_or_format_is_not_found(personas: Personas) -> None:
    client = client_for(personas.fatima)
    for table, fmt in (("bestaat-niet", "csv"), ("koppelingen-per-maand", "exe")):
        url = reverse("insight:neighbourhood_export", args=[personas.north.code, table, fmt])
        assert client.get(url).status_code == 404


def test_the_monthly_report_is_a_pdf_and_is_audited(personas: Personas) -> None:
    some_figures(personas)
    url = reverse("insight:neighbourhood_report", args=[personas.north.code])
    response = client_for(personas.fatima).get(url, {"maand": "2026-10"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "maandrapport-2026-10" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(verb=AuditVerb.EXPORT, purpose__contains="2026-10").exists()


def test_a_nonsense_report_month_falls_back_to_this_month(personas: Personas) -> None:
    url = reverse("insight:team_report", args=[personas.team_north.pk])
    response = client_for(personas.ingrid).get(url, {"maand": "2026-13"})
    this_month = timezone.localdate().strftime("%Y-%m")
    assert f"maandrapport-{this_month}" in response["Content-Disposition"]


def test_exports_are_scoped_like_the_page(personas: Personas) -> None:
    client = client_for(personas.karin)
    url = reverse("insight:neighbourhood_report", args=[personas.north.code])
    assert client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(verb=AuditVerb.EXPORT).exists()


def _queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_dashboard_takes_the_same_few_queries_whatever_the_amount_of_data(
    personas: Personas, django_assert_max_num_queries
) -> None:
    client = client_for(personas.fatima)
    url = north_url(personas)
    some_figures(personas, scale=1)
    # The first request of a session also writes the session; measure from the second on.
    _queries_for(client, url)
    small = _queries_for(client, url)
    some_figures(personas, scale=12)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
    assert _queries_for(client, url) == small


def test_exports_take_a_bounded_number_of_queries(
    personas: Personas, django_assert_max_num_queries
) -> None:
    some_figures(personas, scale=6)
    client = client_for(personas.fatima)
    with django_assert_max_num_queries(40):
        client.get(reverse("insight:neighbourhood_export_all", args=[personas.north.code]))
    with django_assert_max_num_queries(40):
        client.get(reverse("insight:neighbourhood_report", args=[personas.north.code]))
