"""The status flow of a ride request, as a transition table."""

from __future__ import annotations

from buurtwerk.core.engine.transitions import TransitionTable

OPEN, PROPOSED, CONFIRMED, CANCELLED = "open", "proposed", "confirmed", "cancelled"

# Proposals are made again when drivers change, and a confirmed ride may get another driver;
# when its driver stops, a confirmed ride is open again for the coordinator to match.
# A cancelled ride stays cancelled (a new request is made instead).
RIDE_FLOW = TransitionTable.of(
    {
        OPEN: {PROPOSED, CONFIRMED, CANCELLED},
        PROPOSED: {OPEN, PROPOSED, CONFIRMED, CANCELLED},
        CONFIRMED: {OPEN, CONFIRMED, CANCELLED},
        CANCELLED: set(),
    },
    closed={CANCELLED},
)
