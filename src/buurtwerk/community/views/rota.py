"""Shifts: assigning them and the volunteer's phone view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.permissions import Action, require, scope

from .. import actions, queries
from ..forms import ShiftForm
from ..models import RideRequest, Shift
from .feedback import show_error


@login_required
@require_POST
def shift_add(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(
        request.user, pk, purpose="rooster maken", action=Action.CHANGE
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
    require(request.user, Action.VIEW, Shift, purpose="eigen diensten bekijken")
    shifts = queries.own_upcoming_shifts(request.user)
    rides_driven = list(queries.own_upcoming_rides(request.user))
    if rides_driven:
        record(request.user, AuditVerb.VIEW, RideRequest, purpose="eigen ritten bekijken",
               object_id=",".join(str(ride.pk) for ride in rides_driven)[:64])  # fmt: skip
    context = {
        "volunteer": queries.own_volunteer(request.user),
        "shifts": shifts,
        "rides": rides_driven,
    }
    return render(request, "community/my_shifts.html", context)
