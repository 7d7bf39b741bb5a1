"""Reporting signals, moving them through their statuses, assigning and annotating them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import SYSTEM, Actor, action, audit, user_of
from buurtwerk.core.auditing import Purpose, record_denied
from buurtwerk.core.locking import lock_version
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.models import Neighbourhood, Resident

from ..engine import status_flow
from ..engine.text_checks import personal_data_found
from ..models import Route, Signal, SignalCategory, SignalTransition
from ..permissions import is_team_member_for, team_members
from .reach import SIGNAL_IN_REACH, neighbourhood_in_reach, resident_in_reach
from .routing import team_for

PERSONAL_DATA_LABELS = {
    "email": _lazy("een e-mailadres"),
    "phone": _lazy("een telefoonnummer"),
    "bsn": _lazy("een burgerservicenummer"),
    "name": _lazy("een naam"),
    "health": _lazy("iets over gezondheid"),
}
# Quoting these back helps the reporter find them; numbers and addresses are not repeated.
QUOTED_KINDS = ("name", "health")


def _refuse_personal_data(
    field: str, text: str, hint: str = "", *, full_names: bool = True
) -> None:
    """Refuse text for area partners' eyes that names, reaches or diagnoses someone."""
    found = personal_data_found(text, full_names=full_names)
    if not found:
        return
    parts = []
    for kind in dict.fromkeys(finding.kind for finding in found):
        label = str(PERSONAL_DATA_LABELS[kind])
        if kind in QUOTED_KINDS:
            quoted = dict.fromkeys(f"“{f.text}”" for f in found if f.kind == kind)
            label += f" ({', '.join(quoted)})"
        parts.append(label)
    message = _(
        "Laat persoonsgegevens weg: partners in de buurt lezen deze tekst mee. Wij zagen %(wat)s."
    ) % {"wat": ", ".join(parts)}
    raise ValidationError({field: f"{message} {hint}".strip()})


def _add_transition(signal: Signal, from_status: str, acting_user: Actor, reason: str = "") -> None:
    SignalTransition.objects.create(
        signal=signal,
        from_status=from_status,
        to_status=signal.status,
        by=user_of(acting_user),
        reason=reason,
    )


@action(
    Purpose.REPORT_SIGNAL,
    Action.ADD,
    Signal,
    reach=[resident_in_reach("data.resident"), neighbourhood_in_reach("data.neighbourhood")],
)
def do_report_signal(data: Mapping[str, Any], acting_user: Actor) -> Signal:
    """Record a signal in a few taps; routing decides which team receives it."""
    category: SignalCategory | None = data.get("category")
    if category is None or not category.active:
        raise ValidationError({"category": _("Kies wat voor signaal het is.")})
    neighbourhood: Neighbourhood | None = data.get("neighbourhood")
    if neighbourhood is None:
        raise ValidationError({"neighbourhood": _("Kies de buurt.")})
    resident: Resident | None = data.get("resident")
    signal = Signal(
        description=(data.get("description") or "").strip(),
        category=category,
        route=category.route,
        neighbourhood=neighbourhood,
        address=(data.get("address") or "").strip(),
        lat=data.get("lat"),
        lon=data.get("lon"),
        resident=resident,
        about_person=bool(resident) or bool(data.get("about_person")),
        source=data.get("source") or Signal.Source.OWN_OBSERVATION,
        reporter=user_of(acting_user),
    )
    if (signal.lat is None) != (signal.lon is None):
        raise ValidationError({"lat": _("Vul breedtegraad en lengtegraad allebei in.")})
    if signal.route == Route.LIVEABILITY and not signal.about_person:
        hint = _("Gaat het om een bewoner? Kies die dan: dan leest alleen het team mee.")
        _refuse_personal_data("description", signal.description, hint)
        _refuse_personal_data("address", signal.address, hint, full_names=False)
    signal.team = team_for(category, neighbourhood)
    signal.full_clean(exclude=["reporter", "team"])
    signal.save()
    _add_transition(signal, "", acting_user)
    audit(
        acting_user,
        AuditVerb.CREATE,
        signal,
        fields=[name for name, value in data.items() if value not in (None, "")],
    )
    return signal


