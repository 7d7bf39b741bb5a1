"""A privacy-preserving grid map: counts per square cell, small counts withheld, drawn as SVG.

Records are never drawn one by one. Each is counted in a fixed grid of square cells (250 m by
default) anchored at latitude and longitude 0, so the same cells come back on every page and
two views cannot be laid over each other to narrow down a household. A cell with records of
fewer than `k` people is withheld entirely: it is neither drawn nor counted in the table.

Positions are drawn in Web Mercator, so map tiles line up underneath when an installation
configures a tile server; without one the map is the grid alone.
"""

from __future__ import annotations

import math
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .numbers import format_number
from .svg import FONT, TEXT

METRES_PER_DEGREE_LATITUDE = 111_320.0
Cell = tuple[int, int]  # (column, row): floor(lon / cell width), floor(lat / cell height)

# Light to dark blue; the darkest shades carry white labels.
SHADES = ("#DCEAF7", "#A9CCEB", "#6AA6D9", "#2F78BE", "#0B4A8B")
BACKDROP = "#EDEDED"
BACKDROP_EDGE = "#C8C8C8"
MIN_LABELLED_CELL_PX = 22
MIN_NAMED_CELL_PX = 12


@dataclass(frozen=True, slots=True)
class Grid:
    """Square cells of `cell_metres`, sized in degrees at `reference_latitude`.

    One reference latitude per installation keeps the cells identical everywhere (in the
    Netherlands 52 degrees is within 2% of the true width from Maastricht to Groningen).
    """

    cell_metres: float = 250.0
    reference_latitude: float = 52.0

    @property
    def cell_height(self) -> float:
        return self.cell_metres / METRES_PER_DEGREE_LATITUDE

    @property
    def cell_width(self) -> float:
        return self.cell_height / math.cos(math.radians(self.reference_latitude))

    def cell_of(self, lat: float, lon: float) -> Cell:
        return math.floor(lon / self.cell_width), math.floor(lat / self.cell_height)

    def bounds(self, cell: Cell) -> tuple[float, float, float, float]:
        """(south, west, north, east) of a cell in degrees."""
        column, row = cell
        south, west = row * self.cell_height, column * self.cell_width
        return south, west, south + self.cell_height, west + self.cell_width


def count_cells(grid: Grid, points: Iterable[tuple[float, float]]) -> dict[Cell, int]:
    """Count (lat, lon) points per cell (the database does this for real data; this is the
    reference the tests hold it to)."""
    counts: dict[Cell, int] = {}
    for lat, lon in points:
        cell = grid.cell_of(lat, lon)
        counts[cell] = counts.get(cell, 0) + 1
    return counts


def suppress(
    counts: Mapping[Cell, int], k: int, people: Mapping[Cell, int] | None = None
) -> dict[Cell, int]:
    """Only the cells with at least `k` records, or with `people`: records of at least `k`
    different people (three needs of one resident still point at one household)."""
    people = counts if people is None else people
    return {cell: count for cell, count in counts.items() if people.get(cell, 0) >= k}


def mercator(lat: float, lon: float) -> tuple[float, float]:
    """Web Mercator in units of the whole world: x and y from 0 to 1, y growing southward."""
    lat = max(min(lat, 85.0511), -85.0511)
    x = (lon + 180.0) / 360.0
    sin = math.sin(math.radians(lat))
    y = 0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)
    return x, y


