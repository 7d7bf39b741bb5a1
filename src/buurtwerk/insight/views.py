"""Dashboard pages and their exports. Every export is checked, audited and never cached."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose, Why
from buurtwerk.core.figures import trusted_svg
from buurtwerk.core.permissions import Action, require

from . import exports, queries
from .dashboard import Dashboard, build_dashboard, chart_for
from .engine.parsing import parse_month, parse_whole
from .figures.base import Period
from .models import NeighbourhoodDashboard

PERIOD_CHOICES = (6, 12, 24)
DEFAULT_MONTHS = 12
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _months(request: HttpRequest) -> int:
    months = parse_whole(request.GET.get("maanden", ""))
    return months if months in PERIOD_CHOICES else DEFAULT_MONTHS


def _report_month(request: HttpRequest) -> tuple[int, int]:
    """?maand=2026-10; anything else means the current month."""
    month = parse_month(request.GET.get("maand", ""))
    if month is not None:
        return month
    today = timezone.localdate()
    return today.year, today.month


def _download(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _dashboard(
    request: HttpRequest, kind: str, key: str, purpose: Why, **options: Any
) -> Dashboard:
    area = queries.get_area_for(request.user, kind, key, purpose=purpose)
    period = options.pop("period", None) or Period.recent(_months(request))
    care = queries.sees_care_figures(request.user)
    return build_dashboard(area, period, care=care, **options)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, NeighbourhoodDashboard, purpose=Purpose.INSIGHT_OVERVIEW)
    context = {
        "neighbourhoods": queries.neighbourhood_dashboards_for(request.user),
        "teams": queries.team_dashboards_for(request.user),
        "care": queries.sees_care_figures(request.user),
    }
    return render(request, "insight/index.html", context)


@login_required
@never_cache
def dashboard(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    board = _dashboard(request, kind, key, Purpose.INSIGHT_DASHBOARD)
    record(request.user, AuditVerb.VIEW, board.area.record, purpose=Purpose.INSIGHT_DASHBOARD)
    sections = [
        {
            "section": section,
            "tables": [
                {"table": table, "chart": trusted_svg(chart_for(table, f"grafiek-{table.key}"))}
                for table in section.tables
            ],
        }
        for section in board.sections
    ]
    layers = [
        {"layer": layer, "svg": trusted_svg(layer.svg)}
        for layer in (board.map.layers if board.map else [])
    ]
    context = {
        "board": board,
        "sections": sections,
        "layers": layers,
        "months": len(board.period.months),
        "period_choices": PERIOD_CHOICES,
        "this_month": timezone.localdate().strftime("%Y-%m"),
    }
    return render(request, "insight/dashboard.html", context)


@login_required
@never_cache
def export_table(request: HttpRequest, kind: str, key: str, table: str, fmt: str) -> HttpResponse:
    purpose = Purpose.INSIGHT_TABLE_EXPORT.detailed(f"{table} als {fmt}")
    board = _dashboard(request, kind, key, purpose, with_map=table == "kaart")
    found = board.table(table)
    if found is None or fmt not in ("csv", "xlsx"):
        raise Http404("Tabel niet gevonden")
    record(request.user, AuditVerb.EXPORT, board.area.record, purpose=purpose)
    content = exports.table_csv(found) if fmt == "csv" else exports.tables_xlsx([found])
    return _download(content, fmt, f"{board.area.key}-{found.key}")


@login_required
@never_cache
def export_all(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    purpose = Purpose.INSIGHT_ALL_TABLES_EXPORT
    board = _dashboard(request, kind, key, purpose)
    record(request.user, AuditVerb.EXPORT, board.area.record, purpose=purpose)
    return _download(exports.tables_xlsx(board.tables()), "xlsx", f"{board.area.key}-inzicht")


@login_required
@never_cache
def monthly_report(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    year, month = _report_month(request)
    purpose = Purpose.INSIGHT_MONTHLY_REPORT.detailed(f"{year}-{month:02d}")
    board = _dashboard(request, kind, key, purpose, period=Period.ending(year, month))
    record(request.user, AuditVerb.EXPORT, board.area.record, purpose=purpose)
    content = exports.report_pdf(board, date_format(date(year, month, 1), "F Y"))
    return _download(content, "pdf", f"{board.area.key}-maandrapport-{year}-{month:02d}")
