from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can, may_read_field, require, scope
from buurtwerk.core.ratelimits import client_ip, hit
from buurtwerk.people.models import Organisation
from buurtwerk.people.queries import (
    get_resident_for,
    neighbourhoods_workable_by,
    residents_visible_to,
)

from . import actions, ical, queries, rides
from .forms import (
    ActivityForm,
    ConfirmRegistrationForm,
    InitiativeForm,
    PlanForm,
    PublicRegistrationForm,
    ReconnectOutcomeForm,
    ReconnectProfileForm,
    RideConfirmForm,
    RideRequestForm,
    ShiftForm,
    SupportLogForm,
    VolunteerForm,
)
from .models import (
    Activity,
    DriverOffer,
    Initiative,
    Occurrence,
    ReconnectProfile,
    Registration,
    RideRequest,
    Shift,
    SignUp,
)

# Public sign-ups per client address per hour: enough for a family, too few for a bot.


def _error_message(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- Coordinator pages -------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Activity, purpose="buurthuis overzicht")
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
    require(request.user, Action.ADD, Initiative, purpose="initiatief aanmaken")
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
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for(request.user, pk, purpose="initiatief bekijken")
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
def volunteer_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for(
        request.user, pk, purpose="vrijwilliger registreren", action=Action.CHANGE
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
def support_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for(
        request.user, pk, purpose="ondersteuning vastleggen", action=Action.CHANGE
    )
    form = SupportLogForm(request.POST)
    if form.is_valid():
        try:
            actions.do_log_support(initiative, form.cleaned_data, request.user)
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("De ondersteuning is vastgelegd."))
    else:
        messages.error(request, _("Vul een datum en het aantal uren (minstens een kwartier) in."))
    return redirect("community:initiative_detail", pk=initiative.pk)


@login_required
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = queries.get_initiative_for(
        request.user, pk, purpose="activiteit aanmaken", action=Action.CHANGE
    )
    partners = Organisation.objects.filter(
        kind__in=[Organisation.Kind.POLICE, Organisation.Kind.HOUSING,
                  Organisation.Kind.MUNICIPALITY, Organisation.Kind.WELFARE]
    )  # fmt: skip
    form = ActivityForm(request.POST or None, partners=partners)
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
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = queries.get_activity_for(request.user, pk, purpose="activiteit bekijken")
    now = timezone.now()
    occurrences = activity.occurrences.filter(starts_at__gte=now - timedelta(days=14))
    context = {
        "activity": activity,
        "occurrences": occurrences[:20],
        "can_plan": can(request.user, Action.ADD, Occurrence),
        "plan_form": PlanForm(),
    }
    return render(request, "community/activity_detail.html", context)


@login_required
@require_POST
def activity_plan(request: HttpRequest, pk: int) -> HttpResponse:
    activity = queries.get_activity_for(
        request.user, pk, purpose="activiteit plannen", action=Action.CHANGE
    )
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies 1 tot 26 weken."))
        return redirect("community:activity_detail", pk=activity.pk)
    until = timezone.now() + timedelta(weeks=form.cleaned_data["weeks"])
    try:
        created = actions.do_plan_occurrences(activity, until, request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("%(n)d nieuwe keren gepland.") % {"n": len(created)})
    return redirect("community:activity_detail", pk=activity.pk)


