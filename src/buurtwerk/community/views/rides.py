"""Ride requests, proposals and the ride page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can, require, scope
from buurtwerk.people.queries import residents_visible_to

from .. import actions, queries, rides
from ..forms import DriverOfferForm, RideConfirmForm, RideRequestForm
from ..models import DriverOffer
from .feedback import show_error


@login_required
@require_POST
def ride_request_add(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(request.user, pk, purpose=Purpose.REQUEST_RIDE)
    form = RideRequestForm(request.POST, residents=residents_visible_to(request.user))
    if form.is_valid():
        try:
            actions.do_request_ride(
                form.cleaned_data["resident"],
                occurrence,
                request.user,
                requires_certificate=form.cleaned_data["requires_certificate"],
                wants_repeat=form.cleaned_data["wants_repeat"],
            )
        except ValidationError as error:
            show_error(request, error)
        else:
            messages.success(request, _("De rit is aangevraagd."))
    else:
        messages.error(request, _("Kies een bewoner."))
    return redirect("community:occurrence_detail", pk=occurrence.pk)


@login_required
@require_POST
def rides_propose(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(request.user, pk, purpose=Purpose.MATCH_RIDES)
    proposed = actions.do_propose_rides(occurrence, request.user)
    messages.success(
        request, _("%(n)d rit(ten) met een voorstel voor een chauffeur.") % {"n": len(proposed)}
    )
    return redirect("community:occurrence_detail", pk=occurrence.pk)


@login_required
def ride_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ride = queries.get_ride_request_for(request.user, pk, purpose=Purpose.VIEW_RIDE)
    drivers = DriverOffer.objects.filter(active=True).select_related("volunteer__resident")
    drivers = scope(request.user, drivers)
    form = RideConfirmForm(
        request.POST or None,
        drivers=drivers,
        initial={"driver": ride.driver_offer_id, "repeat": ride.wants_repeat},
    )
    if request.method == "POST":
        require(request.user, Action.CHANGE, ride, purpose=Purpose.CONFIRM_RIDE)
        if form.is_valid():
            try:
                actions.do_confirm_ride(
                    ride,
                    request.user,
                    driver=form.cleaned_data["driver"],
                    repeat=form.cleaned_data["repeat"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("De rit is bevestigd."))
                return redirect("community:occurrence_detail", pk=ride.occurrence_id)
    names: dict[Any, str] = {driver.pk: str(driver.volunteer) for driver in drivers}
    suggestions = [
        (names.get(candidate.offer_ref, "?"), candidate)
        for candidate in rides.suggestions_for(ride)
    ]
    why_not = [
        (names.get(driver_pk, "?"), reasons)
        for driver_pk, reasons in rides.why_no_driver(ride).items()
        if reasons
    ]
    context = {
        "ride": ride,
        "form": form,
        "without_certificate": (
            [str(d.volunteer) for d in rides.drivers_without_certificate(ride.occurrence)]
            if ride.requires_certificate
            else []
        ),
        "suggestions": suggestions,
        "why_not": why_not,
        "can_confirm": can(request.user, Action.CHANGE, ride),
    }
    return render(request, "community/ride_detail.html", context)


@login_required
@require_POST
def ride_drive_myself(request: HttpRequest, pk: int) -> HttpResponse:
    ride = queries.get_ride_request_for(
        request.user, pk, purpose=Purpose.DRIVE_RIDE_MYSELF, action=Action.CHANGE
    )
    try:
        actions.do_drive_ride_myself(ride, request.user)
    except ValidationError as error:
        show_error(request, error)
        return redirect("community:ride_detail", pk=ride.pk)
    messages.success(request, _("U rijdt deze rit zelf."))
    return redirect("community:occurrence_detail", pk=ride.occurrence_id)


@login_required
def driver_offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offers = DriverOffer.objects.select_related("volunteer__resident")
    offer = get_object_or_404(scope(request.user, offers, Action.CHANGE), pk=pk)
    activities = queries.activities_visible_to(request.user)
    # Initial values, not the instance: the action compares the saved offer with the input.
    initial = model_to_dict(offer, fields=DriverOfferForm.Meta.fields)
    form = DriverOfferForm(request.POST or None, initial=initial, activities=activities)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_driver_offer(
                offer,
                form.offer_data(),
                request.user,
                activities=list(form.cleaned_data["activities"]),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De chauffeur is bijgewerkt."))
            return redirect("community:volunteer_detail", pk=offer.volunteer_id)
    title = _("Rijden: %(name)s") % {"name": offer.volunteer}
    return render(request, "community/form.html", {"form": form, "title": title})
