"""The matching part of a resident's AVG rights, and the activity that keeps a resident on file.

Registered from MatchingConfig.ready(). Erasure ends what is still running and removes the free
text; categories, states, dates and end reasons stay so the counts of matches per state and
category stay right.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from buurtwerk.core.actions import SYSTEM
from buurtwerk.core.privacy import scrub_free_text

from .models import Match, MatchEvent, Need, Offer

ANONYMISED = "[geanonimiseerd]"


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _matches_of(resident: Any) -> QuerySet[Match]:
    return Match.objects.filter(Q(need__resident=resident) | Q(offer__resident=resident))


def residents_active_since(since: datetime) -> Iterable[int]:
    """Residents with an offer or need recorded or changed since `since`, a match step taken by
    someone since then, or a match in which the two residents are in touch (contacted,
    introduced, active), however long ago its last step was: that is open work.

    Steps the system takes on its own (suggestions from `buurtwerk match --save`, declines after
    a withdrawal) do not count: otherwise a nightly suggestion run would keep every consenting
    resident on file for ever.
    """
    active: set[int] = set()
    for model in (Offer, Need):
        active.update(
            model.objects.filter(Q(created_at__gte=since) | Q(updated_at__gte=since)).values_list(
                "resident_id", flat=True
            )
        )
    worked_on = Match.objects.filter(
        Q(events__at__gte=since, events__actor__isnull=False) | Q(state__in=Match.CAPACITY_STATES)
    )
    for need_resident, offer_resident in worked_on.values_list(
        "need__resident_id", "offer__resident_id"
    ):
        active.update((need_resident, offer_resident))
    return active


def _events(match: Match) -> list[dict[str, Any]]:
    return [
        {
            "at": _iso(event.at),
            "from_state": event.get_from_state_display() if event.from_state else "",
            "to_state": event.get_to_state_display(),
            # Who took the step is told by role, as in the audit section.
            "role": event.actor.role_label if event.actor is not None else "",
            "note": event.note,
        }
        for event in match.events.select_related("actor")
    ]


def _match(match: Match, resident: Any) -> dict[str, Any]:
    helps = match.offer.resident_id == resident.pk
    return {
        "id": match.pk,
        "role": _("helper") if helps else _("hulpvrager"),
        "category": match.need.get_category_display(),
        # The other resident is theirs to know about (AVG art. 15.4), not this export's.
        "counterpart": _("een andere bewoner"),
        "state": match.get_state_display(),
        "reasons": list(match.reasons),
        "follow_up_on": _iso(match.follow_up_on),
        "end_reason": match.get_end_reason_display() if match.end_reason else "",
        "evaluation": match.evaluation,
        "created_at": _iso(match.created_at),
        "updated_at": _iso(match.updated_at),
        "events": _events(match),
    }


def export_resident(resident: Any, viewer: Any) -> dict[str, Any]:
    """The resident's offers, needs and matches (with their history), for an access request."""
    offers = [
        {
            "id": offer.pk,
            "category": offer.get_category_display(),
            "description": offer.description,
            "availability": list(offer.availability),
            "per_week": offer.per_week,
            "max_distance_km": offer.max_distance_km,
            "status": offer.get_status_display(),
            "created_at": _iso(offer.created_at),
            "updated_at": _iso(offer.updated_at),
        }
        for offer in Offer.objects.filter(resident=resident).order_by("created_at", "id")
    ]
    needs = [
        {
            "id": need.pk,
            "category": need.get_category_display(),
            "description": need.description,
            "availability": list(need.availability),
            "urgency": need.get_urgency_display(),
            "recurring": need.recurring,
            "requires_certificate": need.requires_certificate,
            "status": need.get_status_display(),
            "created_at": _iso(need.created_at),
            "updated_at": _iso(need.updated_at),
        }
        for need in Need.objects.filter(resident=resident).order_by("created_at", "id")
    ]
    matches = [
        _match(match, resident)
        for match in _matches_of(resident)
        .select_related("need", "offer")
        .order_by("created_at", "id")
    ]
    return {"offers": offers, "needs": needs, "matches": matches}


def erase_resident(resident: Any) -> int:
    """End or decline the resident's running matches, then remove the free text.

    Suggested and contacted matches are declined, introduced and active ones end (reason
    "other"), so the other resident's need or offer is free again. Descriptions, evaluations
    and the notes in the match history become empty or "[geanonimiseerd]"; category, state,
    dates and end reason stay for the statistics.
    """
    from .actions import _move

    note = _("De bewoner is gewist.")
    matches = _matches_of(resident)
    touched = 0
    # Free text goes first: the closing step's own note below says only that erasure ended it.
    match_ids = list(matches.values_list("pk", flat=True))
    touched += Match.objects.filter(pk__in=match_ids).exclude(evaluation="").update(evaluation="")
    touched += MatchEvent.objects.filter(match_id__in=match_ids).exclude(note="").update(note="")
    for match in matches.exclude(state__in=Match.CLOSED_STATES).order_by("id"):
        if match.state in (Match.State.SUGGESTED, Match.State.CONTACTED):
            _move(match, Match.State.DECLINED, SYSTEM, note=note)
        else:
            _move(match, Match.State.ENDED, SYSTEM, note=note, end_reason=Match.EndReason.OTHER)
        touched += 1
    touched += Offer.objects.filter(resident=resident).update(description=ANONYMISED)
    touched += Need.objects.filter(resident=resident).update(description=ANONYMISED)
    # Other residents' help and history may name them too.
    for model, fields in ((Offer, ["description"]), (Need, ["description"]),
                          (Match, ["evaluation"]), (MatchEvent, ["note"])):  # fmt: skip
        touched += scrub_free_text(resident, model.objects.all(), fields)
    return touched
