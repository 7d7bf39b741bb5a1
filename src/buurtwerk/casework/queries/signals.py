"""Signals as the user may see them, and the team members who handle them."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import QuerySet

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, scope
from buurtwerk.people.models import Team

from ..models import FollowUp, Signal, SignalCategory
from ..permissions import team_members as team_workers
from ..permissions import team_signals
from .denied import denied


class SignalAccess(StrEnum):
    """How much of a signal the user may read."""

    TEAM = "team"  # everything: notes, actions, history
    REPORTER = "reporter"  # only what they wrote and whether it was picked up


def categories_for_reporting() -> QuerySet[SignalCategory]:
    return SignalCategory.objects.filter(active=True).order_by("route", "name")


def signals_visible_to(user: Any, *, reported_by_me: bool = False) -> QuerySet[Signal]:
    signals = scope(
        user, Signal.objects.select_related("category", "neighbourhood", "team", "assignee")
    )
    if reported_by_me:
        signals = signals.filter(reporter=user)
    return signals


def team_signals_for(user: Any) -> QuerySet[Signal]:
    """The signals the user works on as a member of the receiving team."""
    return team_signals(user, signals_visible_to(user))


def signal_access(user: Any, signal: Signal) -> SignalAccess | None:
    if team_signals(user, Signal.objects.filter(pk=signal.pk)).exists():
        return SignalAccess.TEAM
    if signal.reporter_id is not None and signal.reporter_id == user.pk:
        return SignalAccess.REPORTER
    return None


def get_signal_for(
    user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW
) -> tuple[Signal, SignalAccess]:
    """One signal the user may see, and how much of it; confidential reads are audited."""
    signals = scope(
        user,
        Signal.objects.select_related(
            "category", "neighbourhood", "team", "assignee", "resident", "reporter"
        ),
        action,
    )
    signal = signals.filter(pk=pk).first() if str(pk).isdigit() else None
    access = signal_access(user, signal) if signal is not None else None
    if signal is None or access is None:
        raise denied(user, Signal, pk, purpose)
    if action == Action.VIEW and signal.is_confidential:
        record(user, AuditVerb.VIEW, signal, purpose=purpose)
    return signal, access


def signal_follow_ups(user: Any, signal: Signal) -> QuerySet[FollowUp]:
    return scope(user, signal.follow_ups.select_related("assignee"))


def team_members(team: Team) -> QuerySet[Any]:
    return team_workers(team).order_by("first_name", "username")
