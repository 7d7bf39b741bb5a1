"""Reconnect profiles and outcomes: helping lonely residents back into activities."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.hooks import run_hooks
from buurtwerk.core.permissions import Action, require
from buurtwerk.matching.engine.taxonomy import CATEGORY_LABELS, SLOT_LABELS
from buurtwerk.people.models import Resident

from ..models import Activity, ReconnectOutcome, ReconnectProfile
from .checks import check_codes


@action(Purpose.RECONNECT_WISHES, Action.CHANGE, ReconnectProfile)
def do_save_reconnect_profile(
    resident: Resident, data: Mapping[str, Any], acting_user: Actor
) -> ReconnectProfile:
    """What the resident likes and when they can, as talked through with the buurtwerker."""
    require(acting_user, Action.VIEW, resident, purpose=Purpose.RECONNECT_WISHES)
    values = {
        "interests": check_codes(
            data.get("interests", []), CATEGORY_LABELS, "interests", "interesses"
        ),
        "slots": check_codes(data.get("slots", []), SLOT_LABELS, "slots", "tijdvakken"),
        "walking_km": data.get("walking_km", 0.5),
        "travels_alone": data.get("travels_alone", True),
    }
    profile, _created = ReconnectProfile.objects.get_or_create(resident=resident)
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["resident"])
    profile.save()
    audit(
        acting_user,
        AuditVerb.CHANGE,
        profile,
        fields=list(values),
    )
    return profile


@action(Purpose.RECONNECT_OUTCOME, Action.ADD, ReconnectOutcome)
def do_record_reconnect_outcome(
    resident: Resident,
    activity: Activity,
    outcome: str,
    acting_user: Actor,
    *,
    note: str = "",
    ride_arranged: bool = False,
) -> ReconnectOutcome:
    """Write down what came of a suggestion.

    Fires the hook "reconnect_outcome" (keyword arguments `outcome`, `resident`, `activity`,
    `acting_user`) inside the transaction, so the contact log in casework can add its own
    entry and both are saved or neither.
    """
    require(acting_user, Action.VIEW, resident, purpose=Purpose.RECONNECT_OUTCOME)
    require(acting_user, Action.VIEW, activity, purpose=Purpose.RECONNECT_OUTCOME)
    entry = ReconnectOutcome(
        resident=resident,
        activity=activity,
        outcome=outcome,
        note=note,
        ride_arranged=ride_arranged,
        recorded_by=user_of(acting_user),
    )
    entry.full_clean(exclude=["recorded_by"])
    entry.save()
    audit(
        acting_user,
        AuditVerb.CREATE,
        entry,
        fields=["outcome", "note", "ride_arranged"],
    )
    run_hooks(
        "reconnect_outcome",
        outcome=entry,
        resident=resident,
        activity=activity,
        acting_user=acting_user,
    )
    return entry
