"""The overview, initiative pages and the support given to initiatives."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can, may_read_field, require
from buurtwerk.people.queries import neighbourhoods_workable_by

from .. import actions, queries
from ..forms import HandOverForm, HandoverTaskForm, InitiativeForm, SupportLogForm
from ..models import Activity, HandoverTask, Initiative, ReconnectProfile, Registration
from .feedback import show_error


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Activity, purpose=Purpose.COMMUNITY_OVERVIEW)
    context = {
        "initiatives": queries.initiatives_visible_to(request.user),
        "occurrences": queries.upcoming_occurrences_visible_to(request.user),
        "can_add": can(request.user, Action.ADD, Initiative),
        "pending": (
            queries.pending_registrations_for(request.user).count()
            if can(request.user, Action.VIEW, Registration)
            else None
        ),
        "can_reconnect": can(request.user, Action.VIEW, ReconnectProfile),
    }
    return render(request, "community/overview.html", context)


@login_required
def initiative_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, Initiative, purpose=Purpose.CREATE_INITIATIVE)
    form = InitiativeForm(
        request.POST or None, neighbourhoods=neighbourhoods_workable_by(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data, supported_by=request.user)
        try:
            initiative = actions.do_create_initiative(data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Het initiatief is toegevoegd."))
            return redirect("community:initiative_detail", pk=initiative.pk)
    return render(request, "community/form.html", {"form": form, "title": _("Nieuw initiatief")})


@login_required
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for(
        request.user, pk, purpose=Purpose.CHANGE_INITIATIVE, action=Action.CHANGE
    )
    # Initial values, not the instance: the action compares the saved record with the input.
    initial = model_to_dict(initiative, fields=InitiativeForm.Meta.fields)
    form = InitiativeForm(
        request.POST or None,
        initial=initial,
        neighbourhoods=neighbourhoods_workable_by(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_initiative(initiative, form.cleaned_data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Het initiatief is bijgewerkt."))
            return redirect("community:initiative_detail", pk=initiative.pk)
    title = _("%(name)s wijzigen") % {"name": initiative.name}
    return render(request, "community/form.html", {"form": form, "title": title})


@login_required
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for(request.user, pk, purpose=Purpose.VIEW_INITIATIVE)
    context = {
        "initiative": initiative,
        "figures": queries.self_reliance(initiative),
        "activities": initiative.activities.all(),
        "can_change": can(request.user, Action.CHANGE, initiative),
        "show_support_description": may_read_field(request.user, Initiative, "support_description"),
        "support_form": SupportLogForm(initial={"given_on": timezone.localdate()}),
    }
    return render(request, "community/initiative_detail.html", context)


@login_required
def step_back_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """What the initiative's own people have taken over, and what is still with us."""
    initiative = queries.get_initiative_for(request.user, pk, purpose=Purpose.VIEW_STEP_BACK_PLAN)
    can_change = can(request.user, Action.CHANGE, initiative)
    form = HandoverTaskForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.CHANGE, initiative, purpose=Purpose.STEP_BACK_PLAN)
        if form.is_valid():
            try:
                actions.do_add_handover_task(initiative, form.cleaned_data, request.user)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("De taak staat op het plan."))
                return redirect("community:step_back_plan", pk=initiative.pk)
    tasks = list(initiative.handover_tasks.all())
    context = {
        "initiative": initiative,
        "handed_over": [task for task in tasks if task.handed_over],
        "still_with_us": [
            (task, HandOverForm(auto_id=f"task{task.pk}_%s"))
            for task in tasks
            if not task.handed_over
        ],
        "form": form,
        "can_change": can_change,
    }
    return render(request, "community/step_back_plan.html", context)


@login_required
@require_POST
def task_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    form = HandOverForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul in wie de taak overneemt."))
        return redirect("community:step_back_plan", pk=task.initiative_id)
    try:
        actions.do_hand_over_task(
            task,
            form.cleaned_data["handed_to"],
            request.user,
            on=form.cleaned_data["handed_over_on"],
        )
    except ValidationError as error:
        show_error(request, error)
    else:
        messages.success(request, _("De taak is overgedragen."))
    return redirect("community:step_back_plan", pk=task.initiative_id)


@login_required
@require_POST
def task_take_back(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    actions.do_take_back_task(task, request.user)
    messages.success(request, _("De taak ligt weer bij de buurtwerker."))
    return redirect("community:step_back_plan", pk=task.initiative_id)


def _task(request: HttpRequest, pk: int) -> HandoverTask:
    initiatives = queries.initiatives_visible_to(request.user)
    return get_object_or_404(
        HandoverTask.objects.filter(initiative__in=initiatives).select_related("initiative"), pk=pk
    )


@login_required
@require_POST
def support_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for(
        request.user, pk, purpose=Purpose.RECORD_SUPPORT, action=Action.CHANGE
    )
    form = SupportLogForm(request.POST)
    if form.is_valid():
        try:
            actions.do_log_support(initiative, form.cleaned_data, request.user)
        except ValidationError as error:
            show_error(request, error)
        else:
            messages.success(request, _("De ondersteuning is vastgelegd."))
    else:
        messages.error(request, _("Vul een datum en het aantal uren (minstens een kwartier) in."))
    return redirect("community:initiative_detail", pk=initiative.pk)
