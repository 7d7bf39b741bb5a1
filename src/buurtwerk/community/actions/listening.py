"""The listening ear at the walk-in: what a volunteer picks up becomes a signal in one step."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.casework.actions import do_report_signal
from buurtwerk.casework.models import Signal
from buurtwerk.core.actions import Actor

from ..models import ActivityRole, Shift

# A signal is passed on at the walk-in or in the days after, while it is fresh.
PASS_ON_DAYS = 7


def can_pass_on(shift: Shift, now: Any = None) -> bool:
    """A listening-ear shift that has begun and is at most a week old."""
    now = now or timezone.now()
    occurrence = shift.occurrence
    return (
        shift.role == ActivityRole.LISTENING_EAR
        and not occurrence.cancelled
        and occurrence.starts_at <= now <= occurrence.ends_at + timedelta(days=PASS_ON_DAYS)
    )


def do_pass_on_signal(shift: Shift, data: Mapping[str, Any], acting_user: Actor) -> Any:
    """Report what the listening ear heard as a neighbourhood signal of the walk-in's
    neighbourhood, with "walk-in" as source; routing decides which team gets it.

    The volunteer's own shift only; permission and the audit entry are the signal action's.
    """
    resident_id = getattr(acting_user, "resident_id", None)
    if not resident_id or shift.volunteer.resident_id != resident_id:
        raise PermissionDenied(_("Alleen uw eigen dienst."))
    if not can_pass_on(shift):
        raise ValidationError(
            _("Een signaal doorgeven kan tijdens een dienst als luisterend oor en een week erna.")
        )
    if not (data.get("description") or "").strip():
        raise ValidationError({"description": _("Schrijf kort op wat u hoorde.")})
    activity = shift.occurrence.activity
    return do_report_signal(
        {
            "category": data.get("category"),
            "description": data["description"],
            "neighbourhood": activity.neighbourhood,
            "address": activity.location_name,
            "about_person": bool(data.get("about_person")),
            "source": Signal.Source.WALK_IN,
        },
        acting_user,
    )
