"""Reads of offers, needs and matches, always scoped to the asking user.

Opening one need, offer or match writes an audit entry; one out of reach gives 404 and the
attempt is logged (see `people.queries.get_resident_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, can, scope
from buurtwerk.people.models import Resident

from . import adapter
from .engine import OfferIndex
from .engine.taxonomy import compatible_categories
from .models import Match, MatchEvent, MatchQuerySet, Need, Offer
from .offer_index import shared_offer_index

# A degree of latitude is 111.2 km; taking less makes the search box a little wider, never
# narrower. The slack covers the flat box against the curved earth.
KM_PER_DEGREE = 111.0
SUGGESTIONS_SHOWN = 10


def offers_visible_to(user: Any, *, resident: Resident | None = None) -> QuerySet[Offer]:
    offers = scope(user, Offer.objects.select_related("resident", "resident__neighbourhood"))
    return offers.filter(resident=resident) if resident is not None else offers


def needs_visible_to(user: Any, *, resident: Resident | None = None) -> QuerySet[Need]:
    needs = scope(user, Need.objects.select_related("resident", "resident__neighbourhood"))
    return needs.filter(resident=resident) if resident is not None else needs


def matches_visible_to(user: Any) -> MatchQuerySet:
    return scope(  # type: ignore[return-value]
        user,
        Match.objects.select_related(
            "need", "need__resident", "offer", "offer__resident", "assigned_to"
        ),
    )


def _get_for(
    user: Any, queryset: QuerySet[Any], pk: Any, *, purpose: Purpose, action: Action
) -> Any:
    model: type[Model] = queryset.model
    found = scope(user, queryset, action).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        record(user, AuditVerb.DENIED, model, purpose=purpose, object_id=str(pk)[:64])
        raise Http404(f"{model._meta.verbose_name} niet gevonden")
    if action == Action.VIEW:
        record(user, AuditVerb.VIEW, found, purpose=purpose)
    return found


def get_need_for(user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW) -> Need:
    """One need the user may see (or act on); audited, 404 when out of reach."""
    queryset = Need.objects.select_related("resident", "resident__neighbourhood")
    return _get_for(user, queryset, pk, purpose=purpose, action=action)  # type: ignore[no-any-return]


def get_offer_for(user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW) -> Offer:
    """One offer the user may see (or act on); audited, 404 when out of reach."""
    queryset = Offer.objects.select_related("resident", "resident__neighbourhood")
    return _get_for(user, queryset, pk, purpose=purpose, action=action)  # type: ignore[no-any-return]


def get_match_for(user: Any, pk: Any, *, purpose: Purpose, action: Action = Action.VIEW) -> Match:
    """One match the user may see (or act on); audited, 404 when out of reach."""
    queryset = Match.objects.select_related(
        "need", "need__resident", "offer", "offer__resident", "assigned_to"
    )
    return _get_for(user, queryset, pk, purpose=purpose, action=action)  # type: ignore[no-any-return]


def match_history(user: Any, match: Match) -> QuerySet[MatchEvent]:
    return scope(user, MatchEvent.objects.filter(match=match).select_related("actor"))


@dataclass(frozen=True)
class Suggestion:
    """One helper suggested for a need: the offer, the score and why, in Dutch."""

    offer: Offer
    score: float
    reasons: tuple[str, ...]
    distance_km: float | None
    match: Match | None


def suggestion_offers_for(user: Any, need: Need) -> QuerySet[Offer]:
    """Offers the user may see that could help with `need`, before the engine's hard rules.

    Offers of residents outside the user's reach are not suggested: a buurtwerker only
    introduces residents they work with. Helpers who already declined this need are left out.
    """
    declined = Match.objects.filter(need=need, state=Match.State.DECLINED).values("offer_id")
    return (
        scope(user, Offer.objects.all())
        .filter(
            status=Offer.Status.ACTIVE,
            category__in=compatible_categories(need.category),
        )
        .exclude(resident_id=need.resident_id)
        .exclude(pk__in=declined)
    )


def suggestions_for_need(user: Any, need: Need, k: int = SUGGESTIONS_SHOWN) -> list[Suggestion]:
    """The `k` best helpers for `need` with the Dutch explanation of each, best first.

    Only residents who consent to matching appear (on both sides); a helper whose week is full
    with matches in progress is left out. Empty for users who may not make matches.
    """
    if not can(user, Action.ADD, Match) or not can(user, Action.VIEW, need):
        return []
    if need.status == Need.Status.CLOSED:
        return []
    need_data = adapter.need_to_engine(need)
    if need_data is None or not need_data.consent:
        return []
    # Engine refs of offers read from the database are their ids.
    reachable = cast(list[int], shared_offer_index().within_reach(need_data))
    offer_data = adapter.offers_to_engine(
        suggestion_offers_for(user, need).filter(pk__in=reachable)
    )
    capacity = adapter.remaining_capacity(offer_data, ignore_need_id=need.pk)
    candidates = OfferIndex(offer_data).top_suggestions(need_data, k, capacity)
    offers = Offer.objects.select_related("resident", "resident__neighbourhood").in_bulk(
        [candidate.offer_ref for candidate in candidates]
    )
    live: dict[Any, Match] = {
        match.offer_id: match for match in Match.objects.live().filter(need=need)
    }
    return [
        Suggestion(
            offer=offers[candidate.offer_ref],
            score=candidate.score,
            reasons=candidate.reasons,
            distance_km=candidate.distance_km,
            match=live.get(candidate.offer_ref),
        )
        for candidate in candidates
    ]


def end_of_week(today: date) -> date:
    """The Sunday of `today`'s week."""
    return today + timedelta(days=6 - today.weekday())


def matches_to_follow_up(
    user: Any, *, only_mine: bool = False, today: date | None = None
) -> MatchQuerySet:
    """Matches in progress whose follow-up date has passed or falls in this week, oldest first."""
    today = today or timezone.localdate()
    matches = (
        matches_visible_to(user)
        .live()
        .filter(follow_up_on__isnull=False, follow_up_on__lte=end_of_week(today))
    )
    if only_mine:
        matches = matches.filter(assigned_to=user)
    return matches.order_by("follow_up_on", "id")


def open_suggestions_count(user: Any) -> int:
    """Suggested matches nobody has acted on yet, in the user's reach."""
    return matches_visible_to(user).filter(state=Match.State.SUGGESTED).count()
