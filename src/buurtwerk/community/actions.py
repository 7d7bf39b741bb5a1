"""Changes to community data. Each action checks permission, runs atomically and writes the
audit log (field names only). Views, the API and the `buurtwerk remind` command call these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.hooks import run_hooks
from buurtwerk.core.permissions import Action, require, scope
from buurtwerk.matching.engine.taxonomy import CATEGORY_LABELS, SLOT_LABELS, slot_label
from buurtwerk.people.actions import do_create_resident, do_record_consent
from buurtwerk.people.models import Resident

from . import rides
from .engine.recurrence import (
    TIMEZONE,
    RecurrenceError,
    normalise_rule,
    occurrences_between,
    slot_of,
)
from .models import (
    Activity,
    ActivityRole,
    DriverOffer,
    Initiative,
    Occurrence,
    ReconnectOutcome,
    ReconnectProfile,
    Registration,
    RideArrangement,
    RideRequest,
    Shift,
    SignUp,
    SupportLog,
    Volunteer,
)
from .wording import recurrence_error

# Roles in which a volunteer is alone with a resident: a certificate of conduct is required.
ROLES_NEEDING_CERTIFICATE = frozenset({ActivityRole.DRIVER, ActivityRole.LISTENING_EAR})
# How far ahead occurrences (and recurring rides) are planned unless asked otherwise.
PLANNING_HORIZON = timedelta(weeks=8)
REMINDER_SUBJECT = "Herinnering: uw dienst als vrijwilliger"


def _check_codes(values: Iterable[str], known: Mapping[str, Any], field: str, label: str) -> list:
    values = list(values)
    unknown = sorted({str(value) for value in values if value not in known})
    if unknown:
        raise ValidationError(
            {
                field: _("Onbekende %(label)s: %(codes)s.")
                % {"label": label, "codes": ", ".join(unknown)[:100]}
            }
        )
    return sorted(set(values))


# --- Initiatives --------------------------------------------------------------------------

INITIATIVE_FIELDS = (
    "name", "neighbourhood", "team", "goal", "contact_name", "contact_phone", "contact_email",
    "supported_by", "support_description", "step_back_on",
)  # fmt: skip


def _check_neighbourhood(neighbourhood_id: int | None, acting_user: Any) -> None:
    if neighbourhood_id not in acting_user.neighbourhood_ids():
        raise ValidationError({"neighbourhood": _("Kies een buurt van uw eigen team.")})


def do_create_initiative(
    data: Mapping[str, Any], acting_user: Any, *, organisers: Sequence[Resident] = ()
) -> Initiative:
    """Register an initiative residents run; the buurtwerker's support is logged separately."""
    require(acting_user, Action.ADD, Initiative, purpose="initiatief aanmaken")
    initiative = Initiative(**{k: v for k, v in data.items() if k in INITIATIVE_FIELDS})
    initiative.full_clean()
    _check_neighbourhood(initiative.neighbourhood_id, acting_user)
    with transaction.atomic():
        initiative.save()
        initiative.organisers.set(organisers)
        record(
            acting_user,
            AuditVerb.CREATE,
            initiative,
            purpose="initiatief aanmaken",
            fields=[*data, *(["organisers"] if organisers else [])],
        )
    return initiative


def do_update_initiative(
    initiative: Initiative,
    data: Mapping[str, Any],
    acting_user: Any,
    *,
    organisers: Sequence[Resident] | None = None,
) -> Initiative:
    require(acting_user, Action.CHANGE, initiative, purpose="initiatief wijzigen")
    changed = [k for k, v in data.items() if k in INITIATIVE_FIELDS and getattr(initiative, k) != v]
    for name in changed:
        setattr(initiative, name, data[name])
    initiative.full_clean()
    if "neighbourhood" in changed:
        _check_neighbourhood(initiative.neighbourhood_id, acting_user)
    with transaction.atomic():
        initiative.save()
        if organisers is not None:
            initiative.organisers.set(organisers)
            changed.append("organisers")
        record(
            acting_user, AuditVerb.CHANGE, initiative, purpose="initiatief wijzigen", fields=changed
        )
    return initiative


