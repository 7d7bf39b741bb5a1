"""Signals from the neighbourhood, cases of the wijkteam, the contact log and team meetings."""

from .cases import Case, CaseGoal, CaseLink, CaseParticipant
from .contacts import Contact
from .meetings import AgendaItem, Decision, FollowUp, Meeting
from .signals import (
    ROUTE_TEAM_KIND,
    TEAM_KIND_ROUTE,
    Route,
    RoutingRule,
    Signal,
    SignalCategory,
    SignalTransition,
)

__all__ = [
    "ROUTE_TEAM_KIND",
    "TEAM_KIND_ROUTE",
    "AgendaItem",
    "Case",
    "CaseGoal",
    "CaseLink",
    "CaseParticipant",
    "Contact",
    "Decision",
    "FollowUp",
    "Meeting",
    "Route",
    "RoutingRule",
    "Signal",
    "SignalCategory",
    "SignalTransition",
]
