"""Pure-Python matching engine for buurtwerk: no Django, fed by plain dataclasses."""

from .assignment import assign, greedy_first_come_first_served
from .candidates import OfferIndex, candidate_edges, evaluate_pair
from .geo import Proximity, format_distance, haversine_km, proximity
from .model import Assignment, Candidate, NeedData, OfferData
from .rules import HARD_RULES, is_feasible, why_not
from .scoring import MAX_SCORE, score_pair
from .taxonomy import (
    CATEGORIES,
    CATEGORY_CHOICES,
    CATEGORY_LABELS,
    HOME_CATEGORIES,
    SLOT_CHOICES,
    SLOT_LABELS,
    SLOTS,
    SOCIAL_CATEGORIES,
    categories_compatible,
    requires_certificate_by_default,
    validate_slots,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_CHOICES",
    "CATEGORY_LABELS",
    "HARD_RULES",
    "HOME_CATEGORIES",
    "MAX_SCORE",
    "SLOTS",
    "SLOT_CHOICES",
    "SLOT_LABELS",
    "SOCIAL_CATEGORIES",
    "Assignment",
    "Candidate",
    "NeedData",
    "OfferData",
    "OfferIndex",
    "Proximity",
    "assign",
    "candidate_edges",
    "categories_compatible",
    "evaluate_pair",
    "format_distance",
    "greedy_first_come_first_served",
    "haversine_km",
    "is_feasible",
    "proximity",
    "requires_certificate_by_default",
    "score_pair",
    "validate_slots",
    "why_not",
]
