"""Volunteers, the rota of shifts and the shift reminders."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require
from buurtwerk.matching.engine.taxonomy import CATEGORY_LABELS, SLOT_LABELS, slot_label
from buurtwerk.people.models import Resident

from ..engine.recurrence import (
    TIMEZONE,
    RecurrenceError,
    occurrences_between,
    pattern_rule,
    slot_of,
)
from ..engine.ride_flow import RIDE_FLOW
from ..models import (
    Activity,
    ActivityRole,
    DriverOffer,
    Initiative,
    Occurrence,
    RideArrangement,
    RideRequest,
    RotaPattern,
    Shift,
    Volunteer,
)
from ..wording import recurrence_error
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


def _free_shifts(volunteer: Volunteer, until: date | None, acting_user: Actor) -> int:
    """Take the volunteer's coming shifts (up to `until`) off the rota: they show as gaps."""
    shifts = Shift.objects.filter(volunteer=volunteer, occurrence__starts_at__gte=timezone.now())
    if until is not None:
        shifts = shifts.filter(occurrence__starts_at__date__lte=until)
    return _take_off_rota(shifts, acting_user)


def _take_off_rota(shifts: Iterable[Shift], acting_user: Actor) -> int:
    """Delete shifts one by one, each in the audit log; they show as gaps again."""
    removed = list(shifts)
    for shift in removed:
        audit(acting_user, AuditVerb.DELETE, shift)
        shift.delete()
    return len(removed)


@action(Purpose.PAUSE_VOLUNTEER, Action.CHANGE, "volunteer")
def do_pause_volunteer(volunteer: Volunteer, until: date, acting_user: Actor) -> int:
    """A volunteer takes a break until a date; their shifts in the break become gaps.

    Returns the number of shifts taken off the rota.
    """
    if not volunteer.active:
        raise ValidationError(_("Deze vrijwilliger is gestopt."))
    if until < timezone.localdate():
        raise ValidationError({"paused_until": _("Kies een datum vanaf vandaag.")})
    if until > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"paused_until": _("Een pauze duurt hoogstens een jaar.")})
    volunteer.paused_until = until
    volunteer.save(update_fields=["paused_until"])
    audit(acting_user, AuditVerb.CHANGE, volunteer, fields=["paused_until"])
    return _free_shifts(volunteer, until, acting_user)


@action(Purpose.RESUME_VOLUNTEER, Action.CHANGE, "volunteer")
def do_resume_volunteer(volunteer: Volunteer, acting_user: Actor) -> Volunteer:
    """The break ends early, or a volunteer who stopped comes back."""
    volunteer.paused_until = None
    volunteer.ended_on = None
    volunteer.active = True
    volunteer.save(update_fields=["paused_until", "ended_on", "active"])
    audit(acting_user, AuditVerb.CHANGE, volunteer, fields=["paused_until", "ended_on", "active"])
    return volunteer


# The rides a stopping driver was to drive go back to being matched.
RIDES_BACK_TO_OPEN = sorted(
    status
    for status in RIDE_FLOW.states
    if status != RideRequest.Status.OPEN
    and status not in RIDE_FLOW.closed
    and RIDE_FLOW.is_allowed(status, RideRequest.Status.OPEN)
)


@action(Purpose.END_VOLUNTEER, Action.CHANGE, "volunteer")
def do_end_volunteer(volunteer: Volunteer, acting_user: Actor) -> int:
    """A volunteer stops: coming shifts become gaps, they no longer drive, and the rides
    they were to drive go back to the coordinator to find someone else.

    Returns the number of shifts taken off the rota.
    """
    if not volunteer.active:
        raise ValidationError(_("Deze vrijwilliger is al gestopt."))
    volunteer.active = False
    volunteer.ended_on = timezone.localdate()
    volunteer.paused_until = None
    volunteer.save(update_fields=["active", "ended_on", "paused_until"])
    audit(acting_user, AuditVerb.CHANGE, volunteer, fields=["active", "ended_on", "paused_until"])
    offers = DriverOffer.objects.filter(volunteer=volunteer, active=True)
    RideArrangement.objects.filter(driver_offer__in=offers, active=True).update(active=False)
    RideRequest.objects.filter(
        driver_offer__in=offers,
        occurrence__starts_at__gte=timezone.now(),
        status__in=RIDES_BACK_TO_OPEN,
    ).update(status=RideRequest.Status.OPEN, driver_offer=None, arrangement=None)
    offers.update(active=False)
    return _free_shifts(volunteer, None, acting_user)


