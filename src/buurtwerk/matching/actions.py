"""Changes to offers, needs and matches. Each action checks permission, runs atomically and
writes the audit log (field names only); every step of a match also lands in its history.

`acting_user` is the system only for the server's command line (`buurtwerk match --save`,
`buurtwerk import`), which acts for the whole municipality.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, Reach, action, apply_changes, audit, is_system, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.locking import lock_version
from buurtwerk.core.permissions import PROFESSIONALS, Action, require
from buurtwerk.people.models import Relation, Resident
from buurtwerk.people.queries import residents_visible_to

from . import adapter, queries, workflow
from .engine import Candidate, evaluate_pair, requires_certificate_by_default, why_not
from .models import Match, MatchEvent, Need, Offer, normalise_availability

OFFER_FIELDS = (
    "category", "description", "availability", "per_week", "max_distance_km", "status", "ref",
)  # fmt: skip
NEED_FIELDS = (
    "category", "description", "availability", "urgency", "recurring", "requires_certificate",
    "status", "ref",
)  # fmt: skip

RESIDENT_IN_REACH = Reach("resident", residents_visible_to)


def _require(acting_user: Actor, action: Action, target: Any, purpose: Purpose) -> None:
    if not is_system(acting_user):
        require(acting_user, action, target, purpose=purpose)


def _clean(data: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, Any]:
    cleaned = {key: value for key, value in data.items() if key in allowed}
    if isinstance(cleaned.get("availability"), list | tuple | set | frozenset):
        availability = list(cleaned["availability"])
        if all(isinstance(slot, str) for slot in availability):
            cleaned["availability"] = availability
    if isinstance(cleaned.get("description"), str):
        cleaned["description"] = cleaned["description"].strip()
    if cleaned.get("ref") == "":
        cleaned["ref"] = None
    return cleaned


def _finish_clean(instance: Offer | Need) -> None:
    instance.full_clean(exclude=["created_by", "resident"])
    instance.availability = normalise_availability(instance.availability)


def _decline_open(matches: QuerySet[Match], acting_user: Actor, note: str) -> int:
    """Decline matches that have not brought anyone together yet (system consequence)."""
    count = 0
    for match in matches.filter(state__in=(Match.State.SUGGESTED, Match.State.CONTACTED)):
        _move(match, Match.State.DECLINED, acting_user, note=note)
        count += 1
    return count


# Offers ------------------------------------------------------------------------------------


@action(Purpose.RECORD_OFFER, Action.ADD, Offer, reach=[RESIDENT_IN_REACH])
def do_create_offer(resident: Resident, data: Mapping[str, Any], acting_user: Actor) -> Offer:
    """Record what `resident` can do for others."""
    _require(acting_user, Action.CHANGE, resident, Purpose.RECORD_OFFER)
    cleaned = _clean(data, OFFER_FIELDS)
    offer = Offer(resident=resident, created_by=user_of(acting_user), **cleaned)
    _finish_clean(offer)
    offer.save()
    audit(acting_user, AuditVerb.CREATE, offer, fields=cleaned)
    return offer


@action(Purpose.CHANGE_OFFER, Action.CHANGE, "offer")
def do_update_offer(
    offer: Offer,
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    expected_version: int | None = None,
) -> Offer:
    """Change an offer; stopping or pausing it declines its suggestions that nobody acted on."""
    cleaned = _clean(data, OFFER_FIELDS)
    current = lock_version(offer, expected_version)
    changed = apply_changes(current, cleaned)
    _finish_clean(current)
    current.save()
    audit(acting_user, AuditVerb.CHANGE, current, fields=changed)
    if "status" in changed and current.status != Offer.Status.ACTIVE:
        _decline_open(
            Match.objects.filter(offer=current, state=Match.State.SUGGESTED),
            acting_user,
            _("Het aanbod is gestopt of gepauzeerd."),
        )
    return current


# Needs -------------------------------------------------------------------------------------


@action(Purpose.RECORD_NEED, Action.ADD, Need, reach=[RESIDENT_IN_REACH])
def do_create_need(resident: Resident, data: Mapping[str, Any], acting_user: Actor) -> Need:
    """Record what `resident` needs help with.

    Without an explicit choice a certificate of conduct (VOG) is required exactly for the
    categories of help inside someone's home (see the engine's taxonomy).
    """
    _require(acting_user, Action.CHANGE, resident, Purpose.RECORD_NEED)
    cleaned = _clean(data, NEED_FIELDS)
    if cleaned.get("requires_certificate") is None:
        cleaned["requires_certificate"] = requires_certificate_by_default(
            str(cleaned.get("category", ""))
        )
    need = Need(resident=resident, created_by=user_of(acting_user), **cleaned)
    _finish_clean(need)
    need.save()
    audit(acting_user, AuditVerb.CREATE, need, fields=cleaned)
    return need


@action(Purpose.CHANGE_NEED, Action.CHANGE, "need")
def do_update_need(
    need: Need,
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    expected_version: int | None = None,
) -> Need:
    """Change a need; closing it declines its suggestions that nobody acted on."""
    cleaned = _clean(data, NEED_FIELDS)
    if "requires_certificate" in cleaned and cleaned["requires_certificate"] is None:
        cleaned.pop("requires_certificate")
    current = lock_version(need, expected_version)
    changed = apply_changes(current, cleaned)
    _finish_clean(current)
    current.save()
    audit(acting_user, AuditVerb.CHANGE, current, fields=changed)
    if "status" in changed and current.status == Need.Status.CLOSED:
        _decline_open(
            Match.objects.filter(need=current, state=Match.State.SUGGESTED),
            acting_user,
            _("De hulpvraag is afgesloten."),
        )
    return current


# Matches -----------------------------------------------------------------------------------


def _event(match: Match, acting_user: Actor, from_state: str, to_state: str, note: str) -> None:
    MatchEvent.objects.create(
        match=match,
        actor=user_of(acting_user),
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


def _evaluate(need: Need, offer: Offer) -> Candidate:
    """Score the pair with the engine, or raise a Dutch ValidationError naming every rule."""
    need_data = adapter.need_to_engine(need)
    offer_data = adapter.offer_to_engine(offer)
    if need_data is None or offer_data is None:
        raise ValidationError(_("Deze bewoner is gewist en kan niet worden gekoppeld."))
    capacity = adapter.remaining_capacity([offer_data], ignore_need_id=need.pk)
    problems = why_not(need_data, offer_data, capacity)
    if offer.status != Offer.Status.ACTIVE:
        problems.append(_("Het aanbod is op dit moment niet beschikbaar."))
    if need.status == Need.Status.CLOSED:
        problems.append(_("De hulpvraag is afgesloten."))
    candidate = evaluate_pair(need_data, offer_data, capacity)
    if problems or candidate is None:
        raise ValidationError(problems or [_("Deze koppeling kan niet.")])
    return candidate


@action(
    Purpose.PROPOSE_MATCH,
    Action.ADD,
    Match,
    reach=[Reach("need", queries.needs_visible_to), Reach("offer", queries.offers_visible_to)],
)
def do_suggest_match(
    need: Need, offer: Offer, acting_user: Actor, *, candidate: Candidate | None = None
) -> Match:
    """Record a suggestion for `need` with `offer`; returns the existing one if it is there.

    The pair is checked against every hard rule of the engine (consent, category, moment,
    distance, VOG, not the same resident, capacity); a refusal names each rule that fails.
    """
    _require(acting_user, Action.CHANGE, need, Purpose.PROPOSE_MATCH)
    existing = Match.objects.live().filter(need=need, offer=offer).first()
    if existing is not None:
        return existing
    if Match.objects.filter(need=need, offer=offer, state=Match.State.DECLINED).exists():
        raise ValidationError(_("Deze koppeling is eerder afgewezen."))
    if candidate is None:
        candidate = _evaluate(need, offer)
    match = Match.objects.create(
        need=need,
        offer=offer,
        score=candidate.score,
        reasons=list(candidate.reasons),
        created_by=user_of(acting_user),
    )
    _event(match, acting_user, "", Match.State.SUGGESTED, "")
    audit(
        acting_user,
        AuditVerb.CREATE,
        match,
        fields=["need", "offer", "state"],
    )
    return match


def do_save_suggestions(pairs: Iterable[tuple[Need, Offer, Candidate]], acting_user: Actor) -> int:
    """Store the city-wide assignment as suggestions; pairs already suggested are skipped.

    The candidates come straight from the engine, which has applied the hard rules already.
    Returns how many new suggestions were stored.
    """
    created = 0
    with transaction.atomic():
        for need, offer, candidate in pairs:
            if Match.objects.filter(need=need, offer=offer).exists():
                continue
            do_suggest_match(need, offer, acting_user, candidate=candidate)
            created += 1
    return created


def _check_consent(match: Match) -> None:
    missing = [
        resident.name
        for resident in (match.need.resident, match.offer.resident)
        if not resident.has_matching_consent
    ]
    if missing:
        raise ValidationError(
            _("Geen toestemming om te koppelen van: %(names)s.") % {"names": ", ".join(missing)}
        )


def _check_capacity(match: Match) -> None:
    offer_data = adapter.offer_to_engine(match.offer)
    if offer_data is None:
        raise ValidationError(_("De helper is gewist en kan niet meer helpen."))
    capacity = adapter.remaining_capacity([offer_data], ignore_need_id=match.need_id)
    if capacity[offer_data.ref] <= 0:
        raise ValidationError(
            _("%(name)s heeft deze week geen ruimte meer (maximaal %(n)s keer per week).")
            % {"name": match.offer.resident.name, "n": match.offer.per_week}
        )


def _introduce(match: Match, acting_user: Actor) -> None:
    """The two residents have met: their network grows by one relation."""
    need_resident, helper = match.need.resident_id, match.offer.resident_id
    known = Relation.objects.filter(
        Q(resident_id=need_resident, other_resident_id=helper)
        | Q(resident_id=helper, other_resident_id=need_resident),
        kind=Relation.Kind.INTRODUCED,
    )
    if not known.exists():
        relation = Relation.objects.create(
            resident_id=need_resident,
            other_resident_id=helper,
            kind=Relation.Kind.INTRODUCED,
            created_by=user_of(acting_user),
        )
        record(
            acting_user,
            AuditVerb.CREATE,
            relation,
            purpose=Purpose.INTRODUCTION_BY_MATCH,
            fields=["kind", "other_resident"],
        )


def _update_need_status(match: Match, acting_user: Actor) -> None:
    need = match.need
    new_status: str
    if match.state in (Match.State.INTRODUCED, Match.State.ACTIVE):
        new_status = Need.Status.MATCHED
    elif match.state == Match.State.ENDED and match.end_reason == Match.EndReason.COMPLETED:
        new_status = Need.Status.CLOSED
    elif Match.objects.using_capacity().filter(need=need).exclude(pk=match.pk).exists():
        return
    else:
        new_status = Need.Status.OPEN if need.status == Need.Status.MATCHED else need.status
    if new_status != need.status:
        need.status = new_status
        need.save(update_fields=["status", "updated_at"])
        record(acting_user, AuditVerb.CHANGE, need, purpose=Purpose.UPDATE_MATCH, fields=["status"])


def _move(
    match: Match,
    to_state: str,
    acting_user: Actor,
    *,
    note: str = "",
    follow_up_on: date | None = None,
    end_reason: str = "",
    evaluation: str = "",
) -> Match:
    from_state = match.state
    match.state = to_state
    match.follow_up_on = follow_up_on or workflow.default_follow_up(to_state, timezone.localdate())
    fields = ["state", "follow_up_on"]
    if match.assigned_to_id is None and getattr(acting_user, "role", None) in PROFESSIONALS:
        match.assigned_to = user_of(acting_user)
        fields.append("assigned_to")
    if to_state == Match.State.ENDED:
        match.end_reason = end_reason
        match.evaluation = evaluation.strip()
        fields += ["end_reason", "evaluation"]
    match.save()
    _event(match, acting_user, from_state, to_state, note.strip())
    record(acting_user, AuditVerb.CHANGE, match, purpose=Purpose.UPDATE_MATCH, fields=fields)
    if to_state == Match.State.INTRODUCED:
        _introduce(match, acting_user)
    _update_need_status(match, acting_user)
    return match


def do_transition_match(
    match: Match,
    to_state: str,
    acting_user: Actor,
    *,
    note: str = "",
    follow_up_on: date | None = None,
    end_reason: str = "",
    evaluation: str = "",
) -> Match:
    """Move a match one step along the workflow table (`workflow.TRANSITIONS`).

    Refused with a Dutch message: a step not in the table, bringing residents in touch without
    both their consent, a helper whose week is full, ending without a reason. Becoming
    'introduced' records the new relation between the two residents.
    """
    _require(acting_user, Action.CHANGE, match, Purpose.UPDATE_MATCH)
    with transaction.atomic():
        current = (
            Match.objects.select_for_update()
            .select_related("need__resident", "offer__resident")
            .get(pk=match.pk)
        )
        if to_state not in Match.State.values:
            raise ValidationError({"to": _("Onbekende stap: '%(to)s'.") % {"to": to_state}})
        if not workflow.can_transition(current.state, to_state):
            raise ValidationError(
                {
                    "to": _("Een koppeling die '%(from)s' is, kan niet naar '%(to)s'.")
                    % {
                        "from": current.get_state_display().lower(),
                        "to": Match.State(to_state).label.lower(),
                    }
                }
            )
        if to_state in workflow.NEEDS_CONSENT:
            _check_consent(current)
        if to_state in Match.CAPACITY_STATES and current.state not in Match.CAPACITY_STATES:
            _check_capacity(current)
        if to_state == Match.State.ENDED and end_reason not in Match.EndReason.values:
            raise ValidationError({"end_reason": _("Kies waarom de koppeling stopt.")})
        return _move(
            current,
            to_state,
            acting_user,
            note=note,
            follow_up_on=follow_up_on,
            end_reason=end_reason,
            evaluation=evaluation,
        )


def do_start_introduction(
    need: Need,
    offer: Offer,
    acting_user: Actor,
    *,
    note: str = "",
    follow_up_on: date | None = None,
) -> Match:
    """From a suggestion to 'contact gelegd': the buurtwerker arranges the introduction."""
    with transaction.atomic():
        match = do_suggest_match(need, offer, acting_user)
        return do_transition_match(
            match, Match.State.CONTACTED, acting_user, note=note, follow_up_on=follow_up_on
        )


def do_end_match(
    match: Match, reason: str, evaluation: str, acting_user: Actor, *, note: str = ""
) -> Match:
    """End a match with the reason and the evaluation of how it went."""
    return do_transition_match(
        match, Match.State.ENDED, acting_user, note=note, end_reason=reason, evaluation=evaluation
    )


@action(Purpose.FOLLOW_UP_MATCH, Action.CHANGE, "match")
def do_plan_follow_up(
    match: Match,
    acting_user: Actor,
    *,
    follow_up_on: date | None,
    assigned_to: Any = None,
    note: str = "",
) -> Match:
    """Set when to look at a match again and who does it; kept in the history too."""
    if match.is_closed:
        raise ValidationError(_("Deze koppeling is afgerond en hoeft niet meer opgevolgd."))
    if assigned_to is not None and getattr(assigned_to, "role", None) not in PROFESSIONALS:
        raise ValidationError({"assigned_to": _("Kies een buurtwerker of teamlid.")})
    match.follow_up_on = follow_up_on
    fields = ["follow_up_on"]
    if assigned_to is not None:
        match.assigned_to = assigned_to
        fields.append("assigned_to")
    match.save(update_fields=[*fields, "updated_at"])
    text = note.strip() or _("Opvolging aangepast.")
    _event(match, acting_user, match.state, match.state, text)
    audit(acting_user, AuditVerb.CHANGE, match, fields=fields)
    return match


def on_consent_withdrawn(resident: Resident, acting_user: Actor, **kwargs: Any) -> None:
    """Consent withdrawn: suggestions and contacts not yet made for this resident stop now."""
    matches = Match.objects.filter(Q(need__resident=resident) | Q(offer__resident=resident))
    _decline_open(matches, acting_user, _("De bewoner heeft de toestemming ingetrokken."))
