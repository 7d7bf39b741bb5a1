"""The matching activity that keeps a resident on file (registered from MatchingConfig.ready())."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q

from .models import Match, Need, Offer


def residents_active_since(since: datetime) -> Iterable[int]:
    """Residents with an offer, need or match recorded or changed since `since`, or a match that
    is still running (a running match is open work, however long ago its last step was)."""
    active: set[int] = set()
    for model in (Offer, Need):
        active.update(
            model.objects.filter(Q(created_at__gte=since) | Q(updated_at__gte=since)).values_list(
                "resident_id", flat=True
            )
        )
    recent = Match.objects.filter(
        Q(created_at__gte=since)
        | Q(updated_at__gte=since)
        | Q(events__at__gte=since)
        | ~Q(state__in=Match.CLOSED_STATES)
    )
    for need_resident, offer_resident in recent.values_list(
        "need__resident_id", "offer__resident_id"
    ):
        active.update((need_resident, offer_resident))
    return active
