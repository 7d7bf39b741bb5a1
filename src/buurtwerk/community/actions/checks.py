"""Input checks that several community actions share."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_codes(values: Iterable[str], known: Mapping[str, Any], field: str, label: str) -> list:
    values = list(values)
    unknown = sorted({str(value) for value in values if value not in known})
    if unknown:
        raise ValidationError(
            {
                field: _("Onbekende %(label)s: %(codes)s.")
                % {"label": label, "codes": ", ".join(unknown)[:100]}
            }
        )
    return sorted(set(values))
