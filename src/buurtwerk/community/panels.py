"""Dashboard panels: a volunteer's next shifts, a coordinator's registrations to follow up."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from buurtwerk.core.dashboard import Panel
from buurtwerk.core.permissions import Action, Role, role_allows

from . import queries
from .models import Registration


def shifts_panel(user: Any) -> Panel | None:
    if getattr(user, "role", None) != Role.VOLUNTEER:
        return None
    shifts = list(queries.own_upcoming_shifts(user)[:3])
    return Panel(_("Mijn volgende diensten"), "community/_panel_shifts.html", {"shifts": shifts})


def registrations_panel(user: Any) -> Panel | None:
    if not role_allows(user, Action.CHANGE, Registration):
        return None
    count = queries.pending_registrations_for(user).count()
    return Panel(
        _("Aanmeldingen via de buurtpagina"),
        "community/_panel_registrations.html",
        {"count": count},
    )
