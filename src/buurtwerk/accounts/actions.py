"""Changes to user accounts, shared by the CLI, the admin pages and the demo."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.actions import Actor, action, audit, is_system
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Role

from .models import User


@action(Purpose.CREATE_ACCOUNT)
def do_create_user(
    *,
    username: str,
    password: str,
    role: str,
    acting_user: Actor,
    full_name: str = "",
    job_title: str = "",
    teams: Iterable[Any] = (),
    check_password_strength: bool = True,
) -> User:
    """Create an account. `acting_user` is None only for the command line of the server admin."""
    if role not in Role.values:
        raise ValidationError(
            {
                "role": _("Onbekende rol '%(role)s'. Kies uit: %(roles)s.")
                % {"role": role, "roles": ", ".join(Role.values)}
            }
        )
    if not is_system(acting_user) and getattr(acting_user, "role", None) != Role.ADMIN:
        raise ValidationError(_("Alleen een beheerder kan accounts aanmaken."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Deze gebruikersnaam bestaat al.")})
    first_name, _sep, last_name = full_name.partition(" ")
    user = User(
        username=username,
        role=role,
        job_title=job_title,
        first_name=first_name,
        last_name=last_name,
        is_staff=role == Role.ADMIN,
    )
    if check_password_strength:
        validate_password(password, user)
    user.set_password(password)
    user.save()
    user.teams.set(teams)
    audit(acting_user, AuditVerb.CREATE, user, fields=["role"])
    return user


def do_enrol_two_factor(user: Any, code: str) -> Any:
    """Confirm the pending authenticator app of `user` with its first code."""
    from .twofactor import has_confirmed_device, pending_device

    if has_confirmed_device(user):
        # A second device may only be added after logging in with the first.
        raise ValidationError(_("Tweestapsverificatie is voor dit account al ingesteld."))
    with transaction.atomic():
        device = pending_device(user)
        if not device.verify_token(code):
            record(user, AuditVerb.LOGIN_FAILED, user, purpose=Purpose.SET_UP_TWO_FACTOR)
            raise ValidationError({"code": _("Deze code klopt niet. Probeer de nieuwste code.")})
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(user, AuditVerb.CHANGE, user, purpose=Purpose.TWO_FACTOR_SET_UP, fields=["otp"])
    return device


def do_verify_two_factor(user: Any, code: str) -> Any:
    """The confirmed device that accepts `code`; a wrong code raises a Dutch ValidationError.

    Each device slows down repeated wrong codes by itself (django-otp's throttling).
    """
    from django_otp import devices_for_user

    devices = list(devices_for_user(user, confirmed=True))
    if any(not device.verify_is_allowed()[0] for device in devices):
        raise ValidationError(
            {"code": _("Te veel verkeerde codes achter elkaar. Wacht even en probeer opnieuw.")}
        )
    for device in devices:
        if device.verify_token(code):
            record(user, AuditVerb.LOGIN, user, purpose=Purpose.TWO_FACTOR)
            return device
    record(user, AuditVerb.LOGIN_FAILED, user, purpose=Purpose.TWO_FACTOR_FAILED)
    raise ValidationError({"code": _("Deze code klopt niet. Probeer de nieuwste code.")})


@action(Purpose.TWO_FACTOR_RESET)
def do_reset_two_factor(user: User, acting_user: Actor) -> int:
    """Remove the user's authenticator apps (lost phone): the next login enrols a new one.

    `acting_user` is None only for the server admin's command line.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not is_system(acting_user) and getattr(acting_user, "role", None) != Role.ADMIN:
        raise ValidationError(_("Alleen een beheerder kan tweestapsverificatie herstellen."))
    removed, _by_model = TOTPDevice.objects.filter(user=user).delete()
    audit(
        acting_user,
        AuditVerb.CHANGE,
        user,
        fields=["otp"],
    )
    return removed
