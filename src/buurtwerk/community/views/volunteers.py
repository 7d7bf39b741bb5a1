"""Volunteers of an initiative: the list, adding, editing, a break, stopping, their own page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can
from buurtwerk.people.queries import residents_visible_to

from .. import actions, queries
from ..forms import PauseForm, VolunteerFilterForm, VolunteerForm, VolunteerProfileForm
from ..models import Volunteer
from .feedback import show_error

PAGE_SIZE = 25


@login_required
def volunteer_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Search and filter the volunteers; with htmx only the rows are redrawn."""
    initiative = queries.get_initiative_for(request.user, pk, purpose=Purpose.LIST_VOLUNTEERS)
    form = VolunteerFilterForm(request.GET)
    volunteers = queries.volunteers_of(initiative, request.user, form.wanted())
    page = Paginator(volunteers, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = urlencode(
        {name: value for name, value in request.GET.items() if name in form.fields and value}
    )
    context = {
        "initiative": initiative,
        "form": form,
        "page": page,
        "query": query,
        # The phone number is for the coordinator who arranges the rota, not for everyone.
        "show_phone": can(request.user, Action.CHANGE, Volunteer),
        "can_add": can(request.user, Action.ADD, Volunteer),
    }
    template = (
        "community/_volunteer_rows.html"
        if request.headers.get("HX-Request")
        else "community/volunteer_list.html"
    )
    return render(request, template, context)


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
                    data["resident"], form.profile_data(), request.user, initiatives=[initiative]
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
            return redirect("community:volunteer_list", pk=initiative.pk)
    return render(
        request, "community/volunteer_form.html", {"form": form, "initiative": initiative}
    )


@login_required
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = queries.get_volunteer_for(request.user, pk, purpose=Purpose.VIEW_VOLUNTEER)
    can_change = can(request.user, Action.CHANGE, volunteer)
    context = {
        "volunteer": volunteer,
        "initiatives": volunteer.initiatives.all(),
        "shifts": queries.shifts_of(volunteer, request.user),
        "rides": queries.rides_driven_by(volunteer, request.user),
        "driver_offers": volunteer.driver_offers.filter(active=True),
        "can_change": can_change,
        "show_phone": can_change,
        "pause_form": PauseForm(),
    }
    return render(request, "community/volunteer_detail.html", context)


@login_required
def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = queries.get_volunteer_for(
        request.user, pk, purpose=Purpose.CHANGE_VOLUNTEER, action=Action.CHANGE
    )
    initial = {"skills": volunteer.skills, "roles": volunteer.roles, "slots": volunteer.slots}
    form = VolunteerProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_volunteer(volunteer, form.profile_data(), request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De gegevens van de vrijwilliger zijn opgeslagen."))
            return redirect("community:volunteer_detail", pk=volunteer.pk)
    title = _("%(name)s wijzigen") % {"name": volunteer}
    return render(
        request,
        "community/volunteer_edit.html",
        {"form": form, "volunteer": volunteer, "title": title},
    )


@login_required
@require_POST
def volunteer_pause(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = queries.get_volunteer_for(
        request.user, pk, purpose=Purpose.PAUSE_VOLUNTEER, action=Action.CHANGE
    )
    form = PauseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies tot welke datum de pauze duurt."))
        return redirect("community:volunteer_detail", pk=volunteer.pk)
    try:
        freed = actions.do_pause_volunteer(
            volunteer, form.cleaned_data["paused_until"], request.user
        )
    except ValidationError as error:
        show_error(request, error)
    else:
        messages.success(request, _freed_message(_("De pauze staat erin."), freed))
    return redirect("community:volunteer_detail", pk=volunteer.pk)


@login_required
@require_POST
def volunteer_resume(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = queries.get_volunteer_for(
        request.user, pk, purpose=Purpose.RESUME_VOLUNTEER, action=Action.CHANGE
    )
    actions.do_resume_volunteer(volunteer, request.user)
    messages.success(request, _("De vrijwilliger doet weer mee."))
    return redirect("community:volunteer_detail", pk=volunteer.pk)


@login_required
@require_POST
def volunteer_end(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = queries.get_volunteer_for(
        request.user, pk, purpose=Purpose.END_VOLUNTEER, action=Action.CHANGE
    )
    try:
        freed = actions.do_end_volunteer(volunteer, request.user)
    except ValidationError as error:
        show_error(request, error)
    else:
        messages.success(request, _freed_message(_("De vrijwilliger is gestopt."), freed))
    return redirect("community:volunteer_detail", pk=volunteer.pk)


def _freed_message(done: str, freed: int) -> str:
    if not freed:
        return done
    return "{} {}".format(
        done,
        ngettext(
            "%(n)d dienst staat weer open op het rooster.",
            "%(n)d diensten staan weer open op het rooster.",
            freed,
        )
        % {"n": freed},
    )
