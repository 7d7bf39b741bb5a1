"""Casework: signals by category and route, and how contact time splits between individual
support and community building.

Area partners see only the liveability part: signals "voor de voordeur" that are not about a
person, the same signals their own scope in casework allows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from buurtwerk.casework.models import Contact, Route, Signal
from buurtwerk.core.charts.geo import Grid
from buurtwerk.core.charts.numbers import format_number

from .base import Area, KeyFigure, Period, Section, Table, monthly_table
from .places import CellCounts, cell_counts

ROUTE_COLUMNS = {Route.LIVEABILITY: "Voor de voordeur", Route.CARE: "Achter de voordeur"}
LIVEABILITY = Q(route=Route.LIVEABILITY, about_person=False)


def _signals(area: Area, period: Period) -> QuerySet[Signal]:
    return Signal.objects.filter(
        neighbourhood_id__in=area.neighbourhood_ids,
        created_at__gte=period.start,
        created_at__lt=period.end,
    )


def _per_month(signals: QuerySet[Signal], period: Period) -> dict[str, list[float]]:
    rows = (
        signals.annotate(month=TruncMonth("created_at"))
        .values("month", "route")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_route: dict[str, list[tuple[Any, float]]] = defaultdict(list)
    for row in rows:
        by_route[row["route"]].append((row["month"], row["n"]))
    return {
        label: period.per_month(by_route.get(route, [])) for route, label in ROUTE_COLUMNS.items()
    }


def _per_category(signals: QuerySet[Signal]) -> list[list[Any]]:
    rows = (
        signals.values("category__name", "route")
        .annotate(n=Count("id"))
        .order_by("category__name", "route")
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["category__name"]][row["route"]] = row["n"]
    table = [
        [name, *(per_route.get(route, 0) for route in ROUTE_COLUMNS)]
        for name, per_route in counts.items()
    ]
    return sorted(table, key=lambda row: (-sum(row[1:]), row[0]))


def liveability_section(area: Area, period: Period) -> Section:
    """For area partners: liveability signals per category and per month; two queries."""
    signals = _signals(area, period).filter(LIVEABILITY)
    per_category = [row[:2] for row in _per_category(signals)]
    per_month = _per_month(signals, period)[ROUTE_COLUMNS[Route.LIVEABILITY]]
    return Section(
        "leefbaarheid",
        "Leefbaarheid: meldingen voor de voordeur",
        "Meldingen over de openbare ruimte, zoals afval, overlast en onveilige plekken.",
        [
            Table(
                "meldingen-per-soort",
                "Meldingen voor de voordeur per soort",
                "Aantal meldingen over de openbare ruimte in de periode, per soort.",
                ["Soort", "Meldingen"],
                per_category,
                chart="hbar",
            ),
            monthly_table(
                "meldingen-per-maand",
                "Meldingen voor de voordeur per maand",
                "Aantal meldingen over de openbare ruimte per maand.",
                period,
                {"Meldingen": per_month},
                chart="bar",
            ),
        ],
        [KeyFigure("Meldingen voor de voordeur", format_number(sum(per_month)))],
    )


def signals_section(area: Area, period: Period) -> Section:
    """For professionals: all signals by category and route, and per month; two queries."""
    signals = _signals(area, period)
    per_month = _per_month(signals, period)
    total = sum(sum(values) for values in per_month.values())
    return Section(
        "signalen",
        "Signalen",
        "Wat er in de buurt opvalt, voor de voordeur (leefbaarheid) en achter de voordeur "
        "(zorg en welzijn).",
        [
            Table(
                "signalen-per-soort",
                "Signalen per soort en route",
                "Aantal signalen in de periode per soort, voor en achter de voordeur.",
                ["Soort", *ROUTE_COLUMNS.values()],
                _per_category(signals),
                chart="hstacked",
            ),
            monthly_table(
                "signalen-per-maand",
                "Signalen per maand",
                "Aantal signalen per maand, voor en achter de voordeur.",
                period,
                per_month,
                chart="stacked",
            ),
        ],
        [KeyFigure("Signalen", format_number(total), "in de hele periode")],
    )


def contacts_of(area: Area) -> QuerySet[Contact]:
    """A team's dashboard counts its members' contacts; a neighbourhood's the contacts with
    its residents (work for the neighbourhood as a whole has no resident to place it)."""
    if area.team_id is not None:
        return Contact.objects.filter(worker__teams__id=area.team_id).distinct()
    with_residents_here = Contact.residents.through.objects.filter(
        contact_id=OuterRef("pk"), resident__neighbourhood_id__in=area.neighbourhood_ids
    )
    return Contact.objects.filter(Exists(with_residents_here))


def contacts_section(area: Area, period: Period) -> Section:
    """Hours of contact per month, individual support against community building; one query."""
    contacts = Contact.objects.filter(
        pk__in=contacts_of(area).values("pk"),
        happened_on__gte=period.start.date(),
        happened_on__lt=period.end.date(),
    )
    rows = (
        contacts.annotate(month=TruncMonth("happened_on"))
        .values("month", "purpose")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by()
    )
    by_purpose: dict[str, list[tuple[Any, float]]] = defaultdict(list)
    for row in rows:
        by_purpose[row["purpose"]].append((row["month"], (row["minutes"] or 0) / 60))
    hours = {
        str(label): period.per_month(by_purpose.get(purpose, []))
        for purpose, label in Contact.Purpose.choices
    }
    casework_hours = sum(hours[str(Contact.Purpose.CASEWORK.label)])
    community_hours = sum(hours[str(Contact.Purpose.COMMUNITY.label)])
    total = casework_hours + community_hours
    share = f"{round(100 * community_hours / total)}%" if total else "–"
    scope_text = (
        "Alle contacten van de teamleden."
        if area.team_id is not None
        else "Contacten met bewoners uit deze buurt."
    )
    return Section(
        "contacten",
        "Contacten: individueel of samen",
        "Hoeveel tijd naar individuele ondersteuning gaat en hoeveel naar samenlevingsopbouw. "
        + scope_text,
        [
            monthly_table(
                "contacten-per-maand",
                "Uren contact per maand",
                "Uren contact per maand: individuele ondersteuning en samenlevingsopbouw.",
                period,
                hours,
                chart="stacked",
                unit=" u",
            )
        ],
        [
            KeyFigure("Uren contact", format_number(round(total, 1)), "in de hele periode"),
            KeyFigure("Samenlevingsopbouw", share, "van de contacttijd"),
        ],
    )


def _open_signals(area: Area) -> QuerySet[Signal]:
    return Signal.objects.filter(neighbourhood_id__in=area.neighbourhood_ids).exclude(
        status=Signal.Status.CLOSED
    )


def open_signals(area: Area, grid: Grid) -> CellCounts:
    """Open signals of both routes (professionals)."""
    return cell_counts(_open_signals(area), grid)


def open_liveability_signals(area: Area, grid: Grid) -> CellCounts:
    """Open signals about the public space, not about a person (area partners)."""
    return cell_counts(_open_signals(area).filter(LIVEABILITY), grid)
