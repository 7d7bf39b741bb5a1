"""Dashboard panels of the matching domain."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from buurtwerk.core.dashboard import Panel
from buurtwerk.core.permissions import PROFESSIONALS, Role

from . import queries
from .models import Match, Need


def follow_up_panel(user: Any) -> Panel | None:
    """For professionals: how many matches to follow up this week, how many needs are open."""
    if getattr(user, "role", None) not in PROFESSIONALS:
        return None
    context = {
        "due": queries.matches_to_follow_up(user).count(),
        "open_needs": queries.needs_visible_to(user).filter(status=Need.Status.OPEN).count(),
    }
    return Panel(_("Koppelen"), "matching/_panel_follow_up.html", context)


def helping_panel(user: Any) -> Panel | None:
    """For a volunteer who is a resident too: the residents they help through a match."""
    if getattr(user, "role", None) != Role.VOLUNTEER or not user.resident_id:
        return None
    matches = queries.matches_visible_to(user).exclude(state=Match.State.ENDED)[:10]
    return Panel(_("Bewoners die u helpt"), "matching/_panel_helping.html", {"matches": matches})
