"""The match workflow: which step may follow which, and what each step is called in the UI.

suggested -> contacted -> introduced -> active -> ended, and declined from any step before
active. The table is the single source of truth: actions refuse anything not in it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import Match

State = Match.State

TRANSITIONS: dict[str, frozenset[str]] = {
    State.SUGGESTED: frozenset({State.CONTACTED, State.DECLINED}),
    State.CONTACTED: frozenset({State.INTRODUCED, State.DECLINED}),
    State.INTRODUCED: frozenset({State.ACTIVE, State.ENDED, State.DECLINED}),
    State.ACTIVE: frozenset({State.ENDED}),
    State.ENDED: frozenset(),
    State.DECLINED: frozenset(),
}

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


def allowed_next_states(state: str) -> frozenset[str]:
    """The states a match in `state` may move to."""
    return TRANSITIONS.get(state, frozenset())


def can_transition(from_state: str, to_state: str) -> bool:
    return to_state in allowed_next_states(from_state)


def default_follow_up(to_state: str, today: date) -> date | None:
    """The date to look at a match again after it reached `to_state` (None when closed)."""
    delay = FOLLOW_UP_AFTER.get(to_state)
    return today + delay if delay else None
