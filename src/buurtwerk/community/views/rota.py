"""Shifts: assigning them and the volunteer's phone view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.casework.queries import categories_for_reporting
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, require, scope

from .. import actions, queries
from ..forms import PassOnSignalForm, RotaPatternForm, ShiftForm, SwapForm
from ..models import RideRequest, RotaPattern, Shift
from .feedback import show_error


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
    if request.POST.get("terug") == "rooster":
        return redirect("community:rota_overview", pk=occurrence.activity.initiative_id)
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
def rota_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The initiative's rota: fixed patterns, gaps of the coming weeks, who is asked often."""
    initiative = queries.get_initiative_for(
        request.user, pk, purpose=Purpose.VIEW_ROTA, action=Action.CHANGE
    )
    require(request.user, Action.ADD, Shift, purpose=Purpose.VIEW_ROTA)
    volunteers = queries.volunteers_visible_to(request.user).filter(
        initiatives=initiative, active=True
    )
    form = RotaPatternForm(
        request.POST or None,
        activities=initiative.activities.all(),
        volunteers=volunteers,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = actions.do_create_rota_pattern(
                data["activity"], data["volunteer"], data, request.user
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Vast rooster opgeslagen: %(n)d dienst ingepland.",
                    "Vast rooster opgeslagen: %(n)d diensten ingepland.",
                    len(result.shifts),
                )
                % {"n": len(result.shifts)},
            )
            for occurrence, problems in result.skipped:
                messages.warning(
                    request,
                    _("Niet ingepland op %(day)s: %(why)s")
                    % {"day": date_format(occurrence.local_start), "why": " ".join(problems)},
                )
            return redirect("community:rota_overview", pk=initiative.pk)
    context = {
        "initiative": initiative,
        "form": form,
        "patterns": queries.patterns_of(initiative, request.user),
        "gaps": queries.rota_gaps(initiative, request.user),
        "volunteers": list(volunteers),
        "load": queries.shift_load(initiative, request.user),
    }
    return render(request, "community/rota_overview.html", context)


@login_required
@require_POST
def rota_pattern_stop(request: HttpRequest, pk: int) -> HttpResponse:
    pattern = get_object_or_404(
        RotaPattern.objects.filter(
            activity__in=queries.activities_visible_to(request.user), active=True
        ).select_related("activity", "volunteer"),
        pk=pk,
    )
    removed = actions.do_stop_rota_pattern(pattern, request.user)
    messages.success(
        request,
        ngettext(
            "Het vaste rooster is gestopt; %(n)d dienst staat weer open.",
            "Het vaste rooster is gestopt; %(n)d diensten staan weer open.",
            removed,
        )
        % {"n": removed},
    )
    return redirect("community:rota_overview", pk=pattern.activity.initiative_id)


def _own_shift(request: HttpRequest, pk: int) -> Shift:
    return get_object_or_404(
        scope(request.user, Shift.objects.select_related("occurrence__activity", "volunteer")),
        pk=pk,
    )


@login_required
@require_POST
def shift_give_back(request: HttpRequest, pk: int) -> HttpResponse:
    """From the volunteer's phone: "I cannot come"; the coordinator sees a gap."""
    shift = _own_shift(request, pk)
    try:
        actions.do_give_back_shift(shift, request.user)
    except ValidationError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("U heeft de dienst teruggegeven. De coördinator ziet dat er iemand nodig is."),
        )
    return redirect("community:my_shifts")


@login_required
@require_POST
def shift_swap(request: HttpRequest, pk: int) -> HttpResponse:
    shift = _own_shift(request, pk)
    form = SwapForm(request.POST, volunteers=queries.swap_candidates(shift))
    if not form.is_valid():
        messages.error(request, _("Kies met wie u ruilt."))
        return redirect("community:my_shifts")
    try:
        actions.do_swap_shift(shift, form.cleaned_data["volunteer"], request.user)
    except ValidationError as error:
        show_error(request, error)
    else:
        messages.success(
            request,
            _("%(name)s neemt de dienst over.") % {"name": form.cleaned_data["volunteer"]},
        )
    return redirect("community:my_shifts")


@login_required
@require_POST
def shift_pass_on_signal(request: HttpRequest, pk: int) -> HttpResponse:
    """The listening ear passes on what they heard, in one step from their phone."""
    shift = _own_shift(request, pk)
    form = PassOnSignalForm(request.POST, categories=categories_for_reporting())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("community:my_shifts")
    try:
        actions.do_pass_on_signal(shift, form.cleaned_data, request.user)
    except ValidationError as error:
        show_error(request, error)
    else:
        messages.success(request, _("Dank u. Het signaal is doorgegeven aan het juiste team."))
    return redirect("community:my_shifts")


def _swap_form(shift: Shift) -> SwapForm:
    return SwapForm(volunteers=queries.swap_candidates(shift), auto_id=f"swap{shift.pk}_%s")


@login_required
def my_shifts(request: HttpRequest) -> HttpResponse:
    """A volunteer's own shifts and the residents they pick up; nothing of anyone else."""
    require(request.user, Action.VIEW, Shift, purpose=Purpose.OWN_SHIFTS)
    shifts = queries.own_upcoming_shifts(request.user)
    rides_driven = list(queries.own_upcoming_rides(request.user))
    now = timezone.now()
    # Pickup address and phone are shown (and their reading logged) only around the ride.
    visible = [ride.pk for ride in rides_driven if ride.contact_visible(now)]
    if visible:
        record(request.user, AuditVerb.VIEW, RideRequest, purpose=Purpose.OWN_RIDES,
               object_id=",".join(str(pk) for pk in visible)[:64])  # fmt: skip
    categories = categories_for_reporting()
    context = {
        "volunteer": queries.own_volunteer(request.user),
        "shifts": [
            (
                shift,
                _swap_form(shift),
                PassOnSignalForm(categories=categories, auto_id=f"signal{shift.pk}_%s")
                if actions.can_pass_on(shift, now)
                else None,
            )
            for shift in shifts
        ],
        "rides": rides_driven,
        "contact_visible": set(visible),
    }
    return render(request, "community/my_shifts.html", context)
