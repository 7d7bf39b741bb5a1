"""The whole municipality at once: every open need against every available offer.

Used by `buurtwerk match`. It works for the server's operator, not for one user, so nothing here
is scoped; the results only name needs and offers by their ref.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet

from . import adapter
from .engine import Assignment, NeedData, OfferData
from .engine.arrays import CandidatePairs, candidate_pairs, tables
from .engine.assignment import assign_pairs
from .models import Match, Need, Offer


@dataclass
class CityMatching:
    """The engine's input and output for one run, with the way back to refs and records."""

    needs: list[NeedData]
    offers: list[OfferData]
    candidates: CandidatePairs
    assignment: Assignment
    need_refs: dict[Any, Any]
    offer_refs: dict[Any, Any]

    def need_ref(self, need_id: Any) -> Any:
        return self.need_refs.get(need_id, need_id)

    def offer_ref(self, offer_id: Any) -> Any:
        return self.offer_refs.get(offer_id, offer_id)

    def candidate_rows(self) -> list[dict[str, Any]]:
        """Every feasible pair as need ref, offer ref and score."""
        return [
            {
                "need": self.need_ref(self.needs[need].ref),
                "offer": self.offer_ref(self.offers[offer].ref),
                "score": score,
            }
            for need, offer, score in zip(
                self.candidates.need.tolist(),
                self.candidates.offer.tolist(),
                self.candidates.score.tolist(),
                strict=True,
            )
        ]


def open_needs() -> QuerySet[Need]:
    """Needs still looking for help: open, and nobody contacted, introduced or helping yet."""
    in_progress = Match.objects.using_capacity().values("need_id")
    return Need.objects.filter(status=Need.Status.OPEN).exclude(pk__in=in_progress)


def available_offers() -> QuerySet[Offer]:
    return Offer.objects.filter(status=Offer.Status.ACTIVE)


def _refs(queryset: QuerySet[Any]) -> dict[Any, Any]:
    return {pk: ref for pk, ref in queryset.values_list("pk", "ref") if ref}


def _declined(pairs: CandidatePairs, needs: list[NeedData], offers: list[OfferData]) -> np.ndarray:
    """Which pairs a helper already declined; engine refs are database ids."""
    need_at = {need.ref: position for position, need in enumerate(needs)}
    offer_at = {offer.ref: position for position, offer in enumerate(offers)}
    declined = [
        need_at[need_id] * len(offers) + offer_at[offer_id]
        for need_id, offer_id in Match.objects.filter(state=Match.State.DECLINED).values_list(
            "need_id", "offer_id"
        )
        if need_id in need_at and offer_id in offer_at
    ]
    keys = pairs.need.astype(np.int64) * len(offers) + pairs.offer
    return np.isin(keys, np.array(declined, dtype=np.int64))


def run_city_matching() -> CityMatching:
    """Candidates and the exact best assignment over the whole municipality.

    Matches in progress take their place in each offer's weekly capacity; a helper who
    declined a need is not proposed for it again.
    """
    needs = adapter.needs_to_engine(open_needs())
    offers = adapter.offers_to_engine(available_offers())
    capacity = adapter.remaining_capacity(offers)
    need_table, offer_table = tables(needs, offers, capacity)
    candidates = candidate_pairs(need_table, offer_table)
    candidates = candidates.select(~_declined(candidates, needs, offers))
    assignment = assign_pairs(needs, offers, need_table, offer_table, candidates)
    return CityMatching(
        needs=needs,
        offers=offers,
        candidates=candidates,
        assignment=assignment,
        need_refs=_refs(open_needs()),
        offer_refs=_refs(available_offers()),
    )
