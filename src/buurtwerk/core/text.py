"""Cleaning free text typed into search boxes before it reaches a query."""

from __future__ import annotations

import unicodedata

SEARCH_MAX_LENGTH = 100


def clean_search_text(value: object, max_length: int = SEARCH_MAX_LENGTH) -> str:
    """Search input as safe text: no control characters (PostgreSQL refuses NUL), trimmed,
    inner whitespace collapsed, at most `max_length` characters. Never raises."""
    text = value if isinstance(value, str) else ""
    printable = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"} else char for char in text
    )
    return " ".join(printable.split())[:max_length].strip()
