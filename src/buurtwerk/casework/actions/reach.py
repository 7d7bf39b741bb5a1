"""The reach rules of casework actions: what an action names must lie within the user's view."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from buurtwerk.core.actions import Reach
from buurtwerk.people.queries import residents_visible_to


def resident_in_reach(argument: str) -> Reach:
    """The resident named by `argument` must be one the acting user may see."""
    return Reach(
        argument, residents_visible_to, field="resident", message=_("Kies een bewoner die u kent.")
    )
