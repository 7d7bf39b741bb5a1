"""Volunteers and shifts: registering, assigning and the volunteer's phone view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, require, scope
from buurtwerk.people.queries import residents_visible_to

from .. import actions, queries
from ..forms import ShiftForm, VolunteerForm
from ..models import RideRequest, Shift
from .feedback import show_error


@login_required
def volunteer_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for(
        request.user, pk, purpose=Purpose.REGISTER_VOLUNTEER, action=Action.CHANGE
    )
    residents = residents_visible_to(request.user).filter(volunteer_profile__isnull=True)
    form = VolunteerForm(request.POST or None, residents=residents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                volunteer = actions.do_register_volunteer(
                    data["resident"],
                    {key: data[key] for key in ("skills", "slots", "roles")},
                    request.user,
                    initiatives=[initiative],
                )
                if data["drives"]:
                    driving = ("slots", "seats", "max_pickup_km", "goes_anyway")
                    actions.do_offer_driving(
                        volunteer, {key: data[key] for key in driving}, request.user
                    )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De vrijwilliger is toegevoegd."))
            return redirect("community:initiative_detail", pk=initiative.pk)
    return render(
        request, "community/volunteer_form.html", {"form": form, "initiative": initiative}
    )


@login_required
@require_POST
def shift_add(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(
        request.user, pk, purpose=Purpose.MAKE_ROTA, action=Action.CHANGE
    )
    form = ShiftForm(request.POST, volunteers=queries.volunteers_visible_to(request.user))
    if form.is_valid():
        try:
            actions.do_assign_shift(
                occurrence, form.cleaned_data["volunteer"], form.cleaned_data["role"], request.user
            )
        except ValidationError as error:
            show_error(request, error)
        else:
            messages.success(request, _("De dienst staat op het rooster."))
    else:
        messages.error(request, _("Kies een vrijwilliger en een rol."))
    return redirect("community:occurrence_detail", pk=occurrence.pk)


@login_required
@require_POST
def shift_remove(request: HttpRequest, pk: int) -> HttpResponse:
    shift = get_object_or_404(scope(request.user, Shift.objects.all(), Action.DELETE), pk=pk)
    occurrence_pk = shift.occurrence_id
    actions.do_remove_shift(shift, request.user)
    messages.success(request, _("De dienst is van het rooster gehaald."))
    return redirect("community:occurrence_detail", pk=occurrence_pk)


@login_required
def my_shifts(request: HttpRequest) -> HttpResponse:
    """A volunteer's own shifts and the residents they pick up; nothing of anyone else."""
    require(request.user, Action.VIEW, Shift, purpose=Purpose.OWN_SHIFTS)
    shifts = queries.own_upcoming_shifts(request.user)
    rides_driven = list(queries.own_upcoming_rides(request.user))
    if rides_driven:
        record(request.user, AuditVerb.VIEW, RideRequest, purpose=Purpose.OWN_RIDES,
               object_id=",".join(str(ride.pk) for ride in rides_driven)[:64])  # fmt: skip
    context = {
        "volunteer": queries.own_volunteer(request.user),
        "shifts": shifts,
        "rides": rides_driven,
    }
    return render(request, "community/my_shifts.html", context)
