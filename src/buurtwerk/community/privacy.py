"""The community part of a resident's AVG rights, retention rules and consent withdrawal."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q

from buurtwerk.core.actions import Actor
from buurtwerk.core.privacy import scrub_free_text
from buurtwerk.core.retention import RetentionRule

from .models import (
    Activity,
    Initiative,
    PublicSignUp,
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

# A registration nobody followed up within this time is removed: the resident can sign up again.
PENDING_REGISTRATION_DAYS = 90
# Handled registrations keep only what is needed for statistics, and not for ever.
HANDLED_REGISTRATION_DAYS = 365
# Ride requests name who was picked up where; after this they are only statistics.
RIDE_HISTORY_DAYS = 730
# Sign-ups from the public page are only needed for the date itself and a little after.
PUBLIC_SIGNUP_DAYS = 30


def withdraw_ride_matching(resident: Any, acting_user: Actor | None = None, **_: Any) -> None:
    """Consent withdrawn: rides still being matched stop at once (confirmed ones stay)."""
    RideRequest.objects.filter(
        resident=resident, status__in=[RideRequest.Status.OPEN, RideRequest.Status.PROPOSED]
    ).update(status=RideRequest.Status.CANCELLED)
    RideArrangement.objects.filter(resident=resident, active=True).update(active=False)


def residents_active_since(since: datetime) -> Iterable[int]:
    """Residents with community activity since `since`: a sign-up, a volunteer shift, a ride
    request or arrangement, a registration or a reconnect step, made since then or for a date
    after it (a sign-up for next week is activity, whenever it was made)."""
    active: set[int] = set()
    since_or_later = Q(created_at__gte=since) | Q(occurrence__starts_at__gte=since)
    for rows in (
        SignUp.objects.filter(since_or_later),
        RideRequest.objects.filter(since_or_later),
        RideArrangement.objects.filter(
            Q(created_at__gte=since)
            | Q(active=True, ends_on__isnull=True)
            | Q(ends_on__gte=since.date())
        ),
        Registration.objects.filter(resident__isnull=False).filter(
            Q(created_at__gte=since) | Q(handled_at__gte=since)
        ),
        ReconnectProfile.objects.filter(updated_at__gte=since),
        ReconnectOutcome.objects.filter(recorded_at__gte=since),
    ):
        active.update(rows.values_list("resident_id", flat=True))
    active.update(
        Shift.objects.filter(occurrence__starts_at__gte=since).values_list(
            "volunteer__resident_id", flat=True
        )
    )
    return active


def export_resident(resident: Any, viewer: Any) -> dict[str, Any]:
    """What the community domain holds about one resident, readable and machine-readable."""
    volunteer = Volunteer.objects.filter(resident=resident).first()
    return {
        "signups": [
            {
                "activity": signup.occurrence.activity.title,
                "starts_at": signup.occurrence.starts_at.isoformat(),
                "attendance": signup.attendance,
            }
            for signup in SignUp.objects.filter(resident=resident).select_related(
                "occurrence__activity"
            )
        ],
        "ride_requests": [
            {
                "activity": ride.occurrence.activity.title,
                "starts_at": ride.occurrence.starts_at.isoformat(),
                "status": ride.status,
            }
            for ride in RideRequest.objects.filter(resident=resident).select_related(
                "occurrence__activity"
            )
        ],
        "volunteer": (
            {
                "skills": volunteer.skills,
                "slots": volunteer.slots,
                "roles": volunteer.roles,
                "shifts": volunteer.shifts.count(),
            }
            if volunteer
            else None
        ),
        "reconnect_profile": [
            {"interests": p.interests, "slots": p.slots, "travels_alone": p.travels_alone}
            for p in ReconnectProfile.objects.filter(resident=resident)
        ],
        "reconnect_outcomes": [
            {"activity": o.activity.title, "outcome": o.outcome, "note": o.note}
            for o in ReconnectOutcome.objects.filter(resident=resident).select_related("activity")
        ],
    }


def erase_resident(resident: Any) -> int:
    """Remove everything personal; attendance counts survive as walk-ins (statistics kept)."""
    touched = 0
    for signup in SignUp.objects.filter(resident=resident).select_related("occurrence"):
        if signup.attendance == SignUp.Attendance.ATTENDED:
            signup.occurrence.walk_in_count += 1
            signup.occurrence.save(update_fields=["walk_in_count"])
        signup.delete()
        touched += 1
    for model in (RideRequest, RideArrangement, ReconnectProfile, ReconnectOutcome, Volunteer):
        deleted, _ = model.objects.filter(resident=resident).delete()
        touched += deleted
    touched += Registration.objects.filter(resident=resident).update(
        resident=None, name="", phone="", email="", message=""
    )
    # Where others wrote them down by name, phone or e-mail without a link to their record.
    touched += scrub_free_text(
        resident, Registration.objects.all(), ["name", "phone", "email", "message"]
    )
    touched += scrub_free_text(
        resident,
        Initiative.objects.all(),
        ["contact_name", "contact_phone", "contact_email", "goal", "support_description"],
    )
    touched += scrub_free_text(resident, Activity.objects.all(), ["description", "partners_note"])
    touched += scrub_free_text(resident, SupportLog.objects.all(), ["note"])
    touched += scrub_free_text(resident, ReconnectOutcome.objects.all(), ["note"])
    return touched


def _expire_pending(now: datetime, dry_run: bool) -> int:
    stale = Registration.objects.filter(
        status=Registration.Status.PENDING,
        created_at__lt=now - timedelta(days=PENDING_REGISTRATION_DAYS),
    )
    return stale.count() if dry_run else stale.delete()[0]


def _expire_handled(now: datetime, dry_run: bool) -> int:
    old = Registration.objects.exclude(status=Registration.Status.PENDING).filter(
        handled_at__lt=now - timedelta(days=HANDLED_REGISTRATION_DAYS)
    )
    return old.count() if dry_run else old.delete()[0]


def _expire_rides(now: datetime, dry_run: bool) -> int:
    old = RideRequest.objects.filter(
        Q(occurrence__starts_at__lt=now - timedelta(days=RIDE_HISTORY_DAYS))
    )
    return old.count() if dry_run else old.delete()[0]


def _expire_public_signups(now: datetime, dry_run: bool) -> int:
    old = PublicSignUp.objects.filter(
        occurrence__starts_at__lt=now - timedelta(days=PUBLIC_SIGNUP_DAYS)
    )
    return old.count() if dry_run else old.delete()[0]


RETENTION_RULES = [
    RetentionRule(
        "community-pending-registrations",
        f"Aanmeldingen via de buurtpagina zonder opvolging na {PENDING_REGISTRATION_DAYS} dagen "
        "verwijderen",
        _expire_pending,
    ),
    RetentionRule(
        "community-handled-registrations",
        f"Afgehandelde aanmeldingen na {HANDLED_REGISTRATION_DAYS} dagen verwijderen",
        _expire_handled,
    ),
    RetentionRule(
        "community-public-signups",
        f"Aanmeldingen voor activiteiten via de buurtpagina {PUBLIC_SIGNUP_DAYS} dagen na de "
        "activiteit verwijderen",
        _expire_public_signups,
    ),
    RetentionRule(
        "community-ride-history",
        f"Ritten ouder dan {RIDE_HISTORY_DAYS} dagen verwijderen",
        _expire_rides,
    ),
]
