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
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.permissions import Action, require, scope
from buurtwerk.matching.engine.taxonomy import SLOT_LABELS
from buurtwerk.people.models import Resident

from .. import rides
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
        slots=check_codes(data.get("slots", []), SLOT_LABELS, "slots", "tijdvakken"),
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


DRIVER_FIELDS = ("slots", "seats", "per_week", "max_pickup_km", "goes_anyway", "active")


def do_update_driver_offer(
    offer: DriverOffer,
    data: Mapping[str, Any],
    acting_user: Any,
    *,
    activities: Sequence[Activity] | None = None,
) -> DriverOffer:
    """Change when and how far a driver drives, with the same checks as when they offered."""
    require(acting_user, Action.CHANGE, offer, purpose="chauffeur wijzigen")
    values = {k: v for k, v in data.items() if k in DRIVER_FIELDS}
    if "slots" in values:
        values["slots"] = check_codes(values["slots"], SLOT_LABELS, "slots", "tijdvakken")
        if not values["slots"]:
            raise ValidationError({"slots": _("Kies minstens één moment waarop de chauffeur kan.")})
    changed = [name for name, value in values.items() if getattr(offer, name) != value]
    for name in changed:
        setattr(offer, name, values[name])
    offer.full_clean(exclude=["volunteer"])
    with transaction.atomic():
        offer.save()
        if activities is not None:
            offer.activities.set(activities)
            changed.append("activities")
        record(acting_user, AuditVerb.CHANGE, offer, purpose="chauffeur wijzigen", fields=changed)
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
        problems = rides.driver_problems(request, driver)
        candidate = None if problems else rides.evaluate(request, driver)
        if candidate is None:
            raise ValidationError(problems or _("Deze chauffeur kan deze rit niet rijden."))
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
        mail_ride_to_driver_without_account(request)
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
            extend_arrangements([arrangement], acting_user)
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


def _sign_up_along(occurrence: Occurrence, resident: Resident, acting_user: Any) -> None:
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
        "when": f"{start:%d-%m-%Y} {start:%H:%M}",
    }
    send_mail(RIDE_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [address])
    record(None, AuditVerb.CHANGE, request, purpose="rit gemaild aan chauffeur", fields=[])
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
            "when": f"{start:%d-%m-%Y} {start:%H:%M}",
        }
        send_mail(RIDE_CANCELLED_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [address])
        sent += 1
    return sent


def do_drive_ride_myself(request: RideRequest, acting_user: Any) -> RideRequest:
    """A staff member drives this one ride themselves: no driver offer, no standing ride."""
    require(acting_user, Action.CHANGE, request, purpose="rit zelf rijden")
    if request.status == RideRequest.Status.CANCELLED:
        raise ValidationError(_("Deze rit is geannuleerd."))
    if request.occurrence.starts_at < timezone.now():
        raise ValidationError(_("Deze rit is al geweest."))
    if not request.resident.has_matching_consent:
        raise ValidationError(
            _("Deze bewoner heeft nog geen toestemming gegeven om gekoppeld te worden.")
        )
    with transaction.atomic():
        request.status = RideRequest.Status.CONFIRMED
        request.staff_driver = acting_user
        request.driver_offer = None
        request.match_score = None
        request.match_reasons = []
        request.pickup_km = None
        request.confirmed_at = timezone.now()
        request.confirmed_by = acting_user
        request.save()
        record(
            acting_user,
            AuditVerb.CHANGE,
            request,
            purpose="rit zelf rijden",
            fields=["status", "staff_driver", "driver_offer"],
        )
    return request


@dataclass(frozen=True)
class ArrangedRide:
    signup: SignUp | None
    ride: RideRequest
    confirmed: bool
    problems: list[str]


def do_arrange_ride(
    resident: Resident, occurrence: Occurrence, acting_user: Any, *, repeat: bool = False
) -> ArrangedRide:
    """From a "Meedoen" suggestion, in one step: a place at the activity, a ride request and
    the best driver confirmed (with `repeat`, also for the next dates).

    What stops a ride altogether (no consent, no address, no driver) is refused before
    anything is saved; when only no driver fits this date, the request stays open for the
    coordinator with the reasons.
    """
    require(acting_user, Action.CHANGE, RideRequest, purpose="rit regelen")
    blockers = rides.ride_blockers(resident, occurrence)
    if blockers:
        raise ValidationError(blockers)
    with transaction.atomic():
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


def extend_arrangements(arrangements: Iterable[RideArrangement], acting_user: Any) -> int:
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
                purpose="vaste rit doorzetten",
                fields=["resident", "occurrence", "arrangement"],
            )
    return booked


def do_extend_arrangements(acting_user: Any) -> int:
    """Carry every running arrangement over to the newly planned dates (returns rides booked)."""
    require(acting_user, Action.ADD, RideRequest, purpose="vaste ritten doorzetten")
    with transaction.atomic():
        arrangements = scope(acting_user, RideArrangement.objects.filter(active=True))
        return extend_arrangements(arrangements.select_related("driver_offer"), acting_user)


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
