"""The two-factor steps after the password: enrol an authenticator app, or confirm a code."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.ratelimits import rate_limit

from . import actions
from .forms import TwoFactorCodeForm
from .twofactor import (
    has_confirmed_device,
    is_verified,
    pending_device,
    qr_code_svg,
    secret_for_display,
)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


def _complete(request: HttpRequest, device: object) -> HttpResponse:
    otp_login(request, device)
    # A new session id once the second factor is in: a session id seen before does not carry
    # the verified state.
    request.session.cycle_key()
    return redirect(_next_url(request))


@login_required
@rate_limit("two_factor", methods=("POST",))
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    if has_confirmed_device(request.user):
        return redirect("accounts:two_factor_verify" if not is_verified(request.user) else "/")
    device = pending_device(request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = actions.do_enrol_two_factor(request.user, form.cleaned_data["code"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _complete(request, confirmed)
    context = {
        "form": form,
        "menu": [],  # nothing in the menu is reachable before the second step
        "qr_code": qr_code_svg(device.config_url),
        "secret": secret_for_display(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@rate_limit("two_factor", methods=("POST",))
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if not has_confirmed_device(request.user):
        return redirect("accounts:two_factor_setup")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = actions.do_verify_two_factor(request.user, form.cleaned_data["code"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _complete(request, device)
    context = {"form": form, "menu": [], "next": _next_url(request)}
    return render(request, "accounts/two_factor_verify.html", context)
