"""Volunteers, the rota of shifts and the shift reminders."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require
from buurtwerk.matching.engine.taxonomy import CATEGORY_LABELS, SLOT_LABELS, slot_label
from buurtwerk.people.models import Resident

from ..engine.recurrence import slot_of
from ..models import ActivityRole, Initiative, Occurrence, Shift, Volunteer
from .checks import check_codes

# Roles in which a volunteer is alone with a resident: a certificate of conduct is required.
ROLES_NEEDING_CERTIFICATE = frozenset({ActivityRole.DRIVER, ActivityRole.LISTENING_EAR})


REMINDER_SUBJECT = "Herinnering: uw dienst als vrijwilliger"


def _clean_volunteer_lists(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "skills" in data:
        cleaned["skills"] = check_codes(data["skills"], CATEGORY_LABELS, "skills", "vaardigheden")
    if "slots" in data:
        cleaned["slots"] = check_codes(data["slots"], SLOT_LABELS, "slots", "tijdvakken")
    if "roles" in data:
        cleaned["roles"] = check_codes(data["roles"], dict(ActivityRole.choices), "roles", "rollen")
    for name in ("active", "joined_on"):
        if name in data:
            cleaned[name] = data[name]
    return cleaned


@action(Purpose.REGISTER_VOLUNTEER, Action.ADD, Volunteer)
def do_register_volunteer(
    resident: Resident,
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    initiatives: Sequence[Initiative] = (),
) -> Volunteer:
    """Make a resident a volunteer with their skills, moments and roles."""
    require(acting_user, Action.VIEW, resident, purpose=Purpose.REGISTER_VOLUNTEER)
    if Volunteer.objects.filter(resident=resident).exists():
        raise ValidationError(_("Deze bewoner is al vrijwilliger."))
    cleaned = _clean_volunteer_lists(data)
    volunteer = Volunteer.objects.create(resident=resident, **cleaned)
    volunteer.initiatives.set(initiatives)
    audit(
        acting_user,
        AuditVerb.CREATE,
        volunteer,
        fields=[*cleaned, "initiatives"],
    )
    return volunteer


@action(Purpose.CHANGE_VOLUNTEER, Action.CHANGE, "volunteer")
def do_update_volunteer(
    volunteer: Volunteer, data: Mapping[str, Any], acting_user: Actor
) -> Volunteer:
    cleaned = _clean_volunteer_lists(data)
    for name, value in cleaned.items():
        setattr(volunteer, name, value)
    volunteer.save()
    audit(
        acting_user,
        AuditVerb.CHANGE,
        volunteer,
        fields=list(cleaned),
    )
    return volunteer


def shift_problems(occurrence: Occurrence, volunteer: Volunteer, role: str) -> list[str]:
    """Why this volunteer cannot take this role at this occurrence (empty when they can)."""
    problems = []
    if not volunteer.active:
        problems.append(_("Deze vrijwilliger is niet actief."))
    if volunteer.roles and role not in volunteer.roles:
        problems.append(_("Deze vrijwilliger doet deze rol niet."))
    if role in ROLES_NEEDING_CERTIFICATE and not volunteer.has_certificate_of_conduct:
        problems.append(_("Voor deze rol is een VOG nodig en die heeft deze vrijwilliger niet."))
    slot = slot_of(occurrence.starts_at)
    if volunteer.slots and slot not in volunteer.slots:
        problems.append(
            _("Deze vrijwilliger kan niet op %(moment)s.") % {"moment": slot_label(slot)}
        )
    overlapping = Shift.objects.filter(
        volunteer=volunteer,
        occurrence__starts_at__lt=occurrence.ends_at,
        occurrence__ends_at__gt=occurrence.starts_at,
        occurrence__cancelled=False,
    ).exclude(occurrence=occurrence)
    if overlapping.exists():
        problems.append(_("Deze vrijwilliger heeft dan al een andere dienst."))
    return problems


@action(Purpose.MAKE_ROTA, Action.ADD, Shift)
def do_assign_shift(
    occurrence: Occurrence, volunteer: Volunteer, role: str, acting_user: Actor
) -> Shift:
    """Put a volunteer on the rota of one occurrence."""
    require(acting_user, Action.CHANGE, occurrence, purpose=Purpose.MAKE_ROTA)
    require(acting_user, Action.VIEW, volunteer, purpose=Purpose.MAKE_ROTA)
    if role not in ActivityRole.values:
        raise ValidationError({"role": _("Kies een rol.")})
    if occurrence.cancelled:
        raise ValidationError(_("Deze keer gaat niet door."))
    problems = shift_problems(occurrence, volunteer, role)
    if problems:
        raise ValidationError(problems)
    try:
        with transaction.atomic():
            shift = Shift.objects.create(occurrence=occurrence, volunteer=volunteer, role=role)
            audit(
                acting_user,
                AuditVerb.CREATE,
                shift,
                fields=["occurrence", "volunteer", "role"],
            )
    except IntegrityError:
        raise ValidationError(
            _("Deze vrijwilliger staat al op het rooster van deze keer.")
        ) from None
    return shift


@action(Purpose.MAKE_ROTA, Action.DELETE, "shift")
def do_remove_shift(shift: Shift, acting_user: Actor) -> None:
    audit(acting_user, AuditVerb.DELETE, shift)
    shift.delete()


@dataclass(frozen=True)
class Reminder:
    shift: Shift
    address: str
    body: str


def reminder_body(shift: Shift) -> str:
    """The reminder text: activity, date, time, place and role; never a resident's name."""
    occurrence = shift.occurrence
    start = timezone.localtime(occurrence.starts_at)
    return _(
        "Beste vrijwilliger,\n\nU staat op het rooster:\n%(activity)s\n%(when)s\n%(where)s\n"
        "Rol: %(role)s\n\nKunt u niet? Laat het de coördinator zo snel mogelijk weten.\n"
    ) % {
        "activity": occurrence.activity.title,
        "when": f"{start:%d-%m-%Y} {start:%H:%M}",
        "where": occurrence.activity.location_name,
        "role": shift.get_role_display(),
    }


