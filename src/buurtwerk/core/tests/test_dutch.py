"""Dutch that reads as Dutch: one way to write a date, no "(en)" plurals."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

PACKAGE = Path(__file__).resolve().parents[2]
NAMED = {"DATE_FORMAT", "SHORT_DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"}


def _sources(*suffixes: str) -> list[Path]:
    return [
        path
        for suffix in suffixes
        for path in PACKAGE.rglob(f"*{suffix}")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def test_a_date_reads_3_december_2026_and_short_3_dec() -> None:
    with translation.override("nl"):
        assert date_format(date(2026, 12, 3)) == "3 december 2026"
        assert date_format(date(2026, 12, 3), "SHORT_DATE_FORMAT") == "3 dec"
        moment = datetime(2026, 12, 3, 17, 30)
        assert date_format(moment, "DATETIME_FORMAT") == "3 december 2026, 17:30"
        rendered = Template('{{ d|date }} · {{ d|date:"SHORT_DATE_FORMAT" }}').render(
            Context({"d": date(2026, 12, 3)})
        )
        assert rendered == "3 december 2026 · 3 dec"


def test_templates_write_dates_one_way() -> None:
    """A named format, or a weekday in front of one; never 3-12-2026 or 2026-12-03 on screen."""
    odd = []
    for path in _sources(".html"):
        for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text()):
            weekday_first = re.fullmatch(r"[lD] j [FM]( Y)?(, H:i)?", fmt)
            iso_for_comparison = fmt == "Y-m-d" and "<" in path.read_text()
            audit_seconds = fmt == "j F Y, H:i:s"
            if fmt not in NAMED and not (weekday_first or iso_for_comparison or audit_seconds):
                odd.append(f"{path.relative_to(PACKAGE)}: {fmt}")
    assert odd == []


def test_no_dutch_text_says_plural_with_en_in_brackets() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}: {match}"
        for path in _sources(".py", ".html")
        for match in re.findall(r"[a-zë]+\(en\)", path.read_text())
    ]
    assert found == []
