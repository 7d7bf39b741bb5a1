"""The dashboard panel that leads to the insight pages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from buurtwerk.core.dashboard import Panel
from buurtwerk.core.permissions import Action, role_allows

from . import queries
from .models import NeighbourhoodDashboard

PANEL_LINKS = 5


def insight_panel(user: Any) -> Panel | None:
    if not role_allows(user, Action.VIEW, NeighbourhoodDashboard):
        return None
    context = {
        "neighbourhoods": list(queries.neighbourhood_dashboards_for(user)[:PANEL_LINKS]),
        "teams": list(queries.team_dashboards_for(user)[:PANEL_LINKS]),
        "care": queries.sees_care_figures(user),
    }
    return Panel(_("Inzicht"), "insight/_panel.html", context)
