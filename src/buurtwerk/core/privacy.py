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

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

Exporter = Callable[[Any, Any], dict[str, Any]]
Eraser = Callable[[Any], int]

REDACTED = "[geanonimiseerd]"
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


class Identifiers:
    """How a resident can be written in someone else's free text: their full name, e-mail
    address and phone number (in any grouping, with +31 or 0).

    A name of one word is left alone: "Jan" alone names half the neighbourhood.
    """

    def __init__(self, resident: Any) -> None:
        self.patterns: list[re.Pattern[str]] = []
        # Cheap substrings for the database to find candidate rows; the patterns decide.
        self.hints: list[str] = []
        words = str(resident.name or "").split()
        if len(words) >= 2:
            self.patterns.append(
                re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
            )
            self.hints.append(words[-1])
        email = str(getattr(resident, "email", "") or "").strip()
        if email:
            self.patterns.append(re.compile(re.escape(email), re.IGNORECASE))
            self.hints.append(email)
        digits = re.sub(r"\D", "", str(getattr(resident, "phone", "") or ""))
        national = digits[1:] if digits.startswith("0") else digits.removeprefix("31")
        if len(national) >= 8:
            grouped = "[ .-]?".join(national)
            self.patterns.append(
                re.compile(rf"(?<!\d)(?:\+31|0031|0)[ .-]?(?:\(0\))?{grouped}(?!\d)")
            )
            self.hints.append(national[-2:])

    def scrub(self, text: str) -> str:
        for pattern in self.patterns:
            text = pattern.sub(REDACTED, text)
        return text

    def candidates(self, fields: Iterable[str]) -> Q:
        condition = Q(pk__in=[])
        for field in fields:
            for hint in self.hints:
                condition |= Q(**{f"{field}__icontains": hint})
        return condition


def scrub_free_text(resident: Any, queryset: QuerySet[Any], fields: Iterable[str]) -> int:
    """Replace the resident's name, e-mail address and phone number wherever `fields` of
    `queryset` mention them (notes about others, minutes, unlinked reports); returns the
    number of rows changed. Erasers call this for text that is not linked to the resident.
    """
    identifiers = Identifiers(resident)
    fields = list(fields)
    model = queryset.model
    # A short field (a phone number) may not hold the marker whole: cut it to size.
    sizes = {field: model._meta.get_field(field).max_length for field in fields}
    changed = 0
    for row in queryset.filter(identifiers.candidates(fields)).only("pk", *fields):
        scrubbed = {
            field: identifiers.scrub(getattr(row, field))[: sizes[field]] for field in fields
        }
        changes = {field: text for field, text in scrubbed.items() if text != getattr(row, field)}
        if changes:
            model._default_manager.filter(pk=row.pk).update(**changes)
            changed += 1
    return changed
