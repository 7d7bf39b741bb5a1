"""The match workflow: which step may follow which, and what each step is called in the UI.

suggested -> contacted -> introduced -> active -> ended, and declined from any step before
active. The table is the single source of truth: actions refuse anything not in it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from buurtwerk.core.engine.transitions import TransitionTable

from .models import Match

State = Match.State

MATCH_FLOW = TransitionTable.of(
    {
        State.SUGGESTED: {State.CONTACTED, State.DECLINED},
        State.CONTACTED: {State.INTRODUCED, State.DECLINED},
        State.INTRODUCED: {State.ACTIVE, State.ENDED, State.DECLINED},
        State.ACTIVE: {State.ENDED},
        State.ENDED: set(),
        State.DECLINED: set(),
    },
    closed={State.ENDED, State.DECLINED},
)
TRANSITIONS = MATCH_FLOW.steps

# What the button for each step says (the verb, not the resulting state).
TRANSITION_LABELS: dict[str, Any] = {
    State.CONTACTED: _("Start kennismaking"),
    State.INTRODUCED: _("Kennismaking was er"),
    State.ACTIVE: _("De hulp is begonnen"),
    State.ENDED: _("Koppeling beëindigen"),
    State.DECLINED: _("Afwijzen"),
}

# When the buurtwerker should look again after each step: soon after first contact, then less
# often once the two residents have found their way.
FOLLOW_UP_AFTER: dict[str, timedelta] = {
    State.CONTACTED: timedelta(days=7),
    State.INTRODUCED: timedelta(days=14),
    State.ACTIVE: timedelta(days=42),
}

# Steps at which both residents are (about to be) in touch: both must still consent.
NEEDS_CONSENT = frozenset({State.CONTACTED, State.INTRODUCED, State.ACTIVE})


allowed_next_states = MATCH_FLOW.allowed_next
can_transition = MATCH_FLOW.is_allowed


def default_follow_up(to_state: str, today: date) -> date | None:
    """The date to look at a match again after it reached `to_state` (None when closed)."""
    delay = FOLLOW_UP_AFTER.get(to_state)
    return today + delay if delay else None
