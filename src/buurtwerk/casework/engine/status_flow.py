"""The status flow of a signal: an explicit table of allowed transitions."""

from __future__ import annotations

NEW = "new"
TRIAGED = "triaged"
IN_PROGRESS = "in_progress"
WAITING = "waiting"
CLOSED = "closed"

TRANSITIONS: dict[str, frozenset[str]] = {
    NEW: frozenset({TRIAGED, CLOSED}),
    TRIAGED: frozenset({IN_PROGRESS, WAITING, CLOSED}),
    IN_PROGRESS: frozenset({WAITING, CLOSED}),
    WAITING: frozenset({IN_PROGRESS, CLOSED}),
    # Reopening: a closed signal goes back to work, never silently to "new".
    CLOSED: frozenset({IN_PROGRESS}),
}

# Once a team has looked at a signal, the reporter may know it was picked up.
PICKED_UP = frozenset({TRIAGED, IN_PROGRESS, WAITING, CLOSED})


def allowed_next(status: str) -> frozenset[str]:
    """The statuses a signal in `status` may move to (empty for an unknown status)."""
    return TRANSITIONS.get(status, frozenset())


def is_allowed(current: str, target: str) -> bool:
    return target in allowed_next(current)


def is_reopening(current: str, target: str) -> bool:
    return current == CLOSED and target != CLOSED
