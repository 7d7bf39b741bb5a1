"""Reconnect pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, can, require
from buurtwerk.people.queries import get_resident_for

from .. import actions, queries, rides
from ..forms import ReconnectOutcomeForm, ReconnectProfileForm
from ..models import ReconnectProfile, RideRequest
from .feedback import show_error


@login_required
def reconnect_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, ReconnectProfile, purpose=Purpose.RECONNECT_SMALL_NETWORK)
    residents = queries.reconnect_candidates(request.user)
    return render(request, "community/reconnect_list.html", {"residents": residents})


@login_required
@require_POST
def ride_arrange(request: HttpRequest, pk: int, occurrence_pk: int) -> HttpResponse:
    """One step from a suggestion: a place at the activity and the ride, maybe repeating."""
    resident = get_resident_for(request.user, pk, purpose=Purpose.ARRANGE_RIDE)
    occurrence = queries.get_occurrence_for(
        request.user, occurrence_pk, purpose=Purpose.ARRANGE_RIDE
    )
    repeat = request.POST.get("repeat") == "on"
    try:
        arranged = actions.do_arrange_ride(resident, occurrence, request.user, repeat=repeat)
    except ValidationError as error:
        show_error(request, error)
        return redirect("community:reconnect_detail", pk=resident.pk)
    if arranged.confirmed:
        driver = arranged.ride.driver_offer
        messages.success(
            request,
            _("Aangemeld en de rit is geregeld: %(driver)s haalt %(name)s op.")
            % {"driver": driver.volunteer if driver else "", "name": resident.name}
            + (" " + _("Ook de volgende keren.") if repeat else ""),
        )
    else:
        messages.warning(
            request,
            _("Aangemeld, maar er is nog geen chauffeur. De rit staat open bij de coördinator.")
            + " "
            + " ".join(arranged.problems),
        )
    return redirect("community:reconnect_detail", pk=resident.pk)


@login_required
def reconnect_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW, ReconnectProfile, purpose=Purpose.RECONNECT_SUGGESTIONS)
    resident = get_resident_for(request.user, pk, purpose=Purpose.RECONNECT_SUGGESTIONS)
    profile = ReconnectProfile.objects.filter(resident=resident).first()
    initial = (
        {"interests": profile.interests, "slots": profile.slots,
         "walking_km": profile.walking_km, "travels_alone": profile.travels_alone}
        if profile else None
    )  # fmt: skip
    profile_form = ReconnectProfileForm(
        request.POST if "save_profile" in request.POST else None, initial=initial
    )
    activities = queries.activities_visible_to(request.user)
    outcome_form = ReconnectOutcomeForm(
        request.POST if "save_outcome" in request.POST else None, activities=activities
    )
    if request.method == "POST":
        try:
            if "save_profile" in request.POST and profile_form.is_valid():
                actions.do_save_reconnect_profile(resident, profile_form.cleaned_data, request.user)
                messages.success(request, _("De wensen zijn opgeslagen."))
                return redirect("community:reconnect_detail", pk=resident.pk)
            if "save_outcome" in request.POST and outcome_form.is_valid():
                data = outcome_form.cleaned_data
                actions.do_record_reconnect_outcome(
                    resident, data["activity"], data["outcome"], request.user,
                    note=data["note"], ride_arranged=data["ride_arranged"],
                )  # fmt: skip
                messages.success(request, _("De uitkomst is vastgelegd."))
                return redirect("community:reconnect_detail", pk=resident.pk)
        except ValidationError as error:
            show_error(request, error)
    suggestions = queries.reconnect_suggestions(request.user, resident)
    can_arrange = can(request.user, Action.CHANGE, RideRequest)
    context = {
        "resident": resident,
        "profile_form": profile_form,
        "outcome_form": outcome_form,
        # What stops a ride is shown next to the button, not as an error after pressing it.
        "suggestions": [
            (item, rides.ride_blockers(resident, item.next_occurrence) if can_arrange else [])
            for item in suggestions
        ],
        "can_arrange": can_arrange,
        "outcomes": queries.recent_reconnect_outcomes(request.user, resident),
    }
    return render(request, "community/reconnect_detail.html", context)
