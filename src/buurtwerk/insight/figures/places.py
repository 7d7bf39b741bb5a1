"""Map layers: where open needs and offers are, counted per grid cell in the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet
from django.db.models.functions import Floor

from buurtwerk.core.charts.geo import Cell, Grid
from buurtwerk.matching.models import Need, Offer
from buurtwerk.people.models import Resident

from .base import Area


@dataclass(frozen=True)
class CellCounts:
    """Records per cell, and the number of different people behind them (for suppression)."""

    records: dict[Cell, int]
    people: dict[Cell, int]


def cell_counts(
    queryset: QuerySet[Any], grid: Grid, *, via: str = "", person: str = "id"
) -> CellCounts:
    """Records per grid cell, counted by the database: one row per cell, never per record.

    `person` is the field that tells whose record it is (the resident behind a need).
    """
    prefix = f"{via}__" if via else ""
    lat, lon = f"{prefix}lat", f"{prefix}lon"
    rows = (
        queryset.filter(**{f"{lat}__isnull": False, f"{lon}__isnull": False})
        .annotate(
            cell_column=Floor(F(lon) / grid.cell_width),
            cell_row=Floor(F(lat) / grid.cell_height),
        )
        .values("cell_column", "cell_row")
        .annotate(n=Count("id"), people=Count(person, distinct=True))
        .order_by()
    )
    records, people = {}, {}
    for row in rows:
        cell = (int(row["cell_column"]), int(row["cell_row"]))
        records[cell], people[cell] = row["n"], row["people"]
    return CellCounts(records, people)


def open_needs(area: Area, grid: Grid) -> CellCounts:
    needs = Need.objects.filter(
        status=Need.Status.OPEN,
        resident__neighbourhood_id__in=area.neighbourhood_ids,
        resident__erased_at__isnull=True,
    )
    return cell_counts(needs, grid, via="resident", person="resident_id")


def active_offers(area: Area, grid: Grid) -> CellCounts:
    offers = Offer.objects.filter(
        status=Offer.Status.ACTIVE,
        resident__neighbourhood_id__in=area.neighbourhood_ids,
        resident__erased_at__isnull=True,
    )
    return cell_counts(offers, grid, via="resident", person="resident_id")


def residents(area: Area, grid: Grid) -> CellCounts:
    """Where the known residents live: drawn (only where k or more) as the area's outline."""
    return cell_counts(
        Resident.objects.filter(
            neighbourhood_id__in=area.neighbourhood_ids, erased_at__isnull=True
        ),
        grid,
    )
