"""Every URL the project answers, as concrete paths, for tests that must cover all of them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

_CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")
_REGEX_GROUP = re.compile(r"\(\?P<\w+>[^)]*\)")


def _as_path(fragment: str) -> str | None:
    if r"\.(?P<format>" in fragment or "drf_format_suffix" in fragment:
        return None
    fragment = _REGEX_GROUP.sub("1", fragment)
    fragment = _CONVERTER.sub("1", fragment)
    fragment = fragment.replace("^", "").replace("$", "").replace("\\", "")
    if any(char in fragment for char in "()[]*+?"):
        return None
    return fragment


def route_paths() -> Iterator[tuple[str, URLPattern]]:
    """(path, pattern) for every route, with 1 for each id or slug in it."""

    def walk(patterns: list[object], prefix: str) -> Iterator[tuple[str, URLPattern]]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                part = _as_path(str(entry.pattern))
                if part is not None:
                    yield from walk(entry.url_patterns, prefix + part)
            elif isinstance(entry, URLPattern):
                part = _as_path(str(entry.pattern))
                if part is not None:
                    yield "/" + prefix + part, entry

    yield from walk(get_resolver().url_patterns, "")
