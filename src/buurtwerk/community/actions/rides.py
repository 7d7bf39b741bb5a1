"""Driver offers, ride requests, proposals and recurring ride arrangements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import SYSTEM, Actor, action, apply_changes, audit, signed_in, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require, scope
from buurtwerk.matching.engine.taxonomy import SLOT_LABELS
from buurtwerk.people.models import Resident

from .. import rides
from ..engine.ride_flow import RIDE_FLOW
from ..models import (
    Activity,
    DriverOffer,
    Occurrence,
    RideArrangement,
    RideRequest,
    SignUp,
    Volunteer,
)
from .checks import check_codes
from .signups import book_place, do_sign_up


@action(Purpose.REGISTER_DRIVER, Action.ADD, DriverOffer)
def do_offer_driving(
    volunteer: Volunteer,
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    activities: Sequence[Activity] = (),
) -> DriverOffer:
    """Record that a volunteer drives residents: moments, seats, rides a week, pickup radius."""
    require(acting_user, Action.VIEW, volunteer, purpose=Purpose.REGISTER_DRIVER)
    offer = DriverOffer(
        volunteer=volunteer,
        slots=check_codes(data.get("slots", []), SLOT_LABELS, "slots", "tijdvakken"),
        seats=data.get("seats", 1),
        per_week=data.get("per_week", 1),
        max_pickup_km=data.get("max_pickup_km", 3.0),
        goes_anyway=data.get("goes_anyway", False),
    )
    if not offer.slots:
        raise ValidationError({"slots": _("Kies minstens één moment waarop de chauffeur kan.")})
    offer.full_clean(exclude=["volunteer"])
    offer.save()
    offer.activities.set(activities)
    audit(
        acting_user,
        AuditVerb.CREATE,
        offer,
        fields=[*data, "activities"],
    )
    return offer


DRIVER_FIELDS = ("slots", "seats", "per_week", "max_pickup_km", "goes_anyway", "active")


@action(Purpose.CHANGE_DRIVER, Action.CHANGE, "offer")
def do_update_driver_offer(
    offer: DriverOffer,
    data: Mapping[str, Any],
    acting_user: Actor,
    *,
    activities: Sequence[Activity] | None = None,
) -> DriverOffer:
    """Change when and how far a driver drives, with the same checks as when they offered."""
    values = {k: v for k, v in data.items() if k in DRIVER_FIELDS}
    if "slots" in values:
        values["slots"] = check_codes(values["slots"], SLOT_LABELS, "slots", "tijdvakken")
        if not values["slots"]:
            raise ValidationError({"slots": _("Kies minstens één moment waarop de chauffeur kan.")})
    changed = apply_changes(offer, values)
    offer.full_clean(exclude=["volunteer"])
    offer.save()
    if activities is not None:
        offer.activities.set(activities)
        changed.append("activities")
    audit(acting_user, AuditVerb.CHANGE, offer, fields=changed)
    return offer


@action(Purpose.REQUEST_RIDE, Action.ADD, RideRequest)
def do_request_ride(
    resident: Resident,
    occurrence: Occurrence,
    acting_user: Actor,
    *,
    requires_certificate: bool = False,
    wants_repeat: bool = False,
) -> RideRequest:
    """A resident asks to be picked up at home for one occurrence."""
    require(acting_user, Action.VIEW, resident, purpose=Purpose.REQUEST_RIDE)
    require(acting_user, Action.VIEW, occurrence, purpose=Purpose.REQUEST_RIDE)
    if occurrence.cancelled or occurrence.starts_at < timezone.now():
        raise ValidationError(_("Voor deze keer kan geen rit meer worden aangevraagd."))
    if resident.lat is None and not resident.neighbourhood_id:
        raise ValidationError(_("Van deze bewoner is geen adres bekend om op te halen."))
    active = RideRequest.objects.filter(resident=resident, occurrence=occurrence).exclude(
        status=RideRequest.Status.CANCELLED
    )
    if active.exists():
        raise ValidationError(_("Voor deze bewoner is al een rit aangevraagd voor deze keer."))
    request = RideRequest.objects.create(
        resident=resident,
        occurrence=occurrence,
        requires_certificate=requires_certificate,
        wants_repeat=wants_repeat,
        created_by=user_of(acting_user),
    )
    audit(
        acting_user,
        AuditVerb.CREATE,
        request,
        fields=["resident", "occurrence", "requires_certificate", "wants_repeat"],
    )
    return request


@action(Purpose.MATCH_RIDES, Action.CHANGE, RideRequest)
def do_propose_rides(occurrence: Occurrence, acting_user: Actor) -> list[RideRequest]:
    """Let the matching engine propose a driver for every open ride request of an occurrence.

    The whole set is assigned at once (best total), so one resident's ride does not take the
    only driver another resident could use. The coordinator confirms each proposal.
    """
    require(acting_user, Action.VIEW, occurrence, purpose=Purpose.MATCH_RIDES)
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
        audit(
            acting_user,
            AuditVerb.CHANGE,
            request,
            fields=["status", "driver_offer"],
        )
        proposed.append(request)
    return proposed


@action(Purpose.CONFIRM_RIDE, Action.CHANGE, "request")
def do_confirm_ride(
    request: RideRequest,
    acting_user: Actor,
    *,
    driver: DriverOffer | None = None,
    repeat: bool | None = None,
) -> RideRequest:
    """The coordinator confirms a driver (the proposed one unless another is chosen).

    With `repeat` (default: what was asked), a ride arrangement is made and the same driver is
    booked for the next planned dates of the activity, as far as their seats allow.
    """
    # The proposal may have changed since the page was opened: work on the saved state.
    request.refresh_from_db()
    driver = driver or request.driver_offer
    if driver is None:
        raise ValidationError(_("Kies eerst een chauffeur."))
    if not RIDE_FLOW.is_allowed(request.status, RideRequest.Status.CONFIRMED):
        raise ValidationError(_("Deze rit is geannuleerd."))
    DriverOffer.objects.select_for_update().filter(pk=driver.pk).first()
    problems = rides.driver_problems(request, driver)
    candidate = None if problems else rides.evaluate(request, driver)
    if candidate is None:
        raise ValidationError(problems or _("Deze chauffeur kan deze rit niet rijden."))
    _book(request, driver, candidate.score, candidate.reasons, candidate.distance_km, acting_user)
    audit(
        acting_user,
        AuditVerb.CHANGE,
        request,
        fields=["status", "driver_offer"],
    )
    mail_ride_to_driver_without_account(request)
    if request.wants_repeat if repeat is None else repeat:
        arrangement = RideArrangement.objects.create(
            resident=request.resident,
            activity=request.occurrence.activity,
            driver_offer=driver,
            created_by=user_of(acting_user),
        )
        request.arrangement = arrangement
        request.save(update_fields=["arrangement"])
        audit(
            acting_user,
            AuditVerb.CREATE,
            arrangement,
            purpose=Purpose.AGREE_REGULAR_RIDE,
            fields=["resident", "activity", "driver_offer"],
        )
        extend_arrangements([arrangement], acting_user)
    return request


def _book(
    request: RideRequest,
    driver: DriverOffer,
    score: float,
    reasons: Sequence[str],
    distance_km: float | None,
    acting_user: Actor,
) -> None:
    request.driver_offer = driver
    request.status = RideRequest.Status.CONFIRMED
    request.match_score = score
    request.match_reasons = list(reasons)
    request.pickup_km = distance_km
    request.confirmed_at = timezone.now()
    request.confirmed_by = user_of(acting_user)
    request.save()


def _sign_up_along(occurrence: Occurrence, resident: Resident, acting_user: Actor) -> None:
    """A standing ride goes with a place at the activity; a full date keeps the ride only."""
    active = occurrence.signups.exclude(attendance=SignUp.Attendance.CANCELLED)
    if active.filter(resident=resident).exists():
        return
    try:
        with transaction.atomic():
            book_place(occurrence, resident, acting_user)
    except ValidationError:
        pass


def driver_address(driver: DriverOffer) -> str:
    resident = driver.volunteer.resident
    account = getattr(resident, "user_account", None)
    return resident.email or (account.email if account else "")


RIDE_SUBJECT = "Een rit voor u als chauffeur"
RIDE_CANCELLED_SUBJECT = "Een rit gaat niet door"


def mail_ride_to_driver_without_account(request: RideRequest) -> bool:
    """A driver without an account gets the ride by e-mail; the subject names no one."""
    driver = request.driver_offer
    if driver is None or getattr(driver.volunteer.resident, "user_account", None) is not None:
        return False
    address = driver_address(driver)
    if not address:
        return False
    resident = request.resident
    start = timezone.localtime(request.occurrence.starts_at)
    body = _(
        "Beste chauffeur,\n\nWilt u deze bewoner ophalen?\n%(name)s\n%(address)s\n"
        "Telefoon: %(phone)s\n\nNaar: %(activity)s, %(where)s\nOp: %(when)s\n\n"
        "Kunt u niet? Laat het de coördinator zo snel mogelijk weten.\n"
    ) % {
        "name": resident.name,
        "address": resident.address or _("adres bij de coördinator"),
        "phone": resident.phone or "-",
        "activity": request.occurrence.activity.title,
        "where": request.occurrence.activity.location_name,
        "when": date_format(start, "DATETIME_FORMAT"),
    }
    send_mail(RIDE_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [address])
    audit(SYSTEM, AuditVerb.CHANGE, request, purpose=Purpose.RIDE_MAILED_TO_DRIVER)
    return True


def mail_cancelled_rides(requests: Iterable[RideRequest]) -> int:
    """Tell each driver their ride does not go ahead (activity and date; no resident)."""
    sent = 0
    for request in requests:
        if request.driver_offer is None:
            continue
        address = driver_address(request.driver_offer)
        if not address:
            continue
        start = timezone.localtime(request.occurrence.starts_at)
        body = _(
            "Beste chauffeur,\n\n%(activity)s op %(when)s gaat niet door. De rit die u "
            "zou rijden vervalt dus.\n\nBedankt voor uw hulp.\n"
        ) % {
            "activity": request.occurrence.activity.title,
            "when": date_format(start, "DATETIME_FORMAT"),
        }
        send_mail(RIDE_CANCELLED_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [address])
        sent += 1
    return sent


@action(Purpose.DRIVE_RIDE_MYSELF, Action.CHANGE, "request")
def do_drive_ride_myself(request: RideRequest, acting_user: Actor) -> RideRequest:
    """A staff member drives this one ride themselves: no driver offer, no standing ride."""
    if not RIDE_FLOW.is_allowed(request.status, RideRequest.Status.CONFIRMED):
        raise ValidationError(_("Deze rit is geannuleerd."))
    if request.occurrence.starts_at < timezone.now():
        raise ValidationError(_("Deze rit is al geweest."))
    if not request.resident.has_matching_consent:
        raise ValidationError(
            _("Deze bewoner heeft nog geen toestemming gegeven om gekoppeld te worden.")
        )
    request.status = RideRequest.Status.CONFIRMED
    request.staff_driver = signed_in(acting_user)
    request.driver_offer = None
    request.match_score = None
    request.match_reasons = []
    request.pickup_km = None
    request.confirmed_at = timezone.now()
    request.confirmed_by = user_of(acting_user)
    request.save()
    audit(acting_user, AuditVerb.CHANGE, request, fields=["status", "staff_driver", "driver_offer"])
    return request


@dataclass(frozen=True)
class ArrangedRide:
    signup: SignUp | None
    ride: RideRequest
    confirmed: bool
    problems: list[str]


@action(Purpose.ARRANGE_RIDE, Action.CHANGE, RideRequest)
def do_arrange_ride(
    resident: Resident, occurrence: Occurrence, acting_user: Actor, *, repeat: bool = False
) -> ArrangedRide:
    """From a "Meedoen" suggestion, in one step: a place at the activity, a ride request and
    the best driver confirmed (with `repeat`, also for the next dates).

    What stops a ride altogether (no consent, no address, no driver) is refused before
    anything is saved; when only no driver fits this date, the request stays open for the
    coordinator with the reasons.
    """
    blockers = rides.ride_blockers(resident, occurrence)
    if blockers:
        raise ValidationError(blockers)
    signup = None
    if (
        not occurrence.signups.filter(resident=resident)
        .exclude(attendance=SignUp.Attendance.CANCELLED)
        .exists()
    ):
        signup = do_sign_up(occurrence, resident, acting_user)
    request = do_request_ride(resident, occurrence, acting_user, wants_repeat=repeat)
    suggestions = rides.suggestions_for(request, limit=1)
    if not suggestions:
        problems = sorted(
            {reason for reasons in rides.why_no_driver(request).values() for reason in reasons}
        )
        return ArrangedRide(signup, request, False, [rides.in_ride_words(p) for p in problems])
    driver = DriverOffer.objects.get(pk=cast(int, suggestions[0].offer_ref))
    do_confirm_ride(request, acting_user, driver=driver, repeat=repeat)
    return ArrangedRide(signup, request, True, [])


def extend_arrangements(arrangements: Iterable[RideArrangement], acting_user: Actor) -> int:
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
                created_by=user_of(acting_user),
            )
            _sign_up_along(occurrence, arrangement.resident, acting_user)
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
                purpose=Purpose.EXTEND_REGULAR_RIDE,
                fields=["resident", "occurrence", "arrangement"],
            )
    return booked


def do_extend_arrangements(acting_user: Actor) -> int:
    """Carry every running arrangement over to the newly planned dates (returns rides booked)."""
    require(acting_user, Action.ADD, RideRequest, purpose=Purpose.EXTEND_REGULAR_RIDES)
    with transaction.atomic():
        arrangements = scope(acting_user, RideArrangement.objects.filter(active=True))
        return extend_arrangements(arrangements.select_related("driver_offer"), acting_user)


@action(Purpose.STOP_REGULAR_RIDE, Action.CHANGE, "arrangement")
def do_stop_arrangement(arrangement: RideArrangement, acting_user: Actor) -> RideArrangement:
    """End a recurring ride: future rides booked through it are cancelled."""
    arrangement.active = False
    arrangement.save(update_fields=["active"])
    arrangement.requests.filter(occurrence__starts_at__gt=timezone.now()).update(
        status=RideRequest.Status.CANCELLED
    )
    audit(
        acting_user,
        AuditVerb.CHANGE,
        arrangement,
        fields=["active"],
    )
    return arrangement


@action(Purpose.CANCEL_RIDE, Action.CHANGE, "request")
def do_cancel_ride(request: RideRequest, acting_user: Actor) -> RideRequest:
    request.status = RideRequest.Status.CANCELLED
    request.save(update_fields=["status"])
    audit(acting_user, AuditVerb.CHANGE, request, fields=["status"])
    return request
