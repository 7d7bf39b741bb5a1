"""Monthly series, trend and bar geometry for the self-reliance page."""

from datetime import date

from buurtwerk.community.engine.charts import bar_chart
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


def test_bars_are_proportional_and_stay_inside_the_plot() -> None:
    chart = bar_chart([("jan", 10.0), ("feb", 5.0), ("mrt", 0.0)], width=300, height=200)
    heights = [bar.height for bar in chart.bars]
    assert heights[0] == 2 * heights[1] and heights[2] == 0
    for bar in chart.bars:
        assert bar.y + bar.height == chart.plot_bottom
        assert chart.plot_left <= bar.x and bar.x + bar.width <= chart.width
    assert chart.ticks[-1].label == "10" and chart.bars[1].value_label == "5"


def test_an_empty_series_still_gives_a_valid_chart() -> None:
    chart = bar_chart([("jan", 0.0)])
    assert chart.bars[0].height == 0 and chart.ticks[0].label == "0"
