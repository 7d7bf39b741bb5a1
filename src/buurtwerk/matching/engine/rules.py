"""Hard rules: a need and an offer can only be matched when none of these fail.

Each rule returns ``None`` when it passes and a short Dutch sentence when it fails, so the web
app can show a buurtwerker why a resident was *not* suggested.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .geo import format_distance, proximity
from .model import NeedData, OfferData, Ref
from .taxonomy import categories_compatible, category_label

Rule = Callable[[NeedData, OfferData], str | None]


def check_not_self(need: NeedData, offer: OfferData) -> str | None:
    """A resident is never matched with their own offer."""
    if need.resident_ref == offer.resident_ref:
        return "Dit is dezelfde bewoner: iemand kan niet zichzelf helpen."
    return None


def check_consent(need: NeedData, offer: OfferData) -> str | None:
    """Both residents must have agreed to be matched."""
    if not need.consent and not offer.consent:
        return "Geen van beiden heeft toestemming gegeven om gekoppeld te worden."
    if not need.consent:
        return "De bewoner met de hulpvraag heeft geen toestemming gegeven om gekoppeld te worden."
    if not offer.consent:
        return "De helper heeft geen toestemming gegeven om gekoppeld te worden."
    return None


def check_category(need: NeedData, offer: OfferData) -> str | None:
    """The offer must be in the need's category or in a compatible social category."""
    if categories_compatible(need.category, offer.category):
        return None
    return (
        f"Het aanbod ({category_label(offer.category)}) past niet bij de hulpvraag "
        f"({category_label(need.category)})."
    )


def check_shared_slot(need: NeedData, offer: OfferData) -> str | None:
    """They must share at least one moment in the week."""
    if need.slots & offer.slots:
        return None
    return "Ze hebben geen moment in de week waarop ze allebei kunnen."


def check_certificate(need: NeedData, offer: OfferData) -> str | None:
    """When the need asks for a certificate of conduct (VOG), the helper must have one."""
    if need.requires_certificate and not offer.has_certificate:
        return "Voor deze hulpvraag is een VOG nodig en de helper heeft die (nog) niet."
    return None


def check_distance(need: NeedData, offer: OfferData) -> str | None:
    """The distance must be known and within how far the helper is willing to travel."""
    near = proximity(need, offer)
    if near is None:
        return "De afstand is onbekend: er is geen adres en ze wonen niet in dezelfde buurt."
    if near.effective_km > offer.max_distance_km:
        return (
            f"Ze wonen {format_distance(near.effective_km)} van elkaar; de helper wil "
            f"maximaal {format_distance(offer.max_distance_km)} reizen."
        )
    return None


def check_capacity(
    offer: OfferData, remaining_capacity: Mapping[Ref, int] | None = None
) -> str | None:
    """The helper must have room left this week (``per_week`` unless told otherwise)."""
    remaining = offer.per_week
    if remaining_capacity is not None:
        remaining = remaining_capacity.get(offer.ref, offer.per_week)
    if offer.per_week <= 0:
        return "De helper biedt op dit moment geen hulp aan."
    if remaining <= 0:
        return (
            f"De helper heeft deze week geen ruimte meer (maximaal {offer.per_week} keer per week)."
        )
    return None


# Cheap checks first: the distance rule is the only one doing real arithmetic.
HARD_RULES: tuple[Rule, ...] = (
    check_not_self,
    check_consent,
    check_category,
    check_shared_slot,
    check_certificate,
    check_distance,
)


def why_not(
    need: NeedData, offer: OfferData, remaining_capacity: Mapping[Ref, int] | None = None
) -> list[str]:
    """Return every Dutch reason why this pair cannot be matched (empty when it can)."""
    reasons = [reason for rule in HARD_RULES if (reason := rule(need, offer)) is not None]
    capacity = check_capacity(offer, remaining_capacity)
    if capacity is not None:
        reasons.append(capacity)
    return reasons


def is_feasible(
    need: NeedData, offer: OfferData, remaining_capacity: Mapping[Ref, int] | None = None
) -> bool:
    """Tell whether the pair passes every hard rule, capacity included."""
    if check_capacity(offer, remaining_capacity) is not None:
        return False
    return all(rule(need, offer) is None for rule in HARD_RULES)