def shift_problems(occurrence: Occurrence, volunteer: Volunteer, role: str) -> list[str]:
    """Why this volunteer cannot take this role at this occurrence (empty when they can)."""
    problems = []
    if not volunteer.active:
        problems.append(_("Deze vrijwilliger is gestopt."))
    elif volunteer.paused_until and volunteer.paused_on(
        timezone.localtime(occurrence.starts_at).date()
    ):
        problems.append(
            _("Deze vrijwilliger heeft pauze tot en met %(day)s.")
            % {"day": date_format(volunteer.paused_until)}
        )
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
    if occurrence.starts_at < timezone.now():
        raise ValidationError(_("Deze keer is al geweest: daar kan niemand meer op het rooster."))
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


def _role_problems(volunteer: Volunteer, role: str) -> list[str]:
    """What stops a volunteer taking a role on any date (the date-bound checks come later)."""
    problems = []
    if not volunteer.active:
        problems.append(_("Deze vrijwilliger is gestopt."))
    if volunteer.roles and role not in volunteer.roles:
        problems.append(_("Deze vrijwilliger doet deze rol niet."))
    if role in ROLES_NEEDING_CERTIFICATE and not volunteer.has_certificate_of_conduct:
        problems.append(_("Voor deze rol is een VOG nodig en die heeft deze vrijwilliger niet."))
    return problems


def pattern_occurrences(pattern: RotaPattern) -> list[Occurrence]:
    """The planned, coming dates of the activity that the pattern puts the volunteer on."""
    activity = pattern.activity
    start = max(
        timezone.now(),
        datetime.combine(pattern.starts_on, datetime.min.time(), tzinfo=TIMEZONE),
    )
    planned = list(
        activity.occurrences.filter(starts_at__gte=start, cancelled=False).order_by("starts_at")
    )
    if not planned:
        return []
    local_start = timezone.localtime(activity.starts_at)
    rule = pattern_rule(pattern.repeat, local_start.weekday(), pattern.week_of_month)
    if rule is None:
        return planned
    first = datetime.combine(pattern.starts_on, local_start.time(), tzinfo=TIMEZONE)
    days = {
        moment.date() for moment in occurrences_between(rule, first, first, planned[-1].starts_at)
    }
    return [o for o in planned if timezone.localtime(o.starts_at).date() in days]


@dataclass(frozen=True)
class PatternResult:
    pattern: RotaPattern
    shifts: list[Shift]
    skipped: list[tuple[Occurrence, list[str]]]


def _fill_pattern(pattern: RotaPattern, acting_user: Actor) -> PatternResult:
    """Put the volunteer on each matching date that does not have them yet, where they can."""
    shifts, skipped = [], []
    taken = set(
        Shift.objects.filter(volunteer=pattern.volunteer).values_list("occurrence_id", flat=True)
    )
    for occurrence in pattern_occurrences(pattern):
        if occurrence.pk in taken:
            continue
        problems = shift_problems(occurrence, pattern.volunteer, pattern.role)
        if problems:
            skipped.append((occurrence, problems))
            continue
        shift = Shift.objects.create(
            occurrence=occurrence, volunteer=pattern.volunteer, role=pattern.role
        )
        audit(
            acting_user,
            AuditVerb.CREATE,
            shift,
            purpose=Purpose.ROTA_PATTERN,
            fields=["occurrence", "volunteer", "role"],
        )
        shifts.append(shift)
    return PatternResult(pattern, shifts, skipped)