def do_log_support(initiative: Initiative, data: Mapping[str, Any], acting_user: Any) -> SupportLog:
    """Write down time spent supporting the initiative (it should go down over the months)."""
    require(acting_user, Action.CHANGE, initiative, purpose="ondersteuning vastleggen")
    require(acting_user, Action.ADD, SupportLog, purpose="ondersteuning vastleggen")
    entry = SupportLog(
        initiative=initiative,
        given_by=acting_user,
        given_on=data.get("given_on") or timezone.localdate(),
        hours=data.get("hours", 0),
        note=data.get("note", ""),
    )
    entry.full_clean(exclude=["given_by"])
    if entry.given_on > timezone.localdate():
        raise ValidationError({"given_on": _("Ondersteuning kan niet in de toekomst liggen.")})
    with transaction.atomic():
        entry.save()
        record(
            acting_user,
            AuditVerb.CREATE,
            entry,
            purpose="ondersteuning vastleggen",
            fields=["given_on", "hours", "note"],
        )
    return entry


# --- Activities and occurrences -----------------------------------------------------------

ACTIVITY_FIELDS = (
    "title", "kind", "description", "themes", "location_name", "address", "lat", "lon",
    "starts_at", "duration_minutes", "rrule", "ends_on", "capacity", "roles_needed",
    "partners_note", "is_public", "neighbourhood",
)  # fmt: skip


def _clean_activity(activity: Activity) -> None:
    activity.themes = _check_codes(activity.themes or [], CATEGORY_LABELS, "themes", "thema's")
    roles = activity.roles_needed or {}
    if not isinstance(roles, dict):
        raise ValidationError({"roles_needed": _("Geef per rol een aantal.")})
    _check_codes(roles, dict(ActivityRole.choices), "roles_needed", "rollen")
    if any(
        not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 50 for n in roles.values()
    ):
        raise ValidationError({"roles_needed": _("Het aantal per rol is een getal van 0 tot 50.")})
    activity.roles_needed = {role: n for role, n in sorted(roles.items()) if n}
    if (activity.lat is None) != (activity.lon is None):
        raise ValidationError({"lat": _("Vul breedtegraad en lengtegraad allebei in, of geen.")})
    if activity.rrule:
        try:
            activity.rrule = normalise_rule(activity.rrule)
        except RecurrenceError as error:
            raise ValidationError({"rrule": recurrence_error(error)}) from error
        first = occurrences_between(
            activity.rrule,
            activity.starts_at,
            activity.starts_at,
            activity.starts_at + timedelta(days=400),
            until=_end_of(activity.ends_on),
        )
        if not first:
            raise ValidationError({"rrule": _("Volgens deze herhaling is er geen enkele datum.")})
        # RFC 5545 counts DTSTART as the first occurrence: it must fit the rule itself.
        activity.starts_at = first[0]
    if activity.ends_on and activity.ends_on < timezone.localtime(activity.starts_at).date():
        raise ValidationError({"ends_on": _("De laatste keer ligt voor de eerste keer.")})
    activity.full_clean(exclude=["initiative", "partners"])


def _end_of(day: date | None) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, time(23, 59, 59), tzinfo=TIMEZONE)


def do_create_activity(
    initiative: Initiative,
    data: Mapping[str, Any],
    acting_user: Any,
    *,
    partners: Iterable[Any] = (),
    plan_until: datetime | None = None,
) -> Activity:
    """Create a (recurring) activity and plan its dates for the coming weeks."""
    require(acting_user, Action.ADD, Activity, purpose="activiteit aanmaken")
    require(acting_user, Action.CHANGE, initiative, purpose="activiteit aanmaken")
    values = {k: v for k, v in data.items() if k in ACTIVITY_FIELDS}
    values.setdefault("neighbourhood", initiative.neighbourhood)
    activity = Activity(initiative=initiative, **values)
    _clean_activity(activity)
    _check_neighbourhood(activity.neighbourhood_id, acting_user)
    with transaction.atomic():
        activity.save()
        activity.partners.set(list(partners))
        record(
            acting_user, AuditVerb.CREATE, activity, purpose="activiteit aanmaken", fields=values
        )
        _plan(activity, plan_until or timezone.now() + PLANNING_HORIZON)
    return activity


def do_update_activity(
    activity: Activity,
    data: Mapping[str, Any],
    acting_user: Any,
    *,
    partners: Iterable[Any] | None = None,
) -> Activity:
    """Change an activity; planned dates after now that no longer fit the rule are removed
    unless someone signed up or has a shift (those are cancelled instead, so nobody is lost).
    """
    require(acting_user, Action.CHANGE, activity, purpose="activiteit wijzigen")
    changed = [k for k, v in data.items() if k in ACTIVITY_FIELDS and getattr(activity, k) != v]
    for name in changed:
        setattr(activity, name, data[name])
    _clean_activity(activity)
    if "neighbourhood" in changed:
        _check_neighbourhood(activity.neighbourhood_id, acting_user)
    with transaction.atomic():
        activity.save()
        if partners is not None:
            activity.partners.set(list(partners))
            changed.append("partners")
        record(
            acting_user, AuditVerb.CHANGE, activity, purpose="activiteit wijzigen", fields=changed
        )
        if {"rrule", "starts_at", "ends_on", "duration_minutes"} & set(changed):
            _replan(activity)
    return activity


