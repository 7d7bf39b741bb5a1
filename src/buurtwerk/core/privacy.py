"""A resident's AVG rights across every domain: each app contributes its part.

An exporter returns the app's data about one resident as JSON-serialisable data; an eraser
removes or anonymises it (keeping statistics) and returns how many records it touched. Apps
register both from AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], dict[str, Any]]
Eraser = Callable[[Any], int]

_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: dict[str, Eraser] = {}


def register_exporter(section: str, exporter: Exporter) -> None:
    _EXPORTERS[section] = exporter


def register_eraser(section: str, eraser: Eraser) -> None:
    _ERASERS[section] = eraser


def exporters() -> dict[str, Exporter]:
    return dict(sorted(_EXPORTERS.items()))


def erasers() -> dict[str, Eraser]:
    return dict(sorted(_ERASERS.items()))