@action(Purpose.ROTA_PATTERN, Action.ADD, Shift)
def do_create_rota_pattern(
    activity: Activity,
    volunteer: Volunteer,
    data: Mapping[str, Any],
    acting_user: Actor,
) -> PatternResult:
    """Fill a pattern once ("every first Wednesday") and the planned dates follow.

    Dates the volunteer cannot do (a break, another shift) are skipped and reported; dates
    planned later are filled when they are planned.
    """
    require(acting_user, Action.CHANGE, activity, purpose=Purpose.ROTA_PATTERN)
    require(acting_user, Action.VIEW, volunteer, purpose=Purpose.ROTA_PATTERN)
    role = data.get("role", "")
    if role not in ActivityRole.values:
        raise ValidationError({"role": _("Kies een rol.")})
    starts_on = data.get("starts_on") or timezone.localdate()
    if starts_on < timezone.localdate():
        raise ValidationError({"starts_on": _("Een vast rooster begint vandaag of later.")})
    problems = _role_problems(volunteer, role)
    if problems:
        raise ValidationError(problems)
    pattern = RotaPattern(
        activity=activity,
        volunteer=volunteer,
        role=role,
        repeat=data.get("repeat", ""),
        week_of_month=data.get("week_of_month") if data.get("repeat") == "monthly" else None,
        starts_on=starts_on,
    )
    pattern.full_clean()
    try:
        matching = pattern_occurrences(pattern)
    except RecurrenceError as error:
        raise ValidationError({"repeat": recurrence_error(error)}) from error
    if not matching:
        raise ValidationError(
            _(
                "Volgens dit patroon valt er op de geplande keren geen enkele dienst. Kies een "
                "andere week, of plan de activiteit eerst verder vooruit."
            )
        )
    pattern.save()
    audit(
        acting_user,
        AuditVerb.CREATE,
        pattern,
        fields=["activity", "volunteer", "role", "repeat", "week_of_month", "starts_on"],
    )
    return _fill_pattern(pattern, acting_user)


def fill_patterns(activity: Activity, acting_user: Actor) -> int:
    """After new dates are planned: running patterns put their volunteers on them."""
    patterns = activity.rota_patterns.filter(active=True, volunteer__active=True)
    return sum(len(_fill_pattern(pattern, acting_user).shifts) for pattern in patterns)


@action(Purpose.STOP_ROTA_PATTERN, Action.DELETE, Shift)
def do_stop_rota_pattern(pattern: RotaPattern, acting_user: Actor) -> int:
    """End a pattern: the coming shifts it made are taken off the rota (they become gaps)."""
    require(acting_user, Action.CHANGE, pattern.activity, purpose=Purpose.STOP_ROTA_PATTERN)
    pattern.active = False
    pattern.save(update_fields=["active"])
    audit(acting_user, AuditVerb.CHANGE, pattern, fields=["active"])
    coming = Shift.objects.filter(
        volunteer=pattern.volunteer,
        role=pattern.role,
        occurrence__in=[o.pk for o in pattern_occurrences(pattern)],
    )
    return _take_off_rota(coming, acting_user)


def _require_own_shift_or_coordinator(shift: Shift, acting_user: Actor, purpose: Purpose) -> None:
    """A volunteer may hand back or swap their own shift from their phone; coordinators any."""
    resident_id = getattr(acting_user, "resident_id", None)
    own = bool(resident_id) and shift.volunteer.resident_id == resident_id
    if not own:
        require(acting_user, Action.CHANGE, shift, purpose=purpose)
    elif shift.occurrence.starts_at < timezone.now():
        raise ValidationError(_("Deze dienst is al geweest."))


@action(Purpose.GIVE_BACK_SHIFT)
def do_give_back_shift(shift: Shift, acting_user: Actor) -> Occurrence:
    """The volunteer cannot come: the shift becomes a gap the coordinator sees."""
    _require_own_shift_or_coordinator(shift, acting_user, Purpose.GIVE_BACK_SHIFT)
    occurrence = shift.occurrence
    audit(acting_user, AuditVerb.DELETE, shift)
    shift.delete()
    return occurrence


@action(Purpose.SWAP_SHIFT)
def do_swap_shift(shift: Shift, other: Volunteer, acting_user: Actor) -> Shift:
    """Another volunteer of the same initiative takes the shift over, if they can."""
    _require_own_shift_or_coordinator(shift, acting_user, Purpose.SWAP_SHIFT)
    initiative_id = shift.occurrence.activity.initiative_id
    if other.pk == shift.volunteer_id or not other.initiatives.filter(pk=initiative_id).exists():
        raise ValidationError(_("Kies iemand anders van dit initiatief."))
    problems = shift_problems(shift.occurrence, other, shift.role)
    if problems:
        raise ValidationError(problems)
    shift.volunteer = other
    shift.reminded_at = None
    shift.save(update_fields=["volunteer", "reminded_at"])
    audit(acting_user, AuditVerb.CHANGE, shift, fields=["volunteer"])
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
