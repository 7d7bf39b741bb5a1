"""The grid map: fixed cells, small counts withheld, a drawing without individual points."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.core.charts.geo import (
    Extent,
    Grid,
    TileSource,
    column_name,
    count_cells,
    grid_map_svg,
    mercator,
    suppress,
)

SVG = "{http://www.w3.org/2000/svg}"
GRID = Grid(cell_metres=250, reference_latitude=52.0)


def test_a_cell_is_250_metres_on_each_side_at_the_reference_latitude() -> None:
    south, west, north, east = GRID.bounds(GRID.cell_of(52.37, 4.9))
    height_m = (north - south) * 111_320
    width_m = (east - west) * 111_320 * math.cos(math.radians(52.0))
    assert round(height_m) == 250
    assert round(width_m) == 250


@given(
    st.floats(min_value=50.7, max_value=53.6, allow_nan=False),
    st.floats(min_value=3.3, max_value=7.3, allow_nan=False),
)
def test_every_point_lies_inside_its_own_cell(lat: float, lon: float) -> None:
    south, west, north, east = GRID.bounds(GRID.cell_of(lat, lon))
    assert south <= lat < north + 1e-12
    assert west <= lon < east + 1e-12


def test_cells_with_fewer_than_k_records_are_withheld() -> None:
    counts = {(0, 0): 2, (1, 0): 3, (2, 0): 1, (3, 0): 9}
    assert suppress(counts, 3) == {(1, 0): 3, (3, 0): 9}


def test_two_neighbours_in_one_cell_are_never_shown() -> None:
    points = [(52.3701, 4.9001), (52.3702, 4.9002), (52.40, 4.95), (52.40, 4.95), (52.40, 4.95)]
    shown = suppress(count_cells(GRID, points), 3)
    assert list(shown.values()) == [3]
    assert GRID.cell_of(52.3701, 4.9001) not in shown


def test_cells_are_named_like_a_street_map_from_the_top_left() -> None:
    extent = Extent(min_column=10, max_column=12, min_row=5, max_row=7)
    assert extent.name((10, 7)) == "A1"
    assert extent.name((12, 5)) == "C3"
    assert column_name(26) == "AA"


def test_mercator_puts_greenwich_on_the_equator_in_the_middle() -> None:
    assert mercator(0, 0) == (0.5, 0.5)
    x, y = mercator(52.37, 4.9)
    assert 0.5 < x < 0.52 and y < 0.5


def _map(counts: dict, tiles: TileSource | None = None) -> ET.Element:
    extent = Extent.around(counts)
    assert extent is not None
    return ET.fromstring(  # noqa: S314 - our own output, parsed to check it
        grid_map_svg(
            GRID,
            extent,
            counts,
            chart_id="kaart",
            title="Open hulpvragen",
            description="Aantallen per vak",
            backdrop=[(0, 0)],
            tiles=tiles,
        )
    )


def test_the_map_draws_one_labelled_cell_per_shown_count_and_no_points() -> None:
    base = GRID.cell_of(52.37, 4.9)
    counts = {base: 4, (base[0] + 1, base[1]): 7}
    root = _map(counts)
    groups = list(root.iter(f"{SVG}g"))
    # One empty cell of margin all round: the western cell is column B, row 2.
    assert sorted(group.find(f"{SVG}title").text for group in groups) == ["B2: 4", "C2: 7"]
    assert list(root.iter(f"{SVG}circle")) == []
    assert root.get("role") == "img"
    for element in root.iter():
        assert "style" not in element.attrib


def test_the_darkest_cell_is_the_largest_count() -> None:
    base = GRID.cell_of(52.37, 4.9)
    root = _map({base: 3, (base[0], base[1] + 1): 30})
    fills = {
        group.find(f"{SVG}title").text: group.find(f"{SVG}rect").get("fill")
        for group in root.iter(f"{SVG}g")
    }
    assert fills["B3: 3"] == "#DCEAF7"
    assert fills["B2: 30"] == "#0B4A8B"


def test_tiles_appear_only_when_a_tile_server_is_configured() -> None:
    base = GRID.cell_of(52.37, 4.9)
    counts = {base: 5}
    assert list(_map(counts).iter(f"{SVG}image")) == []
    tiles = TileSource("https://tiles.example.org/{z}/{x}/{y}.png", attribution="Voorbeeld")
    images = list(_map(counts, tiles).iter(f"{SVG}image"))
    assert images
    assert all(image.get("href").startswith("https://tiles.example.org/") for image in images)
    zoom = {image.get("href").split("/")[3] for image in images}
    assert len(zoom) == 1 and 14 <= int(zoom.pop()) <= 18
