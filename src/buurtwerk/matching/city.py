"""The whole municipality at once: every open need against every available offer.

Used by `buurtwerk match`. It works for the server's operator, not for one user, so nothing here
is scoped; the results only name needs and offers by their ref.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from . import adapter
from .engine import Assignment, Candidate, NeedData, OfferData, assign, candidate_edges
from .models import Match, Need, Offer


@dataclass
class CityMatching:
    """The engine's input and output for one run, with the way back to refs and records."""

    needs: list[NeedData]
    offers: list[OfferData]
    candidates: list[Candidate]
    assignment: Assignment
    need_refs: dict[Any, Any]
    offer_refs: dict[Any, Any]

    def need_ref(self, need_id: Any) -> Any:
        return self.need_refs.get(need_id, need_id)

    def offer_ref(self, offer_id: Any) -> Any:
        return self.offer_refs.get(offer_id, offer_id)


def open_needs() -> QuerySet[Need]:
    """Needs still looking for help: open, and nobody contacted, introduced or helping yet."""
    in_progress = Match.objects.using_capacity().values("need_id")
    return Need.objects.filter(status=Need.Status.OPEN).exclude(pk__in=in_progress)


def available_offers() -> QuerySet[Offer]:
    return Offer.objects.filter(status=Offer.Status.ACTIVE)


def _refs(queryset: QuerySet[Any]) -> dict[Any, Any]:
    return {pk: ref for pk, ref in queryset.values_list("pk", "ref") if ref}


def run_city_matching() -> CityMatching:
    """Candidates and the exact best assignment over the whole municipality.

    Matches in progress take their place in each offer's weekly capacity; a helper who
    declined a need is not proposed for it again.
    """
    needs = adapter.needs_to_engine(open_needs())
    offers = adapter.offers_to_engine(available_offers())
    capacity = adapter.remaining_capacity(offers)
    declined = set(
        Match.objects.filter(state=Match.State.DECLINED).values_list("need_id", "offer_id")
    )
    candidates = [
        candidate
        for candidate in candidate_edges(needs, offers, capacity)
        if (candidate.need_ref, candidate.offer_ref) not in declined
    ]
    assignment = assign(needs, offers, candidates, remaining_capacity=capacity)
    return CityMatching(
        needs=needs,
        offers=offers,
        candidates=candidates,
        assignment=assignment,
        need_refs=_refs(open_needs()),
        offer_refs=_refs(available_offers()),
    )
