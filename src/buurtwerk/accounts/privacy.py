"""The accounts domain's part of a resident's AVG rights: a volunteer who is also a resident."""

from __future__ import annotations

from typing import Any

from .models import User

ERASED_USERNAME_PREFIX = "gewist-"


def export_resident(resident: Any, viewer: Any) -> dict[str, Any]:
    user = User.objects.filter(resident=resident).first()
    if user is None:
        return {"account": None}
    return {
        "account": {
            "username": user.username,
            "name": user.get_full_name(),
            "email": user.email,
            "role": user.role_label,
            "job_title": user.job_title,
            "active": user.is_active,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
    }


def erase_resident(resident: Any) -> int:
    """Close and anonymise the resident's own login account, if there is one.

    The account row stays (the audit log refers to it by id) but cannot log in, and its
    authenticator apps and API tokens are removed.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework.authtoken.models import Token

    user = User.objects.filter(resident=resident).first()
    if user is None:
        return 0
    TOTPDevice.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    user.username = f"{ERASED_USERNAME_PREFIX}{user.pk}"
    user.first_name = user.last_name = user.email = user.job_title = ""
    user.is_active = False
    user.resident = None
    user.set_unusable_password()
    user.save()
    return 1
