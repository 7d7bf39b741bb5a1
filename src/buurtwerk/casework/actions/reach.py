"""Checks that what an action names lies within what the acting user may see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from buurtwerk.people.models import Resident
from buurtwerk.people.queries import residents_visible_to


def check_resident_in_reach(resident: Resident | None, acting_user: Any) -> None:
    if (
        resident is not None
        and not residents_visible_to(acting_user).filter(pk=resident.pk).exists()
    ):
        raise ValidationError({"resident": _("Kies een bewoner die u kent.")})
