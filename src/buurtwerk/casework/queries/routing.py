"""Routing rules and the teams they can send signals to."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from buurtwerk.core.permissions import scope
from buurtwerk.people.models import Team

from ..models import RoutingRule
from ..permissions import team_ids


def routing_rules_for(user: Any) -> QuerySet[RoutingRule]:
    return scope(user, RoutingRule.objects.select_related("category", "neighbourhood", "team"))


def teams_for_rules(user: Any) -> QuerySet[Team]:
    teams = Team.objects.filter(kind__in=[Team.Kind.WIJKTEAM, Team.Kind.AREA_TEAM])
    return teams if user.role == "admin" else teams.filter(pk__in=team_ids(user))
