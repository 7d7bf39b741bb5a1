"""API token authentication with the same two-factor rule as the web login."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .twofactor import has_confirmed_device, requires_two_factor


class TwoFactorTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` for integrations.

    A token is a long random secret handed out once, so a request carrying it needs no code.
    What it does need: the account must have set up two-factor login (a professional whose
    password alone leaked cannot mint API access), and the token expires after
    BUURTWERK_API_TOKEN_MAX_AGE_DAYS.
    """

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        max_age = timedelta(days=settings.BUURTWERK_API_TOKEN_MAX_AGE_DAYS)
        if token.created < timezone.now() - max_age:
            raise AuthenticationFailed(_("Dit token is verlopen. Vraag een nieuw token aan."))
        if requires_two_factor(user) and not has_confirmed_device(user):
            raise AuthenticationFailed(
                _("Stel eerst tweestapsverificatie in voordat u de API met een token gebruikt.")
            )
        return user, token