@login_required
def occurrence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(request.user, pk, purpose="keer bekijken")
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
        "signup_form": RideRequestForm(residents=residents, auto_id="aanmelden_%s"),
        "can_see_rides": can(user, Action.VIEW, RideRequest),
        "can_match_rides": can(user, Action.CHANGE, RideRequest),
        "ride_requests": queries.ride_requests_for(occurrence, user),
        "ride_form": RideRequestForm(residents=residents, auto_id="rit_%s"),
        "attendance_choices": SignUp.Attendance.choices,
    }
    return render(request, "community/occurrence_detail.html", context)


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
            _error_message(request, error)
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
@require_POST
def signup_add(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(request.user, pk, purpose="aanmelden voor activiteit")
    form = RideRequestForm(request.POST, residents=residents_visible_to(request.user))
    if form.is_valid():
        try:
            actions.do_sign_up(occurrence, form.cleaned_data["resident"], request.user)
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("De bewoner is aangemeld."))
    else:
        messages.error(request, _("Kies een bewoner."))
    return redirect("community:occurrence_detail", pk=occurrence.pk)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(
        request.user, pk, purpose="aanwezigheid bijhouden", action=Action.CHANGE
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
        _error_message(request, error)
    else:
        messages.success(request, _("De aanwezigheid is opgeslagen."))
    return redirect("community:occurrence_detail", pk=occurrence.pk)


@login_required
@require_POST
def ride_request_add(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(request.user, pk, purpose="rit aanvragen")
    form = RideRequestForm(request.POST, residents=residents_visible_to(request.user))
    if form.is_valid():
        try:
            actions.do_request_ride(
                form.cleaned_data["resident"],
                occurrence,
                request.user,
                requires_certificate=form.cleaned_data["requires_certificate"],
                wants_repeat=form.cleaned_data["wants_repeat"],
            )
        except ValidationError as error:
            _error_message(request, error)
        else:
            messages.success(request, _("De rit is aangevraagd."))
    else:
        messages.error(request, _("Kies een bewoner."))
    return redirect("community:occurrence_detail", pk=occurrence.pk)


@login_required
@require_POST
def rides_propose(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = queries.get_occurrence_for(request.user, pk, purpose="ritten koppelen")
    proposed = actions.do_propose_rides(occurrence, request.user)
    messages.success(
        request, _("%(n)d rit(ten) met een voorstel voor een chauffeur.") % {"n": len(proposed)}
    )
    return redirect("community:occurrence_detail", pk=occurrence.pk)


@login_required
def ride_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ride = queries.get_ride_request_for(request.user, pk, purpose="rit bekijken")
    drivers = DriverOffer.objects.filter(active=True).select_related("volunteer__resident")
    drivers = scope(request.user, drivers)
    form = RideConfirmForm(
        request.POST or None,
        drivers=drivers,
        initial={"driver": ride.driver_offer_id, "repeat": ride.wants_repeat},
    )
    if request.method == "POST":
        require(request.user, Action.CHANGE, ride, purpose="rit bevestigen")
        if form.is_valid():
            try:
                actions.do_confirm_ride(
                    ride,
                    request.user,
                    driver=form.cleaned_data["driver"],
                    repeat=form.cleaned_data["repeat"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("De rit is bevestigd."))
                return redirect("community:occurrence_detail", pk=ride.occurrence_id)
    names: dict[Any, str] = {driver.pk: str(driver.volunteer) for driver in drivers}
    suggestions = [
        (names.get(candidate.offer_ref, "?"), candidate)
        for candidate in rides.suggestions_for(ride)
    ]
    why_not = [
        (names.get(driver_pk, "?"), reasons)
        for driver_pk, reasons in rides.why_no_driver(ride).items()
        if reasons
    ]
    context = {
        "ride": ride,
        "form": form,
        "suggestions": suggestions,
        "why_not": why_not,
        "can_confirm": can(request.user, Action.CHANGE, ride),
    }
    return render(request, "community/ride_detail.html", context)


# --- The volunteer's phone view ----------------------------------------------------------


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


# --- Registrations -----------------------------------------------------------------------


@login_required
def registration_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Registration, purpose="aanmeldingen bekijken")
    registrations = queries.pending_registrations_for(request.user)
    return render(request, "community/registration_list.html", {"registrations": registrations})


@login_required
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = queries.get_registration_for(request.user, pk, purpose="aanmelding opvolgen")
    if registration.status != Registration.Status.PENDING:
        raise Http404("Al afgehandeld")
    form = ConfirmRegistrationForm(request.POST or None, initial={"name": registration.name})
    if request.method == "POST" and request.POST.get("reject"):
        actions.do_reject_registration(registration, request.user)
        messages.success(request, _("De aanmelding is afgewezen en de gegevens zijn gewist."))
        return redirect("community:registration_list")
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "coffee_visit"}
        try:
            resident = actions.do_confirm_registration(registration, data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De bewoner is toegevoegd, met toestemming."))
            return redirect("people:resident_detail", pk=resident.pk)
    return render(
        request,
        "community/registration_detail.html",
        {"registration": registration, "form": form},
    )


# --- Reconnect ---------------------------------------------------------------------------


@login_required
def reconnect_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, ReconnectProfile, purpose="meedoen: klein netwerk")
    residents = queries.reconnect_candidates(request.user)
    return render(request, "community/reconnect_list.html", {"residents": residents})


@login_required
def reconnect_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.VIEW, ReconnectProfile, purpose="meedoen-suggesties")
    resident = get_resident_for(request.user, pk, purpose="meedoen-suggesties")
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
            _error_message(request, error)
    context = {
        "resident": resident,
        "profile_form": profile_form,
        "outcome_form": outcome_form,
        "suggestions": queries.reconnect_suggestions(request.user, resident),
        "outcomes": queries.recent_reconnect_outcomes(request.user, resident),
    }
    return render(request, "community/reconnect_detail.html", context)


# --- Public pages (no login, no personal data) -------------------------------------------


def public_neighbourhood(request: HttpRequest, code: str) -> HttpResponse:
    neighbourhood = queries.public_neighbourhood(code)
    form = PublicRegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not hit("registration", client_ip(request))[0]:
            messages.error(
                request,
                _("U heeft het formulier vaak verstuurd. Probeer het over een uur opnieuw."),
            )
            status = 429
        elif form.is_valid():
            # A bot fills the hidden field: thank it like a person, and store nothing.
            if not form.cleaned_data["website"]:
                try:
                    actions.do_submit_registration(neighbourhood, form.cleaned_data)
                except ValidationError as error:
                    apply_validation_error(form, error)
                    return _render_public(request, neighbourhood, form, 400)
            return redirect("community:public_thanks", code=neighbourhood.code)
        else:
            status = 400
    return _render_public(request, neighbourhood, form, status)


def _render_public(
    request: HttpRequest, neighbourhood: Any, form: Any, status: int
) -> HttpResponse:
    context = {
        "neighbourhood": neighbourhood,
        "activities": queries.public_activities(neighbourhood),
        "occurrences": queries.public_upcoming(neighbourhood),
        "form": form,
    }
    return render(request, "community/public_neighbourhood.html", context, status=status)


def public_thanks(request: HttpRequest, code: str) -> HttpResponse:
    neighbourhood = queries.public_neighbourhood(code)
    return render(request, "community/public_thanks.html", {"neighbourhood": neighbourhood})


def public_ical(request: HttpRequest, code: str) -> HttpResponse:
    neighbourhood = queries.public_neighbourhood(code)
    activities = queries.public_activities(neighbourhood).prefetch_related("occurrences")
    calendar = ical.build_calendar(
        activities,
        name=_("Activiteiten in %(name)s") % {"name": neighbourhood.name},
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{neighbourhood.code}.ics"'
    return response
