"""Cleaning free text: typed into search boxes before it reaches a query, and written into
CSV or spreadsheet cells before someone opens them in Excel or LibreOffice."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

SEARCH_MAX_LENGTH = 100


def clean_search_text(value: object, max_length: int = SEARCH_MAX_LENGTH) -> str:
    """Search input as safe text: no control characters (PostgreSQL refuses NUL), trimmed,
    inner whitespace collapsed, at most `max_length` characters. Never raises."""
    text = value if isinstance(value, str) else ""
    printable = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"} else char for char in text
    )
    return " ".join(printable.split())[:max_length].strip()


# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_SIGNS = frozenset("=@")
# These too, unless the cell is just a number or phone number (-5, +31 20 123 4567).
SIGNED_NUMBER_SIGNS = frozenset("+-")
_PLAIN_NUMBER = re.compile(r"[+-]?[\d\s().,/-]*")
# Weekdays of a recurrence rule ("-1TU" is the last Tuesday): letters and digits only, so a
# spreadsheet shows an error at worst and never runs anything; HSDS schedules carry them.
_WEEKDAY = r"[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)"
_WEEKDAY_LIST = re.compile(rf"{_WEEKDAY}(,{_WEEKDAY})*")
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def spreadsheet_safe(value: Any) -> Any:
    """`value`, with a leading apostrophe when a spreadsheet could read it as a formula.

    Spreadsheets skip leading spaces, tabs and newlines and read full-width and small forms
    ("＝", "﹦", "＋") as the plain sign, so the first visible character counts, normalised.
    """
    if not isinstance(value, str):
        return value
    first = next((char for char in value if unicodedata.category(char) not in _INVISIBLE), "")
    sign = unicodedata.normalize("NFKC", first)[:1]
    normalised = unicodedata.normalize("NFKC", value).strip()
    plain = _PLAIN_NUMBER.fullmatch(normalised) or _WEEKDAY_LIST.fullmatch(value)
    if (
        sign in FORMULA_SIGNS
        or (sign in SIGNED_NUMBER_SIGNS and not plain)
        or value[:1] in ("\t", "\r", "\n")
    ):
        return "'" + value
    return value
