"""Who sees which dashboard.

Professionals see the dashboards of their teams and of their teams' neighbourhoods. Area
partners (police, housing) see the same places but only the liveability figures: signals
"voor de voordeur", never anything about care. Volunteers and administrators see no dashboards:
a volunteer works with a few residents, and an administrator manages the installation, not
the neighbourhood work.

`restricted_fields` names the one section that is not for every viewing role: "care_figures"
(everything beyond the liveability aggregates).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from buurtwerk.core.permissions import PROFESSIONALS, Action, Policy, Role, register

from .models import NeighbourhoodDashboard, TeamDashboard

VIEWERS = PROFESSIONALS | {Role.AREA_PARTNER}
NOBODY: frozenset[Role] = frozenset()
CARE_FIGURES = "care_figures"


def _neighbourhoods_of_own_teams(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(pk__in=user.neighbourhood_ids())


def _own_teams(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(members=user)


def _read_only(scope: Any) -> dict[str, Any]:
    return {
        "roles": {
            Action.VIEW: VIEWERS,
            Action.ADD: NOBODY,
            Action.CHANGE: NOBODY,
            Action.DELETE: NOBODY,
        },
        "scope": scope,
        "restricted_fields": {CARE_FIGURES: PROFESSIONALS},
    }


register(Policy(NeighbourhoodDashboard, **_read_only(_neighbourhoods_of_own_teams)))
register(Policy(TeamDashboard, **_read_only(_own_teams)))