def upcoming_reminders(now: datetime, days: int) -> list[Reminder]:
    """Shifts in the next `days` days not yet reminded, each with the address to send to."""
    shifts = (
        Shift.objects.filter(
            reminded_at__isnull=True,
            occurrence__cancelled=False,
            occurrence__starts_at__gte=now,
            occurrence__starts_at__lte=now + timedelta(days=days),
        )
        .select_related("occurrence__activity", "volunteer__resident")
        .prefetch_related("volunteer__resident__user_account")
        .order_by("occurrence__starts_at", "id")
    )
    reminders = []
    for shift in shifts:
        resident = shift.volunteer.resident
        account = getattr(resident, "user_account", None)
        address = resident.email or (account.email if account else "")
        reminders.append(Reminder(shift=shift, address=address, body=reminder_body(shift)))
    return reminders


def do_send_shift_reminders(now: datetime, days: int = 2, *, send: bool = False) -> list[Reminder]:
    """Remind volunteers of their shifts. A system job (no user): run by `buurtwerk remind`.

    With `send`, reminders with an e-mail address are mailed and marked as sent; the subject
    never names a resident or a place, so it can be read safely in any mailbox.
    """
    reminders = upcoming_reminders(now, days)
    if not send:
        return reminders
    sent = []
    for reminder in reminders:
        if not reminder.address:
            continue
        with transaction.atomic():
            send_mail(
                REMINDER_SUBJECT,
                reminder.body,
                settings.DEFAULT_FROM_EMAIL,
                [reminder.address],
            )
            Shift.objects.filter(pk=reminder.shift.pk).update(reminded_at=now)
            record(
                None,
                AuditVerb.CHANGE,
                reminder.shift,
                purpose=Purpose.SHIFT_REMINDER_SENT,
                fields=["reminded_at"],
            )
        sent.append(reminder)
    return sent