def _planned_dates(activity: Activity, until: datetime) -> list[datetime]:
    if not activity.rrule:
        return [activity.starts_at] if activity.starts_at <= until else []
    return occurrences_between(
        activity.rrule,
        activity.starts_at,
        activity.starts_at,
        until,
        until=_end_of(activity.ends_on),
    )


def _plan(activity: Activity, until: datetime) -> list[Occurrence]:
    existing = set(activity.occurrences.values_list("starts_at", flat=True))
    duration = timedelta(minutes=activity.duration_minutes)
    new = [
        Occurrence(activity=activity, starts_at=start, ends_at=start + duration)
        for start in _planned_dates(activity, until)
        if start not in existing
    ]
    Occurrence.objects.bulk_create(new)
    return new


def _replan(activity: Activity) -> None:
    now = timezone.now()
    future = activity.occurrences.filter(starts_at__gt=now)
    horizon = max([now + PLANNING_HORIZON, *future.values_list("starts_at", flat=True)])
    wanted = set(_planned_dates(activity, horizon))
    for occurrence in future:
        if occurrence.starts_at in wanted:
            occurrence.ends_at = occurrence.starts_at + timedelta(minutes=activity.duration_minutes)
            occurrence.save(update_fields=["ends_at"])
        elif occurrence.signups.exists() or occurrence.shifts.exists():
            _cancel(occurrence)
        else:
            occurrence.delete()
    _plan(activity, horizon)


def do_plan_occurrences(activity: Activity, until: datetime, acting_user: Any) -> list[Occurrence]:
    """Put the dates of the activity up to `until` in the agenda, ready for a rota and rides.

    Recurring ride arrangements are carried over to the new dates at once.
    """
    require(acting_user, Action.ADD, Occurrence, purpose="activiteit plannen")
    require(acting_user, Action.CHANGE, activity, purpose="activiteit plannen")
    if until > timezone.now() + timedelta(days=400):
        raise ValidationError(_("Plan hoogstens ruim een jaar vooruit."))
    with transaction.atomic():
        created = _plan(activity, until)
        record(
            acting_user,
            AuditVerb.CREATE,
            Occurrence,
            purpose="activiteit plannen",
            object_id=activity.pk,
            fields=["starts_at"],
        )
        _extend_arrangements(
            RideArrangement.objects.filter(activity=activity, active=True), acting_user
        )
    return created


def _cancel(occurrence: Occurrence) -> None:
    occurrence.cancelled = True
    occurrence.save(update_fields=["cancelled"])
    occurrence.ride_requests.exclude(status=RideRequest.Status.CANCELLED).update(
        status=RideRequest.Status.CANCELLED
    )


def do_cancel_occurrence(occurrence: Occurrence, acting_user: Any) -> Occurrence:
    """This date does not go ahead: its rides are cancelled too (the feed gets an EXDATE)."""
    require(acting_user, Action.CHANGE, occurrence, purpose="keer afzeggen")
    with transaction.atomic():
        _cancel(occurrence)
        record(
            acting_user, AuditVerb.CHANGE, occurrence, purpose="keer afzeggen", fields=["cancelled"]
        )
    return occurrence


# --- Sign-ups and attendance -------------------------------------------------------------


