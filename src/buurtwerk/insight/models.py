"""Insight keeps no data of its own: its dashboards are views of neighbourhoods and teams.

The two proxy models exist so that access to a dashboard is decided like every other access,
by a `Policy` in `permissions.py`: which roles see dashboards, for which neighbourhoods and
teams, and which roles see more than the liveability figures.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from buurtwerk.people.models import Neighbourhood, Team


class NeighbourhoodDashboard(Neighbourhood):
    class Meta:
        proxy = True
        verbose_name = _("dashboard van een buurt")
        verbose_name_plural = _("dashboards van buurten")


class TeamDashboard(Team):
    class Meta:
        proxy = True
        verbose_name = _("dashboard van een team")
        verbose_name_plural = _("dashboards van teams")
