"""The status flows of signals and cases, as transition tables."""

from __future__ import annotations

from buurtwerk.core.engine.transitions import TransitionTable

NEW = "new"
TRIAGED = "triaged"
IN_PROGRESS = "in_progress"
WAITING = "waiting"
CLOSED = "closed"

SIGNAL_FLOW = TransitionTable.of(
    {
        NEW: {TRIAGED, CLOSED},
        TRIAGED: {IN_PROGRESS, WAITING, CLOSED},
        IN_PROGRESS: {WAITING, CLOSED},
        WAITING: {IN_PROGRESS, CLOSED},
        # Reopening: a closed signal goes back to work, never silently to "new".
        CLOSED: {IN_PROGRESS},
    },
    closed={CLOSED},
)
TRANSITIONS = SIGNAL_FLOW.steps

# A case may pause and resume; once closed it opens again as active work.
CASE_OPEN, CASE_ACTIVE, CASE_ON_HOLD, CASE_CLOSED = "open", "active", "on_hold", "closed"
CASE_FLOW = TransitionTable.of(
    {
        CASE_OPEN: {CASE_ACTIVE, CASE_ON_HOLD, CASE_CLOSED},
        CASE_ACTIVE: {CASE_ON_HOLD, CASE_CLOSED},
        CASE_ON_HOLD: {CASE_ACTIVE, CASE_CLOSED},
        CASE_CLOSED: {CASE_ACTIVE},
    },
    closed={CASE_CLOSED},
)

# Once a team has looked at a signal, the reporter may know it was picked up.
PICKED_UP = frozenset({TRIAGED, IN_PROGRESS, WAITING, CLOSED})


allowed_next = SIGNAL_FLOW.allowed_next
is_allowed = SIGNAL_FLOW.is_allowed
is_reopening = SIGNAL_FLOW.is_reopening