def do_report_public_signal(data: Mapping[str, Any]) -> Signal:
    """The public intake (Open311): liveability only, anonymous, never about a person."""
    category: SignalCategory | None = data.get("category")
    if category is None or not category.active or category.route != Route.LIVEABILITY:
        raise ValidationError(
            {"service_code": _("Deze soort melding bestaat niet of kan niet online.")}
        )
    description = (data.get("description") or "").strip()
    _refuse_personal_data("description", description)
    # Street names look like people's names ("Burgemeester Jansenstraat"): titles only here.
    _refuse_personal_data("address", data.get("address") or "", full_names=False)
    neighbourhood = data.get("neighbourhood")
    if neighbourhood is None:
        raise ValidationError({"neighbourhood": _("Kies de buurt.")})
    signal = Signal(
        description=description,
        category=category,
        route=Route.LIVEABILITY,
        neighbourhood=neighbourhood,
        address=(data.get("address") or "").strip(),
        lat=data.get("lat"),
        lon=data.get("lon"),
        source=Signal.Source.PUBLIC,
        team=team_for(category, neighbourhood),
    )
    signal.full_clean(exclude=["reporter", "team", "resident"])
    with transaction.atomic():
        signal.save()
        _add_transition(signal, "", SYSTEM)
        record(
            None, AuditVerb.CREATE, signal, purpose=Purpose.REPORT_SIGNAL_ONLINE, fields=list(data)
        )
    return signal


def require_team_member(signal: Signal, acting_user: Actor, purpose: Purpose) -> None:
    require(acting_user, Action.CHANGE, signal, purpose=purpose)
    if not is_team_member_for(acting_user, signal):
        # The reporter may follow the signal but not work on it.
        record_denied(acting_user, Action.CHANGE, signal, purpose=purpose)
        raise PermissionDenied(_("Alleen het ontvangende team kan dit signaal behandelen."))


@action(Purpose.CHANGE_SIGNAL_STATUS, reach=[SIGNAL_IN_REACH])
def do_transition_signal(
    signal: Signal, target: str, acting_user: Actor, *, reason: str = ""
) -> Signal:
    """Move a signal along the status flow; every step is kept in the history."""
    require_team_member(signal, acting_user, Purpose.CHANGE_SIGNAL_STATUS)
    current = Signal.objects.select_for_update().get(pk=signal.pk)
    if not status_flow.is_allowed(current.status, target):
        raise ValidationError(
            {
                "status": _("Van '%(van)s' kan een signaal niet naar '%(naar)s'.")
                % {
                    "van": current.get_status_display(),
                    "naar": dict(Signal.Status.choices).get(target, target),
                }
            }
        )
    previous = current.status
    current.status = target
    current.closed_at = timezone.now() if target == Signal.Status.CLOSED else None
    current.save(update_fields=["status", "closed_at", "updated_at"])
    _add_transition(current, previous, acting_user, reason.strip()[:300])
    audit(
        acting_user,
        AuditVerb.CHANGE,
        current,
        fields=["status"],
        purpose=Purpose.REOPEN_SIGNAL if status_flow.is_reopening(previous, target) else None,
    )
    return current


@action(Purpose.ASSIGN_SIGNAL, reach=[SIGNAL_IN_REACH])
def do_assign_signal(signal: Signal, assignee: Any, acting_user: Actor) -> Signal:
    """Give the signal to a member of the receiving team (or to nobody)."""
    require_team_member(signal, acting_user, Purpose.ASSIGN_SIGNAL)
    if assignee is not None and not team_members(signal.team).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Kies iemand uit het ontvangende team.")})
    signal.assignee = assignee
    signal.save(update_fields=["assignee", "updated_at"])
    audit(
        acting_user,
        AuditVerb.CHANGE,
        signal,
        fields=["assignee"],
    )
    return signal


@action(Purpose.SIGNAL_NOTES, reach=[SIGNAL_IN_REACH])
def do_update_signal_notes(
    signal: Signal, notes: str, acting_user: Actor, *, expected_version: int | None = None
) -> Signal:
    require_team_member(signal, acting_user, Purpose.SIGNAL_NOTES)
    current = lock_version(signal, expected_version)
    current.notes = notes.strip()
    current.save(update_fields=["notes", "version", "updated_at"])
    audit(acting_user, AuditVerb.CHANGE, current, fields=["notes"])
    return current
