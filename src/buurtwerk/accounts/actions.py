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
from buurtwerk.core.permissions import Role

from .models import User


def do_create_user(
    *,
    username: str,
    password: str,
    role: str,
    acting_user: Any,
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
    if acting_user is not None and getattr(acting_user, "role", None) != Role.ADMIN:
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
    with transaction.atomic():
        user.save()
        user.teams.set(teams)
        record(acting_user, AuditVerb.CREATE, user, purpose="account aanmaken", fields=["role"])
    return user
