"""Sign-ups of residents and their attendance."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, user_of
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require
from buurtwerk.people.models import Resident

from ..models import Occurrence, SignUp


def places_taken(occurrence: Occurrence) -> int:
    """Residents signed up by staff plus those who signed up on the public page."""
    from ..models import PublicSignUp

    staff = occurrence.signups.exclude(attendance=SignUp.Attendance.CANCELLED).count()
    public = occurrence.public_signups.filter(status=PublicSignUp.Status.CONFIRMED).count()
    return staff + public


@action(Purpose.SIGN_UP, Action.ADD, SignUp)
def do_sign_up(occurrence: Occurrence, resident: Resident, acting_user: Actor) -> SignUp:
    require(acting_user, Action.VIEW, resident, purpose=Purpose.SIGN_UP)
    require(acting_user, Action.VIEW, occurrence, purpose=Purpose.SIGN_UP)
    if occurrence.cancelled:
        raise ValidationError(_("Deze keer gaat niet door."))
    if occurrence.starts_at < timezone.now():
        raise ValidationError(_("Deze keer is al geweest."))
    return book_place(occurrence, resident, acting_user)


def book_place(occurrence: Occurrence, resident: Resident, acting_user: Actor) -> SignUp:
    """Sign a resident up for one date within its capacity (the caller checked permission)."""
    locked = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    active = locked.signups.exclude(attendance=SignUp.Attendance.CANCELLED)
    if active.filter(resident=resident).exists():
        raise ValidationError(_("Deze bewoner is al aangemeld."))
    capacity = locked.activity.capacity
    if capacity is not None and places_taken(locked) >= capacity:
        raise ValidationError(_("Deze keer is vol."))
    signup, created = SignUp.objects.get_or_create(
        occurrence=locked, resident=resident, defaults={"created_by": user_of(acting_user)}
    )
    if not created:
        if signup.attendance != SignUp.Attendance.CANCELLED:
            raise ValidationError(_("Deze bewoner is al aangemeld."))
        signup.attendance = SignUp.Attendance.EXPECTED
        signup.save(update_fields=["attendance"])
    audit(
        acting_user,
        AuditVerb.CREATE,
        signup,
        purpose=Purpose.SIGN_UP,
        fields=["occurrence", "resident"],
    )
    return signup


@action(Purpose.RECORD_ATTENDANCE, Action.CHANGE, SignUp)
def do_record_attendance(
    occurrence: Occurrence,
    attendance: Mapping[int, str],
    acting_user: Actor,
    *,
    walk_in_count: int | None = None,
) -> Occurrence:
    """Who came (per sign-up) and how many came without signing up."""
    require(acting_user, Action.CHANGE, occurrence, purpose=Purpose.RECORD_ATTENDANCE)
    valid = dict(SignUp.Attendance.choices)
    if any(value not in valid for value in attendance.values()):
        raise ValidationError(_("Onbekende keuze voor aanwezigheid."))
    if walk_in_count is not None and not 0 <= walk_in_count <= 1000:
        raise ValidationError({"walk_in_count": _("Vul een aantal van 0 tot 1000 in.")})
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
    audit(
        acting_user,
        AuditVerb.CHANGE,
        occurrence,
        fields=fields,
    )
    return occurrence