def column_name(index: int) -> str:
    """A, B, ..., Z, AA, AB, ...: the letters on the map's top edge."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = string.ascii_uppercase[remainder] + name
    return name


@dataclass(frozen=True, slots=True)
class Extent:
    """The cells shown: a rectangle of whole cells, named like a street map (A1 top left)."""

    min_column: int
    max_column: int
    min_row: int
    max_row: int

    @classmethod
    def around(cls, cells: Iterable[Cell], margin: int = 1) -> Extent | None:
        cells = list(cells)
        if not cells:
            return None
        columns = [column for column, _ in cells]
        rows = [row for _, row in cells]
        return cls(
            min(columns) - margin, max(columns) + margin, min(rows) - margin, max(rows) + margin
        )

    def name(self, cell: Cell) -> str:
        column, row = cell
        # Rows count from the north, as people read a map.
        return f"{column_name(column - self.min_column)}{self.max_row - row + 1}"

    def sort_key(self, cell: Cell) -> tuple[int, int]:
        return self.max_row - cell[1], cell[0]


@dataclass(frozen=True, slots=True)
class TileSource:
    """A slippy-map tile server: `url` has {z}, {x} and {y}; shown only where configured."""

    url: str
    attribution: str = ""
    max_zoom: int = 18


@dataclass(frozen=True, slots=True)
class Tile:
    href: str
    x: float
    y: float
    size: float


class _Frame:
    """Turns degrees into SVG pixels for one extent."""

    def __init__(self, grid: Grid, extent: Extent, width: int) -> None:
        south, west, _, _ = grid.bounds((extent.min_column, extent.min_row))
        _, _, north, east = grid.bounds((extent.max_column, extent.max_row))
        self.left, self.top = mercator(north, west)
        right, bottom = mercator(south, east)
        self.scale = width / (right - self.left)
        self.width = width
        self.height = math.ceil((bottom - self.top) * self.scale)

    def point(self, lat: float, lon: float) -> tuple[float, float]:
        x, y = mercator(lat, lon)
        return (x - self.left) * self.scale, (y - self.top) * self.scale

    def tiles(self, source: TileSource) -> list[Tile]:
        zoom = max(0, min(source.max_zoom, math.floor(math.log2(self.scale / 256))))
        count = 2**zoom
        size = self.scale / count
        right = self.left + self.width / self.scale
        bottom = self.top + self.height / self.scale
        tiles = []
        for tile_x in range(math.floor(self.left * count), math.floor(right * count) + 1):
            for tile_y in range(math.floor(self.top * count), math.floor(bottom * count) + 1):
                href = source.url.format(z=zoom, x=tile_x, y=tile_y)
                x = (tile_x / count - self.left) * self.scale
                y = (tile_y / count - self.top) * self.scale
                tiles.append(Tile(href, round(x, 1), round(y, 1), round(size, 1)))
        return tiles


def shade(count: int, maximum: int) -> tuple[str, str]:
    """Fill and label colour for a count: five steps from light to dark."""
    step = 0 if maximum <= 0 else min(len(SHADES) - 1, (count * len(SHADES) - 1) // maximum)
    return SHADES[step], ("#FFFFFF" if step >= 3 else TEXT)


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def grid_map_svg(
    grid: Grid,
    extent: Extent,
    counts: Mapping[Cell, int],
    *,
    chart_id: str,
    title: str,
    description: str,
    backdrop: Sequence[Cell] = (),
    tiles: TileSource | None = None,
    min_count: int = 3,
    width: int = 480,
) -> str:
    """The cells of one layer with their counts; `counts` must already be suppressed."""
    frame = _Frame(grid, extent, width)
    legend_height = 28
    height = frame.height + legend_height
    ids = f"{chart_id}-title {chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart map" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{escape(ids)}" '
        f'focusable="false" font-family={quoteattr(FONT)}>',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{frame.height}" fill="#FAFAFA"/>',
    ]
    if tiles is not None:
        parts += [
            f'<image href={quoteattr(tile.href)} x="{_num(tile.x)}" y="{_num(tile.y)}" '
            f'width="{_num(tile.size)}" height="{_num(tile.size)}" preserveAspectRatio="none"/>'
            for tile in frame.tiles(tiles)
        ]
    for cell in backdrop:
        parts.append(_cell_rect(grid, frame, cell, BACKDROP, BACKDROP_EDGE))
    maximum = max(counts.values(), default=0)
    for cell in sorted(counts, key=extent.sort_key):
        count = counts[cell]
        fill, ink = shade(count, maximum)
        south, west, north, east = grid.bounds(cell)
        (x0, y0), (x1, y1) = frame.point(north, west), frame.point(south, east)
        label = f"{extent.name(cell)}: {format_number(count)}"
        number = ""
        # Numbers only where they fit; a whole city's cells keep their tooltip and the table.
        if x1 - x0 >= MIN_LABELLED_CELL_PX:
            number = (
                f'<text x="{_num((x0 + x1) / 2)}" y="{_num((y0 + y1) / 2 + 4)}" fill="{ink}" '
                f'font-size="11" text-anchor="middle">{escape(format_number(count))}</text>'
            )
        parts.append(
            f"<g><title>{escape(label)}</title>{_cell_rect(grid, frame, cell, fill, '#FFFFFF')}"
            f"{number}</g>"
        )
    south, west, north, east = grid.bounds((extent.min_column, extent.min_row))
    if frame.point(north, east)[0] - frame.point(north, west)[0] >= MIN_NAMED_CELL_PX:
        parts += _edge_names(grid, frame, extent)
    parts.append(
        f'<text x="4" y="{frame.height + 18}" fill="{TEXT}" font-size="11">'
        f"{escape(_legend_text(grid, tiles, min_count))}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _cell_rect(grid: Grid, frame: _Frame, cell: Cell, fill: str, edge: str) -> str:
    south, west, north, east = grid.bounds(cell)
    (x0, y0), (x1, y1) = frame.point(north, west), frame.point(south, east)
    return (
        f'<rect x="{_num(x0)}" y="{_num(y0)}" width="{_num(x1 - x0)}" '
        f'height="{_num(y1 - y0)}" fill="{fill}" stroke="{edge}" stroke-width="1"/>'
    )


def _edge_names(grid: Grid, frame: _Frame, extent: Extent) -> list[str]:
    """Column letters along the top and row numbers along the left, as on a street map."""
    parts = []
    for column in range(extent.min_column, extent.max_column + 1):
        south, west, north, east = grid.bounds((column, extent.max_row))
        x = (frame.point(north, west)[0] + frame.point(north, east)[0]) / 2
        name = column_name(column - extent.min_column)
        parts.append(
            f'<text x="{_num(x)}" y="11" fill="{TEXT}" font-size="10" '
            f'text-anchor="middle">{name}</text>'
        )
    for row in range(extent.min_row, extent.max_row + 1):
        south, west, north, _ = grid.bounds((extent.min_column, row))
        y = (frame.point(north, west)[1] + frame.point(south, west)[1]) / 2
        parts.append(
            f'<text x="3" y="{_num(y + 4)}" fill="{TEXT}" font-size="10">'
            f"{extent.max_row - row + 1}</text>"
        )
    return parts


def _legend_text(grid: Grid, tiles: TileSource | None, min_count: int) -> str:
    text = f"Vakken van {format_number(grid.cell_metres)} m; met minder dan {min_count} weggelaten."
    if tiles is not None and tiles.attribution:
        text += f" Kaart: {tiles.attribution}"
    return text
