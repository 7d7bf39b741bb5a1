from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from buurtwerk.core.dashboard import Panel
from buurtwerk.core.permissions import PROFESSIONALS, Action, Role, role_allows

from . import queries
from .models import Resident


def residents_panel(user: Any) -> Panel | None:
    if not role_allows(user, Action.VIEW, Resident):
        return None
    label = (
        _("bewoners aan wie u bent voorgesteld")
        if user.role == Role.VOLUNTEER
        else _("bewoners in de buurten van uw team")
    )
    count = queries.residents_visible_to(user).count()
    return Panel(_("Bewoners"), "people/_panel_residents.html", {"count": count, "label": label})


def small_networks_panel(user: Any) -> Panel | None:
    if user.role not in PROFESSIONALS:
        return None
    residents = queries.small_network_residents_visible_to(user)
    return Panel(_("Klein netwerk"), "people/_panel_small_networks.html", {"residents": residents})