def do_sign_up(occurrence: Occurrence, resident: Resident, acting_user: Any) -> SignUp:
    require(acting_user, Action.ADD, SignUp, purpose="aanmelden voor activiteit")
    require(acting_user, Action.VIEW, resident, purpose="aanmelden voor activiteit")
    require(acting_user, Action.VIEW, occurrence, purpose="aanmelden voor activiteit")
    if occurrence.cancelled:
        raise ValidationError(_("Deze keer gaat niet door."))
    if occurrence.starts_at < timezone.now():
        raise ValidationError(_("Deze keer is al geweest."))
    with transaction.atomic():
        locked = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
        active = locked.signups.exclude(attendance=SignUp.Attendance.CANCELLED)
        if active.filter(resident=resident).exists():
            raise ValidationError(_("Deze bewoner is al aangemeld."))
        capacity = locked.activity.capacity
        taken = locked.signups.exclude(attendance=SignUp.Attendance.CANCELLED).count()
        if capacity is not None and taken >= capacity:
            raise ValidationError(_("Deze keer is vol."))
        signup, created = SignUp.objects.get_or_create(
            occurrence=locked, resident=resident, defaults={"created_by": acting_user}
        )
        if not created:
            if signup.attendance != SignUp.Attendance.CANCELLED:
                raise ValidationError(_("Deze bewoner is al aangemeld."))
            signup.attendance = SignUp.Attendance.EXPECTED
            signup.save(update_fields=["attendance"])
        record(
            acting_user,
            AuditVerb.CREATE,
            signup,
            purpose="aanmelden voor activiteit",
            fields=["occurrence", "resident"],
        )
    return signup


def do_record_attendance(
    occurrence: Occurrence,
    attendance: Mapping[int, str],
    acting_user: Any,
    *,
    walk_in_count: int | None = None,
) -> Occurrence:
    """Who came (per sign-up) and how many came without signing up."""
    require(acting_user, Action.CHANGE, SignUp, purpose="aanwezigheid bijhouden")
    require(acting_user, Action.CHANGE, occurrence, purpose="aanwezigheid bijhouden")
    valid = dict(SignUp.Attendance.choices)
    if any(value not in valid for value in attendance.values()):
        raise ValidationError(_("Onbekende keuze voor aanwezigheid."))
    if walk_in_count is not None and not 0 <= walk_in_count <= 1000:
        raise ValidationError({"walk_in_count": _("Vul een aantal van 0 tot 1000 in.")})
    with transaction.atomic():
        signups = {s.pk: s for s in occurrence.signups.select_for_update()}
        if set(attendance) - set(signups):
            raise ValidationError(_("Deze aanmelding hoort niet bij deze keer."))
        for signup_id, value in attendance.items():
            signups[signup_id].attendance = value
        SignUp.objects.bulk_update([signups[pk] for pk in attendance], ["attendance"])
        fields = ["attendance"] if attendance else []
        if walk_in_count is not None:
            occurrence.walk_in_count = walk_in_count
            occurrence.save(update_fields=["walk_in_count"])
            fields.append("walk_in_count")
        record(
            acting_user,
            AuditVerb.CHANGE,
            occurrence,
            purpose="aanwezigheid bijhouden",
            fields=fields,
        )
    return occurrence


# --- Volunteers and the rota -------------------------------------------------------------


