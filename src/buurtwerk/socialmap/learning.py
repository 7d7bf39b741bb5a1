"""What the vraagbaak learns from referrals, and how buurtwerkers undo it.

When a referral's outcome is recorded, the terms of its question (words the map or the
concept scheme know, and the concepts the question revealed; see
``SearchIndex.learnable_terms``) are counted for the service in the referral's municipality:
"geholpen" adds one, "niet geholpen" one against. Questions with those terms then find the
service sooner in that municipality. Only terms are kept, never the question or the resident.
"""

from __future__ import annotations

from django.db.models import F

from buurtwerk.people.models import Municipality, Neighbourhood

from .models import LearnedTerm, Referral


def municipality_of(neighbourhood: Neighbourhood | None) -> Municipality | None:
    return neighbourhood.district.municipality if neighbourhood is not None else None


def _count(referral: Referral, outcome: str, step: int) -> None:
    field = {Referral.Outcome.HELPED: "helped", Referral.Outcome.NOT_HELPED: "not_helped"}.get(
        Referral.Outcome(outcome)
    )
    if field is None:
        return
    # queries reads learned terms through this module, so it is imported only when needed.
    from .queries import load_map

    municipality = municipality_of(referral.neighbourhood)
    for term in load_map().index.learnable_terms(referral.question):
        learned, _ = LearnedTerm.objects.get_or_create(
            municipality=municipality, term=term, service_id=referral.service_id
        )
        if step < 0 and getattr(learned, field) == 0:
            continue
        LearnedTerm.objects.filter(pk=learned.pk).update(**{field: F(field) + step})


def learn_from_outcome(referral: Referral, previous_outcome: str) -> None:
    """Count the referral's terms for its new outcome, and no longer for the previous one.

    Part of the action that records the outcome: it runs in its transaction and under its
    permission check and audit entry.
    """
    if previous_outcome == referral.outcome:
        return
    _count(referral, previous_outcome, -1)
    _count(referral, referral.outcome, +1)
    LearnedTerm.objects.filter(helped=0, not_helped=0).delete()


def learned_for(municipality: Municipality | None, terms: list[str]) -> dict[str, dict[str, float]]:
    """The learned strength per term and service, for the engine (no permission needed)."""
    if not terms:
        return {}
    rows = LearnedTerm.objects.filter(term__in=terms, helped__gt=F("not_helped"))
    if municipality is not None:
        rows = rows.filter(municipality=municipality)
    learned: dict[str, dict[str, float]] = {}
    for term, service_id, helped, not_helped in rows.values_list(
        "term", "service_id", "helped", "not_helped"
    ):
        per_service = learned.setdefault(term, {})
        per_service[service_id] = per_service.get(service_id, 0.0) + helped - not_helped
    return learned
