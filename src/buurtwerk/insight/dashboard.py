"""Putting a dashboard together: the sections a user may see, their charts and the map.

Settings (all optional):
- INSIGHT_MAP_CELL_METRES (250): the side of a map cell.
- INSIGHT_MAP_MIN_COUNT (3): cells with fewer records are withheld (k-anonymity).
- INSIGHT_MAP_REFERENCE_LATITUDE (52.0): where cells are exactly square.
- INSIGHT_MAP_TILES (None): {"url": ".../{z}/{x}/{y}.png", "attribution": "..."} to draw map
  tiles under the grid; off by default so nothing is fetched from outside.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from buurtwerk.core.charts.geo import Extent, Grid, TileSource, grid_map_svg, suppress
from buurtwerk.core.charts.svg import Series, bar_chart, horizontal_bar_chart, line_chart

from .figures import LAYERS, SECTIONS
from .figures.base import Area, Period, Section, Table
from .figures.places import residents

SUPPRESSED = "–"


@dataclass
class MapLayer:
    key: str
    title: str
    svg: str
    shown: int
    withheld: int


@dataclass
class AreaMap:
    layers: list[MapLayer]
    table: Table
    min_count: int
    cell_metres: float


@dataclass
class Dashboard:
    area: Area
    period: Period
    care: bool
    sections: list[Section] = field(default_factory=list)
    map: AreaMap | None = None

    def tables(self) -> list[Table]:
        tables = [table for section in self.sections for table in section.tables]
        return tables + ([self.map.table] if self.map else [])

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables() if table.key == key), None)


def grid() -> Grid:
    return Grid(
        cell_metres=float(getattr(settings, "INSIGHT_MAP_CELL_METRES", 250.0)),
        reference_latitude=float(getattr(settings, "INSIGHT_MAP_REFERENCE_LATITUDE", 52.0)),
    )


def min_count() -> int:
    return int(getattr(settings, "INSIGHT_MAP_MIN_COUNT", 3))


def tile_source() -> TileSource | None:
    configured = getattr(settings, "INSIGHT_MAP_TILES", None)
    if not configured:
        return None
    return TileSource(
        url=configured["url"],
        attribution=configured.get("attribution", ""),
        max_zoom=int(configured.get("max_zoom", 18)),
    )


def build_dashboard(area: Area, period: Period, *, care: bool, with_map: bool = True) -> Dashboard:
    """The figures for `area` over `period`; without `care` only those for area partners."""
    dashboard = Dashboard(area, period, care)
    for contribution in SECTIONS:
        if contribution.for_viewer(care):
            section = contribution.section(area, period)
            if section is not None:
                dashboard.sections.append(section)
    if with_map:
        dashboard.map = build_map(area, care=care)
    return dashboard


def build_map(area: Area, *, care: bool) -> AreaMap | None:
    """One small map per layer over the same cells, and one table of all shown counts."""
    cells = grid()
    k = min_count()
    layers = [layer for layer in LAYERS if layer.for_viewer(care)]
    if not layers:
        return None
    raw = {layer.key: layer.counts(area, cells) for layer in layers}
    shown = {key: suppress(counts.records, k, counts.people) for key, counts in raw.items()}
    # The residents' cells outline the area; an area partner gets no outline from care data.
    backdrop = sorted(suppress(residents(area, cells).records, k)) if care else []
    extent = Extent.around([cell for counts in shown.values() for cell in counts] + backdrop)
    if extent is None:
        return None
    tiles = tile_source()
    map_layers = []
    for layer in layers:
        counts = shown[layer.key]
        withheld = sum(raw[layer.key].records.values()) - sum(counts.values())
        svg = grid_map_svg(
            cells,
            extent,
            counts,
            chart_id=f"kaart-{layer.key}",
            title=f"Kaart: {layer.title.lower()}",
            description=(
                f"{layer.title} per vak van {cells.cell_metres:.0f} bij {cells.cell_metres:.0f} "
                f"meter. Vakken met minder dan {k} zijn weggelaten. De tabel onder de kaarten "
                "geeft dezelfde aantallen."
            ),
            backdrop=backdrop,
            tiles=tiles,
            min_count=k,
        )
        map_layers.append(MapLayer(layer.key, layer.title, svg, sum(counts.values()), withheld))
    table_cells = sorted(
        {cell for counts in shown.values() for cell in counts}, key=extent.sort_key
    )
    table = Table(
        "kaart",
        "Kaart in vakken",
        f"Aantallen per vak; {SUPPRESSED} betekent minder dan {k} (of geen).",
        ["Vak", *(layer.title for layer in layers)],
        [
            [extent.name(cell), *(shown[layer.key].get(cell, SUPPRESSED) for layer in layers)]
            for cell in table_cells
        ],
    )
    return AreaMap(map_layers, table, k, cells.cell_metres)


def chart_for(table: Table, chart_id: str) -> str:
    """The SVG chart of a table (empty string for a table without a chart)."""
    if not table.chart:
        return ""
    labels = [str(row[0]) for row in table.rows]
    series = [
        Series(table.columns[index], table.column(index)) for index in range(1, len(table.columns))
    ]
    common: dict[str, Any] = {
        "chart_id": chart_id,
        "title": table.title,
        "description": table.description,
        "unit": table.unit,
    }
    if table.chart == "line":
        return line_chart(labels, series, **common)
    if table.chart in ("hbar", "hstacked"):
        if table.chart == "hbar":
            series = series[:1]
        return horizontal_bar_chart(labels, series, **common)
    return bar_chart(labels, series, stacked=table.chart == "stacked", **common)
