"""Template helpers for matching: slot labels, and the matching section on a resident's page."""

from __future__ import annotations

from typing import Any

from django import template

from buurtwerk.core.permissions import Action, can

from .. import queries
from ..engine.taxonomy import slot_label, sorted_slots
from ..models import Offer

register = template.Library()


@register.filter
def slot_labels(slots: Any) -> str:
    """['thu-afternoon', 'tue-morning'] -> 'dinsdagochtend, donderdagmiddag'."""
    known = [slot for slot in slots or () if isinstance(slot, str)]
    return ", ".join(slot_label(slot) for slot in sorted_slots(known))


@register.inclusion_tag("matching/_resident_section.html", takes_context=True)
def resident_matching(context: dict[str, Any], resident: Any) -> dict[str, Any]:
    """Offers and needs of `resident` as far as the page's user may see them."""
    user = context["request"].user
    may_view = can(user, Action.VIEW, Offer)
    return {
        "resident": resident,
        "may_view": may_view,
        "offers": list(queries.offers_visible_to(user, resident=resident)) if may_view else [],
        "needs": list(queries.needs_visible_to(user, resident=resident)) if may_view else [],
        "can_add": can(user, Action.ADD, Offer) and can(user, Action.CHANGE, resident),
    }
