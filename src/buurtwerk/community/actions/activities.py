"""Activities and their planned occurrences."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require
from buurtwerk.matching.engine.taxonomy import CATEGORY_LABELS

from ..engine.recurrence import TIMEZONE, RecurrenceError, normalise_rule, occurrences_between
from ..models import Activity, ActivityRole, Initiative, Occurrence, RideArrangement, RideRequest
from ..wording import recurrence_error
from .checks import check_codes
from .initiatives import check_neighbourhood
from .rides import extend_arrangements, mail_cancelled_rides
from .rota import fill_patterns
from .signups import places_taken

# How far ahead occurrences (and recurring rides) are planned unless asked otherwise.
PLANNING_HORIZON = timedelta(weeks=8)


ACTIVITY_FIELDS = (
    "title", "kind", "description", "themes", "location_name", "address", "lat", "lon",
    "starts_at", "duration_minutes", "rrule", "ends_on", "capacity", "roles_needed",
    "partners_note", "is_public", "neighbourhood",
)  # fmt: skip


def _clean_activity(activity: Activity) -> None:
    activity.themes = check_codes(activity.themes or [], CATEGORY_LABELS, "themes", "thema's")
    roles = activity.roles_needed or {}
    if not isinstance(roles, dict):
        raise ValidationError({"roles_needed": _("Geef per rol een aantal.")})
    check_codes(roles, dict(ActivityRole.choices), "roles_needed", "rollen")
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


@action(Purpose.CREATE_ACTIVITY, Action.ADD, Activity)
def do_create_activity(
    initiative: Initiative,
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    partners: Iterable[Any] = (),
    plan_until: datetime | None = None,
) -> Activity:
    """Create a (recurring) activity and plan its dates for the coming weeks."""
    require(acting_user, Action.CHANGE, initiative, purpose=Purpose.CREATE_ACTIVITY)
    values = {k: v for k, v in data.items() if k in ACTIVITY_FIELDS}
    values.setdefault("neighbourhood", initiative.neighbourhood)
    activity = Activity(initiative=initiative, **values)
    _clean_activity(activity)
    check_neighbourhood(activity.neighbourhood_id, acting_user)
    activity.save()
    activity.partners.set(list(partners))
    audit(acting_user, AuditVerb.CREATE, activity, fields=values)
    _plan(activity, plan_until or timezone.now() + PLANNING_HORIZON)
    return activity


@action(Purpose.CHANGE_ACTIVITY, Action.CHANGE, "activity")
def do_update_activity(
    activity: Activity,
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    partners: Iterable[Any] | None = None,
) -> Activity:
    """Change an activity; planned dates after now that no longer fit the rule are removed
    unless someone signed up or has a shift (those are cancelled instead, so nobody is lost).
    """
    changed = [k for k, v in data.items() if k in ACTIVITY_FIELDS and getattr(activity, k) != v]
    for name in changed:
        setattr(activity, name, data[name])
    _clean_activity(activity)
    if "neighbourhood" in changed:
        check_neighbourhood(activity.neighbourhood_id, acting_user)
    if "capacity" in changed and activity.capacity is not None:
        _check_capacity(activity)
    activity.save()
    if partners is not None:
        activity.partners.set(list(partners))
        changed.append("partners")
    audit(acting_user, AuditVerb.CHANGE, activity, fields=changed)
    if {"rrule", "starts_at", "ends_on", "duration_minutes"} & set(changed):
        _replan(activity)
    return activity


def _check_capacity(activity: Activity) -> None:
    """A lower maximum may not leave residents who already signed up without a place."""
    future = activity.occurrences.filter(starts_at__gt=timezone.now(), cancelled=False)
    busiest = max((places_taken(occurrence) for occurrence in future), default=0)
    if activity.capacity is not None and activity.capacity < busiest:
        raise ValidationError(
            {
                "capacity": _(
                    "Er zijn al %(n)d aanmeldingen voor één keer. Kies minstens %(n)d plaatsen."
                )
                % {"n": busiest}
            }
        )


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


@action(Purpose.PLAN_ACTIVITY, Action.ADD, Occurrence)
def do_plan_occurrences(
    activity: Activity, until: datetime, acting_user: Actor
) -> list[Occurrence]:
    """Put the dates of the activity up to `until` in the agenda, ready for a rota and rides.

    Recurring ride arrangements are carried over to the new dates at once.
    """
    require(acting_user, Action.CHANGE, activity, purpose=Purpose.PLAN_ACTIVITY)
    if until > timezone.now() + timedelta(days=400):
        raise ValidationError(_("Plan hoogstens ruim een jaar vooruit."))
    created = _plan(activity, until)
    audit(
        acting_user,
        AuditVerb.CREATE,
        Occurrence,
        object_id=activity.pk,
        fields=["starts_at"],
    )
    extend_arrangements(RideArrangement.objects.filter(activity=activity, active=True), acting_user)
    fill_patterns(activity, acting_user)
    return created


def _cancel(occurrence: Occurrence) -> None:
    """The date does not go ahead: its rides are cancelled and their drivers told."""
    occurrence.cancelled = True
    occurrence.save(update_fields=["cancelled"])
    rides = occurrence.ride_requests.exclude(status=RideRequest.Status.CANCELLED)
    confirmed = list(
        rides.filter(status=RideRequest.Status.CONFIRMED).select_related(
            "driver_offer__volunteer__resident__user_account", "occurrence__activity"
        )
    )
    rides.update(status=RideRequest.Status.CANCELLED)
    mail_cancelled_rides(confirmed)


@action(Purpose.CANCEL_OCCURRENCE, Action.CHANGE, "occurrence")
def do_cancel_occurrence(occurrence: Occurrence, acting_user: Actor) -> Occurrence:
    """This date does not go ahead: its rides are cancelled too (the feed gets an EXDATE)."""
    _cancel(occurrence)
    audit(
        acting_user,
        AuditVerb.CHANGE,
        occurrence,
        fields=["cancelled"],
    )
    return occurrence
