from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from buurtwerk.core.dashboard import Panel
from buurtwerk.core.permissions import Action, Role, role_allows

from . import queries
from .models import Escalation, Service


def escalations_panel(user: Any) -> Panel | None:
    """Questions from volunteers of the buurtwerker's team that nobody has picked up yet."""
    if not role_allows(user, Action.CHANGE, Escalation):
        return None
    open_questions = list(queries.open_escalations_for(user)[:5])
    return Panel(
        _("Vragen van vrijwilligers"),
        "socialmap/_panel_escalations.html",
        {"escalations": open_questions, "count": queries.open_escalations_for(user).count()},
    )


def vraagbaak_panel(user: Any) -> Panel | None:
    if user.role != Role.VOLUNTEER or not role_allows(user, Action.VIEW, Service):
        return None
    return Panel(_("Vraagbaak"), "socialmap/_panel_vraagbaak.html")
