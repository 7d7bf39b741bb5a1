"""Which dashboards a user may open, and the place behind one.

A neighbourhood or team outside the user's reach answers 404, and the attempt is logged, just
as for a resident: that a dashboard exists for a place is no secret, but the rule is one rule.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Why
from buurtwerk.core.permissions import Action, may_read_field, require, scope

from .engine.parsing import parse_whole
from .figures.base import Area
from .models import NeighbourhoodDashboard, TeamDashboard
from .permissions import CARE_FIGURES


def neighbourhood_dashboards_for(user: Any) -> QuerySet[NeighbourhoodDashboard]:
    return scope(user, NeighbourhoodDashboard.objects.select_related("district"))


def team_dashboards_for(user: Any) -> QuerySet[TeamDashboard]:
    return scope(user, TeamDashboard.objects.all())


def sees_care_figures(user: Any) -> bool:
    """Professionals see every figure; area partners only the liveability ones."""
    return may_read_field(user, NeighbourhoodDashboard, CARE_FIGURES)


def get_area_for(user: Any, kind: str, key: str, *, purpose: Why) -> Area:
    """The neighbourhood (by code) or team (by id) of a dashboard the user may open.

    A role without dashboards gets PermissionDenied; a place out of reach gives 404.
    """
    model = NeighbourhoodDashboard if kind == "buurt" else TeamDashboard
    require(user, Action.VIEW, model, purpose=purpose)
    if kind == "buurt":
        neighbourhood = neighbourhood_dashboards_for(user).filter(code=key).first()
        if neighbourhood is not None:
            return Area(
                "buurt",
                neighbourhood.code,
                neighbourhood.name,
                frozenset({neighbourhood.pk}),
                record=neighbourhood,
            )
    elif kind == "team" and (team_id := parse_whole(key)) is not None:
        team = team_dashboards_for(user).filter(pk=team_id).first()
        if team is not None:
            ids = frozenset(team.neighbourhoods.values_list("id", flat=True))
            return Area("team", str(team.pk), team.name, ids, team_id=team.pk, record=team)
    record(user, AuditVerb.DENIED, model, purpose=purpose, object_id=key[:64])
    raise Http404("Dashboard niet gevonden")
