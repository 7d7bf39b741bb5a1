"""Activity and occurrence pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can
from buurtwerk.people.models import Organisation
from buurtwerk.people.queries import organisations_visible_to, residents_visible_to

from .. import actions, queries
from ..forms import ActivityForm, PlanForm, RideRequestForm, ShiftForm
from ..models import Occurrence, RideRequest, Shift, SignUp
from .feedback import show_error


def _partners(user: Any) -> Any:
    return organisations_visible_to(user).filter(
        kind__in=[Organisation.Kind.POLICE, Organisation.Kind.HOUSING,
                  Organisation.Kind.MUNICIPALITY, Organisation.Kind.WELFARE]
    )  # fmt: skip


@login_required
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for(
        request.user, pk, purpose=Purpose.CREATE_ACTIVITY, action=Action.CHANGE
    )
    form = ActivityForm(request.POST or None, partners=_partners(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            activity = actions.do_create_activity(
                initiative,
                form.activity_data(),
                request.user,
                partners=form.cleaned_data["partners"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De activiteit staat in de agenda."))
            return redirect("community:activity_detail", pk=activity.pk)
    title = _("Nieuwe activiteit voor %(name)s") % {"name": initiative.name}
    return render(request, "community/form.html", {"form": form, "title": title})


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The same form and checks as creating; dates that no longer fit are replanned."""
    activity = queries.get_activity_for(
        request.user, pk, purpose=Purpose.CHANGE_ACTIVITY, action=Action.CHANGE
    )
    form = ActivityForm(
        request.POST or None,
        initial=ActivityForm.initial_for(activity),
        partners=_partners(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_activity(
                activity,
                form.activity_data(),
                request.user,
                partners=form.cleaned_data["partners"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De activiteit is bijgewerkt."))
            return redirect("community:activity_detail", pk=activity.pk)
    title = _("%(title)s wijzigen") % {"title": activity.title}
    return render(request, "community/form.html", {"form": form, "title": title})


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = queries.get_activity_for(request.user, pk, purpose=Purpose.VIEW_ACTIVITY)
    now = timezone.now()
    occurrences = activity.occurrences.filter(starts_at__gte=now - timedelta(days=14))
    context = {
        "activity": activity,
        "occurrences": occurrences[:20],
        "can_plan": can(request.user, Action.ADD, Occurrence),
        "can_change": can(request.user, Action.CHANGE, activity),
        "plan_form": PlanForm(),
    }
    return render(request, "community/activity_detail.html", context)


@login_required
@require_POST
def activity_plan(request: HttpRequest, pk: int) -> HttpResponse:
    activity = queries.get_activity_for(
        request.user, pk, purpose=Purpose.PLAN_ACTIVITY, action=Action.CHANGE
    )
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies 1 tot 26 weken."))
        return redirect("community:activity_detail", pk=activity.pk)
    until = timezone.now() + timedelta(weeks=form.cleaned_data["weeks"])
    try:
        created = actions.do_plan_occurrences(activity, until, request.user)
    except ValidationError as error:
        show_error(request, error)
    else:
        messages.success(request, _("%(n)d nieuwe keren gepland.") % {"n": len(created)})
    return redirect("community:activity_detail", pk=activity.pk)


@login_required
def occurrence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(request.user, pk, purpose=Purpose.VIEW_OCCURRENCE)
    user = request.user
    residents = residents_visible_to(user)
    context: dict[str, Any] = {
        "occurrence": occurrence,
        "activity": occurrence.activity,
        "rota": queries.rota(occurrence, user),
        "can_plan_rota": can(user, Action.ADD, Shift),
        "shift_form": ShiftForm(
            volunteers=queries.volunteers_visible_to(user).filter(
                active=True, initiatives=occurrence.activity.initiative
            )
        ),
        "can_see_signups": can(user, Action.VIEW, SignUp),
        "signups": queries.signups_for(occurrence, user),
        "public_signups": queries.public_signups_for(occurrence, user),
        "signup_form": RideRequestForm(residents=residents, auto_id="aanmelden_%s"),
        "can_see_rides": can(user, Action.VIEW, RideRequest),
        "can_match_rides": can(user, Action.CHANGE, RideRequest),
        "ride_requests": queries.ride_requests_for(occurrence, user),
        "ride_form": RideRequestForm(residents=residents, auto_id="rit_%s"),
        "attendance_choices": SignUp.Attendance.choices,
    }
    return render(request, "community/occurrence_detail.html", context)
