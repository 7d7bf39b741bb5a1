"""Sign-ups and attendance at an occurrence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action
from buurtwerk.people.queries import residents_visible_to

from .. import actions, queries
from ..forms import RideRequestForm
from .feedback import show_error


@login_required
@require_POST
def signup_add(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(request.user, pk, purpose=Purpose.SIGN_UP)
    form = RideRequestForm(request.POST, residents=residents_visible_to(request.user))
    if form.is_valid():
        try:
            actions.do_sign_up(occurrence, form.cleaned_data["resident"], request.user)
        except ValidationError as error:
            show_error(request, error)
        else:
            messages.success(request, _("De bewoner is aangemeld."))
    else:
        messages.error(request, _("Kies een bewoner."))
    return redirect("community:occurrence_detail", pk=occurrence.pk)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(
        request.user, pk, purpose=Purpose.RECORD_ATTENDANCE, action=Action.CHANGE
    )
    marks = {}
    for signup in queries.signups_for(occurrence, request.user):
        value = request.POST.get(f"signup-{signup.pk}")
        if value:
            marks[signup.pk] = value
    walk_ins = request.POST.get("walk_in_count", "").strip()
    try:
        actions.do_record_attendance(
            occurrence,
            marks,
            request.user,
            walk_in_count=int(walk_ins) if walk_ins.isdigit() else None,
        )
    except ValidationError as error:
        show_error(request, error)
    else:
        messages.success(request, _("De aanwezigheid is opgeslagen."))
    return redirect("community:occurrence_detail", pk=occurrence.pk)
