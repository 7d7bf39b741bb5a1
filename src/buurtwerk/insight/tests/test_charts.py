"""The SVG charts: well-formed, accessible, free of inline style or script, and to scale."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from buurtwerk.core.charts.numbers import axis_ticks, format_number
from buurtwerk.core.charts.svg import (
    EMPTY_TEXT,
    PALETTE,
    Series,
    bar_chart,
    horizontal_bar_chart,
    line_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ["jan 26", "feb 26", "mrt 26"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it


def assert_csp_safe(root: ET.Element) -> None:
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert not element.tag.endswith("script")
        assert not element.tag.endswith("style")
        assert not any(name.startswith("on") for name in element.attrib)


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]


def test_a_bar_chart_is_an_image_with_its_title_and_description() -> None:
    svg = bar_chart(
        MONTHS, [Series("Koppelingen", (1, 4, 2))], chart_id="m", title="Per maand", description="d"
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "m-title m-desc"
    assert root.find(f"{SVG}title").text == "Per maand"
    assert root.find(f"{SVG}desc").get("id") == "m-desc"
    assert_csp_safe(root)


def test_bar_heights_are_proportional_to_the_values() -> None:
    root = parse(
        bar_chart(MONTHS, [Series("n", (1, 4, 2))], chart_id="m", title="t", description="d")
    )
    heights = [float(rect.get("height")) for rect in bars(root)]
    assert heights[1] == pytest.approx(4 * heights[0], rel=0.01)
    assert heights[2] == pytest.approx(2 * heights[0], rel=0.01)


def test_each_bar_tells_its_value_in_a_tooltip() -> None:
    root = parse(
        bar_chart(MONTHS, [Series("Nieuw", (3, 0, 12))], chart_id="m", title="t", description="d")
    )
    tooltips = [rect.find(f"{SVG}title").text for rect in bars(root)]
    assert tooltips == ["jan 26, Nieuw: 3", "mrt 26, Nieuw: 12"]


def test_stacked_bars_sit_on_top_of_each_other_in_their_series_colour() -> None:
    series = [Series("Casus", (2, 1, 0)), Series("Opbouw", (2, 3, 1))]
    root = parse(bar_chart(MONTHS, series, chart_id="s", title="t", description="d", stacked=True))
    first_month = [rect for rect in bars(root) if "jan 26" in rect.find(f"{SVG}title").text]
    lower, upper = first_month
    assert float(upper.get("y")) + float(upper.get("height")) == pytest.approx(
        float(lower.get("y")), abs=0.2
    )
    assert {lower.get("fill"), upper.get("fill")} == set(PALETTE[:2])
    legend_names = [text.text for text in root.iter(f"{SVG}text")]
    assert "Casus" in legend_names and "Opbouw" in legend_names


def test_a_chart_without_data_says_so_instead_of_drawing_nothing() -> None:
    root = parse(
        bar_chart(MONTHS, [Series("n", (0, 0, 0))], chart_id="e", title="t", description="d")
    )
    assert EMPTY_TEXT in [text.text for text in root.iter(f"{SVG}text")]
    assert bars(root) == []


def test_a_line_chart_draws_one_line_per_series_with_a_marker_per_value() -> None:
    series = [Series("Nieuw", (1, 2, 3)), Series("Lopend", (2, 2, 5))]
    root = parse(line_chart(MONTHS, series, chart_id="l", title="t", description="d"))
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") is None and lines[1].get("stroke-dasharray")
    assert len(list(root.iter(f"{SVG}circle"))) == 6
    assert_csp_safe(root)


def test_horizontal_bars_shorten_long_labels_but_keep_them_in_the_tooltip() -> None:
    label = "Schulden en geldzaken, aanvragen van toeslagen en kwijtschelding"
    root = parse(
        horizontal_bar_chart(
            [label, "Eenzaamheid"],
            [Series("Doorverwezen", (4, 2))],
            chart_id="h",
            title="t",
            description="d",
        )
    )
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert any(text.endswith("…") and len(text) <= 22 for text in texts)
    assert bars(root)[0].find(f"{SVG}title").text.startswith(label)
    widths = [float(rect.get("width")) for rect in bars(root)]
    assert widths[0] == pytest.approx(2 * widths[1], rel=0.01)


def test_a_reference_line_marks_the_target_share_across_stacked_percentages() -> None:
    root = parse(
        horizontal_bar_chart(
            ["Fatima", "Joost"],
            [Series("Individueel", (75, 0)), Series("Samenleving", (25, 100))],
            chart_id="s",
            title="t",
            description="d",
            unit="%",
            reference=50,
        )
    )
    fatima_casework, fatima_community, joost_community = bars(root)
    assert fatima_casework.find(f"{SVG}title").text == "Fatima, Individueel: 75%"
    start = float(fatima_casework.get("x"))
    end = float(joost_community.get("x")) + float(joost_community.get("width"))
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1
    assert float(dashed[0].get("x1")) == pytest.approx((start + end) / 2, abs=0.1)
    assert_csp_safe(root)


def test_text_is_escaped_so_a_label_cannot_inject_markup() -> None:
    svg = bar_chart(
        ["<script>alert(1)</script>"],
        [Series("a & b", (1,))],
        chart_id="x",
        title='"quoted" <title>',
        description="d",
    )
    root = parse(svg)
    assert_csp_safe(root)
    assert root.find(f"{SVG}title").text == '"quoted" <title>'


def test_series_of_the_wrong_length_are_refused() -> None:
    with pytest.raises(ValueError):
        bar_chart(MONTHS, [Series("n", (1, 2))], chart_id="x", title="t", description="d")


@given(st.floats(min_value=0.01, max_value=1e7, allow_nan=False))
def test_axis_ticks_start_at_zero_and_reach_the_maximum(maximum: float) -> None:
    ticks = axis_ticks(maximum)
    assert ticks[0] == 0
    assert ticks[-1] >= maximum
    assert 2 <= len(ticks) <= 11
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1


@given(
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=24),
)
def test_any_series_gives_well_formed_csp_safe_svg(values: list[int]) -> None:
    labels = [f"m{index}" for index in range(len(values))]
    for chart in (bar_chart, line_chart, horizontal_bar_chart):
        root = parse(
            chart(labels, [Series("n", tuple(values))], chart_id="p", title="t", description="d")
        )
        assert_csp_safe(root)


def test_numbers_are_written_the_dutch_way() -> None:
    assert format_number(1234) == "1.234"
    assert format_number(2.5) == "2,5"
    assert format_number(1234567.25, decimals=2) == "1.234.567,25"
