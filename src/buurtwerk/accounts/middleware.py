"""Login state checks that apply to every page and API call."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from .twofactor import has_confirmed_device, is_verified, requires_two_factor

LAST_SEEN_KEY = "buurtwerk_last_seen"
# Writing the session on every request costs a database write; a minute of slack does not
# change the idle timeout noticeably.
_LAST_SEEN_RESOLUTION = 60

# Pages an unverified professional may still open: the two-factor steps, logging out and
# the load balancer's health check.
TWO_FACTOR_EXEMPT_VIEWS = frozenset(
    {
        "login",
        "logout",
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "core:health",
    }
)


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


class IdleSessionTimeoutMiddleware:
    """Log out a user who did nothing for BUURTWERK_SESSION_IDLE_SECONDS.

    A forgotten session on a shared computer in a community centre must not stay open; the
    absolute limit is SESSION_COOKIE_AGE.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.BUURTWERK_SESSION_IDLE_SECONDS:
                logout(request)
                message = _("U bent uitgelogd omdat u een tijd niets heeft gedaan. Log opnieuw in.")
                if _is_api(request):
                    return JsonResponse({"detail": message}, status=401)
                messages.info(request, message)
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= _LAST_SEEN_RESOLUTION:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """A professional logged in with a password only reaches nothing but the two-factor step.

    Pages redirect to enrolment (no device yet) or to verification; API calls get 403 with a
    Dutch explanation. Token API calls are checked by TwoFactorTokenAuthentication instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if requires_two_factor(user) and not is_verified(user) and not self._exempt(request):
            if _is_api(request):
                return JsonResponse(
                    {"detail": _("Bevestig eerst uw inlogcode (tweestapsverificatie).")},
                    status=403,
                )
            step = (
                "accounts:two_factor_verify"
                if has_confirmed_device(user)
                else "accounts:two_factor_setup"
            )
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        try:
            return resolve(request.path_info).view_name in TWO_FACTOR_EXEMPT_VIEWS
        except Resolver404:
            return False
