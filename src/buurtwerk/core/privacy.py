"""A resident's AVG rights across every domain: each app contributes its part.

An exporter returns the app's data about one resident as JSON-serialisable data, as far as the
user asking may open those records themselves (`viewer`; None for the server admin's command
line, which gets everything): an export must not show what the case page refuses. An eraser
removes or anonymises it (keeping statistics) and returns how many records it touched. Apps
register both from AppConfig.ready(). An eraser that must refuse (for instance a record under a
legal obligation to keep) raises a ValidationError with a Dutch message: the erasure then
changes nothing anywhere, because `erase_resident` runs all erasers in one transaction.

Permission checks and the audit entry belong to the caller (`people.actions.do_export_resident`
and `do_erase_resident`); these functions only gather and apply.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

Exporter = Callable[[Any, Any], dict[str, Any]]
Eraser = Callable[[Any], int]

EXPORT_FORMAT = "buurtwerk-avg-export"
EXPORT_VERSION = 1
# The resident's own record goes last: the other domains still find it while they erase.
LAST_ERASED = "people"

_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: dict[str, Eraser] = {}
_TITLES: dict[str, str | Promise] = {}


def register_exporter(section: str, exporter: Exporter, *, title: str | Promise = "") -> None:
    """`title` is the Dutch heading of the section on the readable export page."""
    _EXPORTERS[section] = exporter
    if title:
        _TITLES[section] = title


def register_eraser(section: str, eraser: Eraser) -> None:
    _ERASERS[section] = eraser


def exporters() -> dict[str, Exporter]:
    return dict(sorted(_EXPORTERS.items()))


def erasers() -> dict[str, Eraser]:
    return dict(sorted(_ERASERS.items(), key=lambda item: (item[0] == LAST_ERASED, item[0])))


def section_title(section: str) -> str:
    return str(_TITLES.get(section, section))


def export_resident(resident: Any, viewer: Any) -> dict[str, Any]:
    """Everything every domain holds about `resident` that `viewer` may open, as one
    JSON-serialisable document."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "resident_id": resident.pk,
        "sections": {
            section: exporter(resident, viewer) for section, exporter in exporters().items()
        },
    }


def erase_resident(resident: Any) -> dict[str, int]:
    """Run every eraser, all or nothing; returns the number of records touched per section."""
    with transaction.atomic():
        return {section: eraser(resident) for section, eraser in erasers().items()}
