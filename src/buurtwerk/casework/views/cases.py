"""Case pages: list, opening, detail and the changes made on the detail page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can, require
from buurtwerk.people.queries import residents_visible_to

from .. import actions, queries
from ..forms import CaseForm, CaseUpdateForm, FollowUpForm, GoalForm, ParticipantForm
from ..models import Case, CaseGoal, CaseParticipant


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Case, purpose=Purpose.LIST_CASES)
    include_closed = request.GET.get("afgesloten") == "1"
    cases = queries.list_cases_for(
        request.user, include_closed=include_closed, purpose=Purpose.LIST_CASES
    )
    context = {
        "page": Paginator(cases, 25).get_page(request.GET.get("pagina")),
        "include_closed": include_closed,
        "can_add": can(request.user, Action.ADD, Case),
    }
    return render(request, "casework/case_list.html", context)


def _members_of_user_teams(request: HttpRequest) -> Any:
    from buurtwerk.accounts.models import User

    return User.objects.filter(
        teams__in=queries.wijkteams_of(request.user), is_active=True
    ).distinct()


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, Case, purpose=Purpose.OPEN_CASE)
    initial: dict[str, Any] = {"coordinator": request.user.pk}
    teams = queries.wijkteams_of(request.user)
    if teams.count() == 1:
        initial["team"] = teams.first()
    signal_pk = request.GET.get("signaal", "")
    linked_signal = (
        queries.team_signals_for(request.user).filter(pk=signal_pk).first()
        if signal_pk.isdigit()
        else None
    )
    if linked_signal is not None and linked_signal.resident_id:
        initial["resident"] = linked_signal.resident_id
    form = CaseForm(
        request.POST or None,
        residents=residents_visible_to(request.user),
        teams=teams,
        members=_members_of_user_teams(request),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if linked_signal is not None:
            data["signals"] = [linked_signal]
        try:
            case = actions.do_open_case(data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De casus is geopend."))
            return redirect("casework:case_detail", pk=case.pk)
    return render(
        request, "casework/case_form.html", {"form": form, "linked_signal": linked_signal}
    )


def _matching_url(resident_pk: int | None) -> str:
    """The resident's matching suggestions, when the matching app offers that page."""
    if resident_pk is None:
        return ""
    for name, args in (
        ("matching:resident_overview", [resident_pk]),
        ("matching:resident_suggestions", [resident_pk]),
    ):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return ""


def _socialmap_url() -> str:
    for name in ("socialmap:vraagbaak", "socialmap:service_list"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/sociale-kaart/"


def _case_context(request: HttpRequest, case: Case, **overrides: Any) -> dict[str, Any]:
    members = queries.team_members(case.team)
    context = {
        "case": case,
        "follow_ups": queries.case_follow_ups(request.user, case),
        "contacts": queries.case_contacts(request.user, case),
        "signals": queries.case_signals(request.user, case),
        "links": case.links.select_related("content_type"),
        "update_form": CaseUpdateForm(instance=case, members=members),
        "participant_form": ParticipantForm(
            members=members, residents=residents_visible_to(request.user)
        ),
        "goal_form": GoalForm(),
        "follow_up_form": FollowUpForm(members=members),
        "matching_url": _matching_url(case.resident_id),
        "socialmap_url": _socialmap_url(),
        "today": timezone.localdate(),
        "can_see_network": case.resident_id is not None and queries.may_see_network(request.user),
    }
    context.update(overrides)
    return context


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.get_case_for(request.user, pk, purpose=Purpose.VIEW_CASE)
    return render(request, "casework/case_detail.html", _case_context(request, case))


def _case_for_change(request: HttpRequest, pk: int, purpose: Purpose) -> Case:
    return queries.get_case_for(request.user, pk, purpose=purpose, action=Action.CHANGE)


@login_required
@require_POST
def case_update(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, Purpose.CHANGE_CASE)
    form = CaseUpdateForm(request.POST, instance=case, members=queries.team_members(case.team))
    if form.is_valid():
        try:
            actions.do_update_case(
                case,
                form.cleaned_data,
                request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De casus is bijgewerkt."))
            return redirect("casework:case_detail", pk=case.pk)
    case.refresh_from_db()
    return render(
        request,
        "casework/case_detail.html",
        _case_context(request, case, update_form=form),
        status=400,
    )


@login_required
@require_POST
def case_participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, Purpose.ADD_PARTICIPANT)
    form = ParticipantForm(
        request.POST,
        members=queries.team_members(case.team),
        residents=residents_visible_to(request.user),
    )
    if form.is_valid():
        try:
            actions.do_add_participant(case, form.cleaned_data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De betrokkene is toegevoegd."))
            return redirect("casework:case_detail", pk=case.pk)
    return render(
        request,
        "casework/case_detail.html",
        _case_context(request, case, participant_form=form),
        status=400,
    )


@login_required
@require_POST
def case_participant_remove(request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, Purpose.REMOVE_PARTICIPANT)
    participant = get_object_or_404(CaseParticipant, pk=participant_pk, case=case)
    actions.do_remove_participant(participant, request.user)
    messages.success(request, _("De betrokkene is verwijderd."))
    return redirect("casework:case_detail", pk=case.pk)


@login_required
@require_POST
def case_goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, Purpose.ADD_GOAL)
    form = GoalForm(request.POST)
    if form.is_valid():
        actions.do_add_goal(case, form.cleaned_data["description"], request.user)
        messages.success(request, _("Het doel is toegevoegd."))
        return redirect("casework:case_detail", pk=case.pk)
    return render(
        request,
        "casework/case_detail.html",
        _case_context(request, case, goal_form=form),
        status=400,
    )


@login_required
@require_POST
def case_goal_achieved(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, Purpose.GOAL_ACHIEVED)
    goal = get_object_or_404(CaseGoal, pk=goal_pk, case=case)
    actions.do_mark_goal_achieved(goal, request.user)
    messages.success(request, _("Mooi: het doel is bereikt."))
    return redirect("casework:case_detail", pk=case.pk)


@login_required
@require_POST
def case_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_change(request, pk, Purpose.ADD_FOLLOW_UP)
    form = FollowUpForm(request.POST, members=queries.team_members(case.team))
    if form.is_valid():
        try:
            actions.do_add_follow_up(request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De actie is toegevoegd."))
            return redirect("casework:case_detail", pk=case.pk)
    return render(
        request,
        "casework/case_detail.html",
        _case_context(request, case, follow_up_form=form),
        status=400,
    )
