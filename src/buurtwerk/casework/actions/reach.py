"""The reach rules of casework actions: what an action names must lie within the user's view."""

from __future__ import annotations

from buurtwerk.core.actions import Reach
from buurtwerk.people.queries import neighbourhoods_visible_to, residents_visible_to

from ..queries import signals_visible_to

SIGNAL_IN_REACH = Reach("signal", signals_visible_to)


def resident_in_reach(argument: str) -> Reach:
    """The resident named by `argument` must be one the acting user may see."""
    return Reach(argument, residents_visible_to, field="resident")


def neighbourhood_in_reach(argument: str) -> Reach:
    """The neighbourhood named by `argument` must lie in the acting user's municipality."""
    return Reach(argument, neighbourhoods_visible_to, field="neighbourhood")