def _clean_volunteer_lists(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "skills" in data:
        cleaned["skills"] = _check_codes(data["skills"], CATEGORY_LABELS, "skills", "vaardigheden")
    if "slots" in data:
        cleaned["slots"] = _check_codes(data["slots"], SLOT_LABELS, "slots", "tijdvakken")
    if "roles" in data:
        cleaned["roles"] = _check_codes(
            data["roles"], dict(ActivityRole.choices), "roles", "rollen"
        )
    for name in ("active", "joined_on"):
        if name in data:
            cleaned[name] = data[name]
    return cleaned


def do_register_volunteer(
    resident: Resident,
    data: Mapping[str, Any],
    acting_user: Any,
    *,
    initiatives: Sequence[Initiative] = (),
) -> Volunteer:
    """Make a resident a volunteer with their skills, moments and roles."""
    require(acting_user, Action.ADD, Volunteer, purpose="vrijwilliger registreren")
    require(acting_user, Action.VIEW, resident, purpose="vrijwilliger registreren")
    if Volunteer.objects.filter(resident=resident).exists():
        raise ValidationError(_("Deze bewoner is al vrijwilliger."))
    cleaned = _clean_volunteer_lists(data)
    with transaction.atomic():
        volunteer = Volunteer.objects.create(resident=resident, **cleaned)
        volunteer.initiatives.set(initiatives)
        record(
            acting_user,
            AuditVerb.CREATE,
            volunteer,
            purpose="vrijwilliger registreren",
            fields=[*cleaned, "initiatives"],
        )
    return volunteer


def do_update_volunteer(
    volunteer: Volunteer, data: Mapping[str, Any], acting_user: Any
) -> Volunteer:
    require(acting_user, Action.CHANGE, volunteer, purpose="vrijwilliger wijzigen")
    cleaned = _clean_volunteer_lists(data)
    with transaction.atomic():
        for name, value in cleaned.items():
            setattr(volunteer, name, value)
        volunteer.save()
        record(
            acting_user,
            AuditVerb.CHANGE,
            volunteer,
            purpose="vrijwilliger wijzigen",
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


def do_assign_shift(
    occurrence: Occurrence, volunteer: Volunteer, role: str, acting_user: Any
) -> Shift:
    """Put a volunteer on the rota of one occurrence."""
    require(acting_user, Action.ADD, Shift, purpose="rooster maken")
    require(acting_user, Action.CHANGE, occurrence, purpose="rooster maken")
    require(acting_user, Action.VIEW, volunteer, purpose="rooster maken")
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
            record(
                acting_user,
                AuditVerb.CREATE,
                shift,
                purpose="rooster maken",
                fields=["occurrence", "volunteer", "role"],
            )
    except IntegrityError:
        raise ValidationError(
            _("Deze vrijwilliger staat al op het rooster van deze keer.")
        ) from None
    return shift


def do_remove_shift(shift: Shift, acting_user: Any) -> None:
    require(acting_user, Action.DELETE, shift, purpose="rooster maken")
    with transaction.atomic():
        record(acting_user, AuditVerb.DELETE, shift, purpose="rooster maken")
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
                purpose="herinnering dienst gestuurd",
                fields=["reminded_at"],
            )
        sent.append(reminder)
    return sent


# --- Rides -------------------------------------------------------------------------------


def do_offer_driving(
    volunteer: Volunteer,
    data: Mapping[str, Any],
    acting_user: Any,
    *,
    activities: Sequence[Activity] = (),
) -> DriverOffer:
    """Record that a volunteer drives residents: moments, seats, rides a week, pickup radius."""
    require(acting_user, Action.ADD, DriverOffer, purpose="chauffeur registreren")
    require(acting_user, Action.VIEW, volunteer, purpose="chauffeur registreren")
    offer = DriverOffer(
        volunteer=volunteer,
        slots=_check_codes(data.get("slots", []), SLOT_LABELS, "slots", "tijdvakken"),
        seats=data.get("seats", 1),
        per_week=data.get("per_week", 1),
        max_pickup_km=data.get("max_pickup_km", 3.0),
        goes_anyway=data.get("goes_anyway", False),
    )
    if not offer.slots:
        raise ValidationError({"slots": _("Kies minstens één moment waarop de chauffeur kan.")})
    offer.full_clean(exclude=["volunteer"])
    with transaction.atomic():
        offer.save()
        offer.activities.set(activities)
        record(
            acting_user,
            AuditVerb.CREATE,
            offer,
            purpose="chauffeur registreren",
            fields=[*data, "activities"],
        )
    return offer


def do_request_ride(
    resident: Resident,
    occurrence: Occurrence,
    acting_user: Any,
    *,
    requires_certificate: bool = False,
    wants_repeat: bool = False,
) -> RideRequest:
    """A resident asks to be picked up at home for one occurrence."""
    require(acting_user, Action.ADD, RideRequest, purpose="rit aanvragen")
    require(acting_user, Action.VIEW, resident, purpose="rit aanvragen")
    require(acting_user, Action.VIEW, occurrence, purpose="rit aanvragen")
    if occurrence.cancelled or occurrence.starts_at < timezone.now():
        raise ValidationError(_("Voor deze keer kan geen rit meer worden aangevraagd."))
    if resident.lat is None and not resident.neighbourhood_id:
        raise ValidationError(_("Van deze bewoner is geen adres bekend om op te halen."))
    active = RideRequest.objects.filter(resident=resident, occurrence=occurrence).exclude(
        status=RideRequest.Status.CANCELLED
    )
    if active.exists():
        raise ValidationError(_("Voor deze bewoner is al een rit aangevraagd voor deze keer."))
    with transaction.atomic():
        request = RideRequest.objects.create(
            resident=resident,
            occurrence=occurrence,
            requires_certificate=requires_certificate,
            wants_repeat=wants_repeat,
            created_by=acting_user,
        )
        record(
            acting_user,
            AuditVerb.CREATE,
            request,
            purpose="rit aanvragen",
            fields=["resident", "occurrence", "requires_certificate", "wants_repeat"],
        )
    return request


def do_propose_rides(occurrence: Occurrence, acting_user: Any) -> list[RideRequest]:
    """Let the matching engine propose a driver for every open ride request of an occurrence.

    The whole set is assigned at once (best total), so one resident's ride does not take the
    only driver another resident could use. The coordinator confirms each proposal.
    """
    require(acting_user, Action.CHANGE, RideRequest, purpose="ritten koppelen")
    require(acting_user, Action.VIEW, occurrence, purpose="ritten koppelen")
    with transaction.atomic():
        open_requests = list(
            occurrence.ride_requests.filter(status=RideRequest.Status.OPEN)
            .select_for_update()
            .select_related("resident__neighbourhood", "occurrence")
            .prefetch_related("resident__consents")
        )
        if not open_requests:
            return []
        assignment = rides.plan_rides(occurrence, open_requests)
        by_pk: dict[Any, RideRequest] = {request.pk: request for request in open_requests}
        proposed = []
        for match in assignment.matches:
            request = by_pk[match.need_ref]
            request.status = RideRequest.Status.PROPOSED
            request.driver_offer_id = cast(int, match.offer_ref)
            request.match_score = match.score
            request.match_reasons = list(match.reasons)
            request.pickup_km = match.distance_km
            request.save(
                update_fields=[
                    "status",
                    "driver_offer",
                    "match_score",
                    "match_reasons",
                    "pickup_km",
                ]
            )
            record(
                acting_user,
                AuditVerb.CHANGE,
                request,
                purpose="ritten koppelen",
                fields=["status", "driver_offer"],
            )
            proposed.append(request)
    return proposed


def do_confirm_ride(
    request: RideRequest,
    acting_user: Any,
    *,
    driver: DriverOffer | None = None,
    repeat: bool | None = None,
) -> RideRequest:
    """The coordinator confirms a driver (the proposed one unless another is chosen).

    With `repeat` (default: what was asked), a ride arrangement is made and the same driver is
    booked for the next planned dates of the activity, as far as their seats allow.
    """
    require(acting_user, Action.CHANGE, request, purpose="rit bevestigen")
    with transaction.atomic():
        # The proposal may have changed since the page was opened: work on the saved state.
        request.refresh_from_db()
        driver = driver or request.driver_offer
        if driver is None:
            raise ValidationError(_("Kies eerst een chauffeur."))
        if request.status == RideRequest.Status.CANCELLED:
            raise ValidationError(_("Deze rit is geannuleerd."))
        DriverOffer.objects.select_for_update().filter(pk=driver.pk).first()
        candidate = rides.evaluate(request, driver)
        if candidate is None:
            reasons = rides.why_no_driver(request).get(driver.pk) or [
                _("Deze chauffeur rijdt niet naar deze activiteit.")
            ]
            raise ValidationError(reasons)
        _book(
            request, driver, candidate.score, candidate.reasons, candidate.distance_km, acting_user
        )
        record(
            acting_user,
            AuditVerb.CHANGE,
            request,
            purpose="rit bevestigen",
            fields=["status", "driver_offer"],
        )
        if request.wants_repeat if repeat is None else repeat:
            arrangement = RideArrangement.objects.create(
                resident=request.resident,
                activity=request.occurrence.activity,
                driver_offer=driver,
                created_by=acting_user,
            )
            request.arrangement = arrangement
            request.save(update_fields=["arrangement"])
            record(
                acting_user,
                AuditVerb.CREATE,
                arrangement,
                purpose="vaste rit afspreken",
                fields=["resident", "activity", "driver_offer"],
            )
            _extend_arrangements([arrangement], acting_user)
    return request


def _book(
    request: RideRequest,
    driver: DriverOffer,
    score: float,
    reasons: Sequence[str],
    distance_km: float | None,
    acting_user: Any,
) -> None:
    request.driver_offer = driver
    request.status = RideRequest.Status.CONFIRMED
    request.match_score = score
    request.match_reasons = list(reasons)
    request.pickup_km = distance_km
    request.confirmed_at = timezone.now()
    request.confirmed_by = acting_user
    request.save()


def _extend_arrangements(arrangements: Iterable[RideArrangement], acting_user: Any) -> int:
    """Book the arranged driver for every planned future date that has no ride yet.

    A date on which the driver has no seat left (or that no longer fits their moments) gets
    an open request instead, so the coordinator sees it and can find someone else.
    """
    booked = 0
    now = timezone.now()
    for arrangement in arrangements:
        already = RideRequest.objects.filter(resident=arrangement.resident).exclude(
            status=RideRequest.Status.CANCELLED
        )
        occurrences = Occurrence.objects.filter(
            activity=arrangement.activity, cancelled=False, starts_at__gt=now
        ).exclude(pk__in=already.values("occurrence_id"))
        if arrangement.ends_on:
            occurrences = occurrences.filter(starts_at__date__lte=arrangement.ends_on)
        for occurrence in occurrences.order_by("starts_at"):
            request = RideRequest.objects.create(
                resident=arrangement.resident,
                occurrence=occurrence,
                arrangement=arrangement,
                wants_repeat=True,
                created_by=acting_user,
            )
            candidate = rides.evaluate(request, arrangement.driver_offer)
            if candidate is not None:
                _book(
                    request,
                    arrangement.driver_offer,
                    candidate.score,
                    candidate.reasons,
                    candidate.distance_km,
                    acting_user,
                )
                booked += 1
            record(
                acting_user,
                AuditVerb.CREATE,
                request,
                purpose="vaste rit doorzetten",
                fields=["resident", "occurrence", "arrangement"],
            )
    return booked


def do_extend_arrangements(acting_user: Any) -> int:
    """Carry every running arrangement over to the newly planned dates (returns rides booked)."""
    require(acting_user, Action.ADD, RideRequest, purpose="vaste ritten doorzetten")
    with transaction.atomic():
        arrangements = scope(acting_user, RideArrangement.objects.filter(active=True))
        return _extend_arrangements(arrangements.select_related("driver_offer"), acting_user)


def do_stop_arrangement(arrangement: RideArrangement, acting_user: Any) -> RideArrangement:
    """End a recurring ride: future rides booked through it are cancelled."""
    require(acting_user, Action.CHANGE, arrangement, purpose="vaste rit stoppen")
    with transaction.atomic():
        arrangement.active = False
        arrangement.save(update_fields=["active"])
        arrangement.requests.filter(occurrence__starts_at__gt=timezone.now()).update(
            status=RideRequest.Status.CANCELLED
        )
        record(
            acting_user,
            AuditVerb.CHANGE,
            arrangement,
            purpose="vaste rit stoppen",
            fields=["active"],
        )
    return arrangement


def do_cancel_ride(request: RideRequest, acting_user: Any) -> RideRequest:
    require(acting_user, Action.CHANGE, request, purpose="rit annuleren")
    with transaction.atomic():
        request.status = RideRequest.Status.CANCELLED
        request.save(update_fields=["status"])
        record(acting_user, AuditVerb.CHANGE, request, purpose="rit annuleren", fields=["status"])
    return request


# --- Reconnect ---------------------------------------------------------------------------


def do_save_reconnect_profile(
    resident: Resident, data: Mapping[str, Any], acting_user: Any
) -> ReconnectProfile:
    """What the resident likes and when they can, as talked through with the buurtwerker."""
    require(acting_user, Action.CHANGE, ReconnectProfile, purpose="meedoen-wensen vastleggen")
    require(acting_user, Action.VIEW, resident, purpose="meedoen-wensen vastleggen")
    values = {
        "interests": _check_codes(
            data.get("interests", []), CATEGORY_LABELS, "interests", "interesses"
        ),
        "slots": _check_codes(data.get("slots", []), SLOT_LABELS, "slots", "tijdvakken"),
        "walking_km": data.get("walking_km", 0.5),
        "travels_alone": data.get("travels_alone", True),
    }
    with transaction.atomic():
        profile, _created = ReconnectProfile.objects.get_or_create(resident=resident)
        for name, value in values.items():
            setattr(profile, name, value)
        profile.full_clean(exclude=["resident"])
        profile.save()
        record(
            acting_user,
            AuditVerb.CHANGE,
            profile,
            purpose="meedoen-wensen vastleggen",
            fields=list(values),
        )
    return profile


def do_record_reconnect_outcome(
    resident: Resident,
    activity: Activity,
    outcome: str,
    acting_user: Any,
    *,
    note: str = "",
    ride_arranged: bool = False,
) -> ReconnectOutcome:
    """Write down what came of a suggestion.

    Fires the hook "reconnect_outcome" (keyword arguments `outcome`, `resident`, `activity`,
    `acting_user`) inside the transaction, so the contact log in casework can add its own
    entry and both are saved or neither.
    """
    require(acting_user, Action.ADD, ReconnectOutcome, purpose="uitkomst meedoen vastleggen")
    require(acting_user, Action.VIEW, resident, purpose="uitkomst meedoen vastleggen")
    require(acting_user, Action.VIEW, activity, purpose="uitkomst meedoen vastleggen")
    entry = ReconnectOutcome(
        resident=resident,
        activity=activity,
        outcome=outcome,
        note=note,
        ride_arranged=ride_arranged,
        recorded_by=acting_user,
    )
    entry.full_clean(exclude=["recorded_by"])
    with transaction.atomic():
        entry.save()
        record(
            acting_user,
            AuditVerb.CREATE,
            entry,
            purpose="uitkomst meedoen vastleggen",
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


# --- Registrations from the public page --------------------------------------------------

CONSENT_TEXT = _(
    "Ik vind het goed dat de buurtwerker mijn naam en telefoonnummer of e-mailadres bewaart "
    "om contact met mij op te nemen. Na een kennismaking mag de buurtwerker mij voorstellen "
    "aan buurtgenoten die hulp zoeken of bieden. Ik kan dit altijd weer intrekken."
)


def do_submit_registration(neighbourhood: Any, data: Mapping[str, Any]) -> Registration:
    """A resident signs up on the public page. No account, so no permission check: the view
    protects this with CSRF, a honeypot and a rate limit. Nothing enters matching yet.
    """
    if not data.get("consent"):
        raise ValidationError({"consent": _("Zonder toestemming kunnen we u niet bellen.")})
    if not (data.get("phone") or data.get("email")):
        raise ValidationError({"phone": _("Vul een telefoonnummer of e-mailadres in.")})
    registration = Registration(
        neighbourhood=neighbourhood,
        kind=data.get("kind", ""),
        category=data.get("category", ""),
        message=data.get("message", ""),
        name=data.get("name", ""),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        consent_text=str(CONSENT_TEXT),
        consent_given_at=timezone.now(),
    )
    registration.full_clean()
    with transaction.atomic():
        registration.save()
        record(
            None,
            AuditVerb.CREATE,
            registration,
            purpose="aanmelding via buurtpagina",
            fields=["kind", "category", "message", "name", "phone", "email"],
        )
    return registration


def do_confirm_registration(
    registration: Registration,
    resident_data: Mapping[str, Any],
    acting_user: Any,
    *,
    existing_resident: Resident | None = None,
) -> Resident:
    """After the coffee visit: make (or link) the resident, with the consent they gave.

    Only now can the offer or need enter matching: the hook "registration_confirmed" (keyword
    arguments `registration`, `resident`, `acting_user`) lets the matching app pick it up. The
    contact details on the registration are cleared: they now live on the resident.
    """
    require(acting_user, Action.CHANGE, registration, purpose="aanmelding bevestigen")
    if registration.status != Registration.Status.PENDING:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    with transaction.atomic():
        if existing_resident is not None:
            require(acting_user, Action.CHANGE, existing_resident, purpose="aanmelding bevestigen")
            resident = existing_resident
            if not resident.has_matching_consent:
                do_record_consent(resident, acting_user, statement=registration.consent_text)
        else:
            data = {
                "name": registration.name,
                "phone": registration.phone,
                "email": registration.email,
                "neighbourhood": registration.neighbourhood,
            }
            data.update({k: v for k, v in resident_data.items() if v not in (None, "")})
            resident = do_create_resident(
                data,
                acting_user,
                matching_consent=True,
                consent_statement=registration.consent_text,
                basis_note=_("Aangemeld via de buurtpagina, kennismaking gehad."),
            )
        registration.status = Registration.Status.CONFIRMED
        registration.resident = resident
        registration.handled_by = acting_user
        registration.handled_at = timezone.now()
        registration.name = registration.phone = registration.email = ""
        registration.save()
        record(
            acting_user,
            AuditVerb.CHANGE,
            registration,
            purpose="aanmelding bevestigen",
            fields=["status", "resident", "name", "phone", "email"],
        )
        run_hooks(
            "registration_confirmed",
            registration=registration,
            resident=resident,
            acting_user=acting_user,
        )
    return resident


def do_reject_registration(registration: Registration, acting_user: Any) -> Registration:
    """Spam, a double, or the resident changed their mind: personal data is removed at once."""
    require(acting_user, Action.CHANGE, registration, purpose="aanmelding afwijzen")
    if registration.status != Registration.Status.PENDING:
        raise ValidationError(_("Deze aanmelding is al afgehandeld."))
    with transaction.atomic():
        registration.status = Registration.Status.REJECTED
        registration.handled_by = acting_user
        registration.handled_at = timezone.now()
        registration.name = registration.phone = registration.email = registration.message = ""
        registration.save()
        record(
            acting_user,
            AuditVerb.CHANGE,
            registration,
            purpose="aanmelding afwijzen",
            fields=["status", "name", "phone", "email", "message"],
        )
    return registration
