"""Signal pages: the list, reporting, the detail page and the team's handling."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can, require, scope
from buurtwerk.people.queries import residents_visible_to

from .. import actions, queries
from ..engine import status_flow
from ..forms import (
    AssignForm,
    FollowUpForm,
    NotesForm,
    SignalFilterForm,
    SignalForm,
    TransitionForm,
)
from ..models import FollowUp, Signal
from ..permissions import TEAM_ROLES
from ..queries import SignalAccess


@login_required
def signal_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Signal, purpose=Purpose.LIST_SIGNALS)
    form = SignalFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    team_signals = queries.team_signals_for(request.user)
    if status:
        team_signals = team_signals.filter(status=status)
    context = {
        "form": form,
        "page": Paginator(team_signals, 25).get_page(request.GET.get("pagina")),
        "is_team": getattr(request.user, "role", None) in TEAM_ROLES,
        "reported": queries.signals_visible_to(request.user, reported_by_me=True)[:20],
        "can_add": can(request.user, Action.ADD, Signal),
    }
    return render(request, "casework/signal_list.html", context)


@login_required
def signal_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, Signal, purpose=Purpose.REPORT_SIGNAL)
    from buurtwerk.people.queries import neighbourhoods_visible_to

    form = SignalForm(
        request.POST or None,
        categories=queries.categories_for_reporting(),
        neighbourhoods=neighbourhoods_visible_to(request.user),
        residents=residents_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            signal = actions.do_report_signal(form.cleaned_data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Dank u wel. Het signaal is doorgestuurd naar %(team)s.")
                % {"team": signal.team.name},
            )
            return redirect("casework:signal_detail", pk=signal.pk)
    return render(request, "casework/signal_form.html", {"form": form})


def _signal_context(request: HttpRequest, signal: Signal, access: SignalAccess) -> dict[str, Any]:
    context: dict[str, Any] = {"signal": signal, "access": access, "is_team": False}
    if access != SignalAccess.TEAM:
        return context
    members = queries.team_members(signal.team)
    allowed = [
        (status, label)
        for status, label in Signal.Status.choices
        if status_flow.is_allowed(signal.status, status)
    ]
    context.update(
        is_team=True,
        transitions=signal.transitions.select_related("by"),
        follow_ups=queries.signal_follow_ups(request.user, signal),
        transition_form=TransitionForm(allowed=allowed) if allowed else None,
        assign_form=AssignForm(members=members, initial={"assignee": signal.assignee_id}),
        notes_form=NotesForm(initial={"notes": signal.notes, "version": signal.version}),
        follow_up_form=FollowUpForm(members=members),
        cases=queries.cases_visible_to(request.user, include_closed=True).filter(signals=signal),
        today=timezone.localdate(),
    )
    return context


@login_required
def signal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    signal, access = queries.get_signal_for(request.user, pk, purpose=Purpose.VIEW_SIGNAL)
    return render(request, "casework/signal_detail.html", _signal_context(request, signal, access))


def _team_signal(request: HttpRequest, pk: int, purpose: Purpose) -> Signal:
    signal, access = queries.get_signal_for(request.user, pk, purpose=purpose, action=Action.CHANGE)
    if access != SignalAccess.TEAM:
        from django.http import Http404

        raise Http404("Niet gevonden")
    return signal


def _rerender_signal(request: HttpRequest, signal: Signal, **forms: Any) -> HttpResponse:
    context = _signal_context(request, signal, SignalAccess.TEAM)
    context.update(forms)
    return render(request, "casework/signal_detail.html", context, status=400)


@login_required
@require_POST
def signal_transition(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _team_signal(request, pk, Purpose.CHANGE_SIGNAL_STATUS)
    allowed = [
        (status, label)
        for status, label in Signal.Status.choices
        if status_flow.is_allowed(signal.status, status)
    ]
    form = TransitionForm(request.POST, allowed=allowed)
    if form.is_valid():
        try:
            actions.do_transition_signal(
                signal,
                form.cleaned_data["status"],
                request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De status is gewijzigd."))
            return redirect("casework:signal_detail", pk=signal.pk)
    return _rerender_signal(request, signal, transition_form=form)


@login_required
@require_POST
def signal_assign(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _team_signal(request, pk, Purpose.ASSIGN_SIGNAL)
    form = AssignForm(request.POST, members=queries.team_members(signal.team))
    if form.is_valid():
        try:
            actions.do_assign_signal(signal, form.cleaned_data["assignee"], request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Het signaal is toegewezen."))
            return redirect("casework:signal_detail", pk=signal.pk)
    return _rerender_signal(request, signal, assign_form=form)


@login_required
@require_POST
def signal_notes(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _team_signal(request, pk, Purpose.SIGNAL_NOTES)
    form = NotesForm(request.POST)
    if form.is_valid():
        try:
            actions.do_update_signal_notes(
                signal,
                form.cleaned_data["notes"],
                request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De notities zijn opgeslagen."))
            return redirect("casework:signal_detail", pk=signal.pk)
    return _rerender_signal(request, signal, notes_form=form)


@login_required
@require_POST
def signal_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _team_signal(request, pk, Purpose.ADD_FOLLOW_UP)
    form = FollowUpForm(request.POST, members=queries.team_members(signal.team))
    if form.is_valid():
        try:
            actions.do_add_follow_up(request.user, signal=signal, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De actie is toegevoegd."))
            return redirect("casework:signal_detail", pk=signal.pk)
    return _rerender_signal(request, signal, follow_up_form=form)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(scope(request.user, FollowUp.objects.all(), Action.CHANGE), pk=pk)
    try:
        actions.do_complete_follow_up(follow_up, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De actie is afgevinkt."))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("core:dashboard")
