"""Dashboard panels: new signals for the team, the user's own reports and open actions."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.core.dashboard import Panel
from buurtwerk.core.permissions import Action, Role, role_allows, scope

from . import queries
from .models import FollowUp, Signal
from .permissions import TEAM_ROLES


def signals_panel(user: Any) -> Panel | None:
    if not role_allows(user, Action.ADD, Signal):
        return None
    context: dict[str, Any] = {
        "reported": queries.signals_visible_to(user, reported_by_me=True).count(),
        "is_team": user.role in TEAM_ROLES,
    }
    if context["is_team"]:
        context["new"] = queries.team_signals_for(user).filter(status=Signal.Status.NEW).count()
    return Panel(_("Signalen"), "casework/_panel_signals.html", context)


def work_panel(user: Any) -> Panel | None:
    if user.role not in TEAM_ROLES or user.role == Role.ADMIN:
        return None
    open_actions = scope(user, FollowUp.objects.filter(done_at__isnull=True))
    mine = open_actions.filter(assignee=user).select_related("signal", "case").order_by("due_on")
    return Panel(
        _("Mijn acties"),
        "casework/_panel_actions.html",
        {
            "actions": list(mine[:8]),
            "overdue": open_actions.filter(due_on__lt=timezone.localdate()).count(),
        },
    )
