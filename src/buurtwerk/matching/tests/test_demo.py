"""The demo neighbourhood's matching part: believable, complete and deterministic."""

import pytest

from buurtwerk.core.demo import build_demo, remove_demo
from buurtwerk.matching import queries
from buurtwerk.matching.models import Match, Need, Offer

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return sorted(
        Match.objects.values_list("need__resident__name", "offer__resident__name", "state", "score")
    )


def test_the_demo_shows_suggestions_and_matches_in_every_state_deterministically():
    context = build_demo(seed=2026)
    fatima = context.objects["users"]["fatima"]
    assert Offer.objects.count() >= 12 and Need.objects.count() >= 12
    states = set(Match.objects.values_list("state", flat=True))
    assert states == {"suggested", "contacted", "introduced", "active", "ended", "declined"}
    assert queries.matches_to_follow_up(fatima).exists()
    untouched = Need.objects.filter(status=Need.Status.OPEN, matches__isnull=True)
    assert any(queries.suggestions_for_need(fatima, need) for need in untouched)
    henk = context.objects["users"]["henk"]
    henk.refresh_from_db()
    assert queries.matches_visible_to(henk).filter(state=Match.State.ACTIVE).exists()
    first = snapshot()

    remove_demo()
    assert not Offer.objects.exists() and not Match.objects.exists()
    build_demo(seed=2026)
    assert snapshot() == first
