"""The public neighbourhood page (no login, no personal data) and the registrations it brings in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, require
from buurtwerk.core.ratelimits import client_ip, hit, rate_limit

from .. import actions, ical, queries
from ..forms import ConfirmRegistrationForm, PublicRegistrationForm, PublicSignUpForm
from ..models import PublicSignUp, Registration

# Public sign-ups per client address per hour: enough for a family, too few for a bot.


@login_required
def registration_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Registration, purpose=Purpose.LIST_REGISTRATIONS)
    registrations = queries.pending_registrations_for(request.user)
    return render(request, "community/registration_list.html", {"registrations": registrations})


@login_required
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = queries.get_registration_for(
        request.user, pk, purpose=Purpose.FOLLOW_UP_REGISTRATION
    )
    if registration.status != Registration.Status.PENDING:
        raise Http404("Al afgehandeld")
    form = ConfirmRegistrationForm(request.POST or None, initial={"name": registration.name})
    if request.method == "POST" and request.POST.get("reject"):
        actions.do_reject_registration(registration, request.user)
        messages.success(request, _("De aanmelding is afgewezen en de gegevens zijn gewist."))
        return redirect("community:registration_list")
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "coffee_visit"}
        try:
            resident = actions.do_confirm_registration(registration, data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De bewoner is toegevoegd, met toestemming."))
            return redirect("people:resident_detail", pk=resident.pk)
    return render(
        request,
        "community/registration_detail.html",
        {"registration": registration, "form": form},
    )


def public_neighbourhood(request: HttpRequest, code: str) -> HttpResponse:
    neighbourhood = queries.public_neighbourhood(code)
    form = PublicRegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not hit("registration", client_ip(request))[0]:
            messages.error(
                request,
                _("U heeft het formulier vaak verstuurd. Probeer het over een uur opnieuw."),
            )
            status = 429
        elif form.is_valid():
            # A bot fills the hidden field: thank it like a person, and store nothing.
            if not form.cleaned_data["website"]:
                try:
                    actions.do_submit_registration(neighbourhood, form.cleaned_data)
                except ValidationError as error:
                    apply_validation_error(form, error)
                    return _render_public(request, neighbourhood, form, 400)
            return redirect("community:public_thanks", code=neighbourhood.code)
        else:
            status = 400
    return _render_public(request, neighbourhood, form, status)


def _render_public(
    request: HttpRequest, neighbourhood: Any, form: Any, status: int
) -> HttpResponse:
    context = {
        "neighbourhood": neighbourhood,
        "activities": queries.public_activities(neighbourhood),
        "occurrences": queries.public_upcoming(neighbourhood),
        "form": form,
    }
    return render(request, "community/public_neighbourhood.html", context, status=status)


def _cancel_url(request: HttpRequest, code: str) -> Any:
    def build(signup: Any) -> str:
        path = reverse("community:public_signup_cancel", args=[code, actions.signup_token(signup)])
        return request.build_absolute_uri(path)

    return build


@rate_limit("registration", key=lambda request: f"ip:{client_ip(request)}", methods=("POST",))
def public_signup(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Sign up for one date of an activity with places; no account needed."""
    neighbourhood = queries.public_neighbourhood(code)
    occurrence = queries.public_occurrence(neighbourhood, pk)
    form = PublicSignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            # A bot fills the hidden field: thank it like a person, and store nothing.
            if form.cleaned_data["website"]:
                return redirect("community:public_thanks", code=neighbourhood.code)
            try:
                signup = actions.do_public_sign_up(
                    occurrence, form.cleaned_data, cancel_url=_cancel_url(request, code)
                )
            except ValidationError as error:
                apply_validation_error(form, error)
                status = 400
            else:
                token = actions.signup_token(signup)
                return redirect("community:public_signup_done", code=code, token=token)
        else:
            status = 400
    places_left = max(0, (occurrence.activity.capacity or 0) - occurrence.taken)  # type: ignore[attr-defined]
    context = {
        "neighbourhood": neighbourhood,
        "occurrence": occurrence,
        "places_left": places_left,
        "form": form,
    }
    return render(request, "community/public_signup.html", context, status=status)


def _signup_by_token(code: str, token: str) -> Any:
    signup = actions.signup_from_token(token)
    if signup is None or signup.occurrence.activity.neighbourhood.code != code:
        raise Http404("Niet gevonden")
    return signup


def public_signup_done(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """The confirmation, with the cancel link to keep (it is also in the e-mail)."""
    signup = _signup_by_token(code, token)
    context = {
        "neighbourhood": queries.public_neighbourhood(code),
        "signup": signup,
        "cancel_url": _cancel_url(request, code)(signup),
    }
    return render(request, "community/public_signup_done.html", context)


def public_signup_cancel(request: HttpRequest, code: str, token: str) -> HttpResponse:
    signup = _signup_by_token(code, token)
    if request.method == "POST" and signup.status != PublicSignUp.Status.CANCELLED:
        actions.do_cancel_public_sign_up(signup, cancel_url=_cancel_url(request, code))
    context = {"neighbourhood": queries.public_neighbourhood(code), "signup": signup}
    return render(request, "community/public_signup_cancel.html", context)


def public_thanks(request: HttpRequest, code: str) -> HttpResponse:
    neighbourhood = queries.public_neighbourhood(code)
    return render(request, "community/public_thanks.html", {"neighbourhood": neighbourhood})


def public_ical(request: HttpRequest, code: str) -> HttpResponse:
    neighbourhood = queries.public_neighbourhood(code)
    activities = queries.public_activities(neighbourhood).prefetch_related("occurrences")
    calendar = ical.build_calendar(
        activities,
        name=_("Activiteiten in %(name)s") % {"name": neighbourhood.name},
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{neighbourhood.code}.ics"'
    return response
