from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can, may_read_field, require
from buurtwerk.people.queries import get_resident_for

from . import actions, queries, workflow
from .forms import (
    EndForm,
    FollowUpForm,
    ImportForm,
    NeedFilterForm,
    NeedForm,
    OfferForm,
    TransitionForm,
)
from .importer import ImportFailed, ImportProblem, read_upload
from .importing import do_import
from .models import Match, MatchEvent, Need, Offer


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Need, purpose=Purpose.LIST_NEEDS)
    form = NeedFilterForm(request.GET or {"status": Need.Status.OPEN})
    filters = form.cleaned_data if form.is_valid() else {}
    needs = queries.needs_visible_to(request.user)
    if filters.get("status"):
        needs = needs.filter(status=filters["status"])
    if filters.get("soort"):
        needs = needs.filter(category=filters["soort"])
    page = Paginator(needs, 25).get_page(request.GET.get("pagina"))
    query = urlencode({"status": filters.get("status", ""), "soort": filters.get("soort", "")})
    template = (
        "matching/_need_rows.html"
        if request.headers.get("HX-Request")
        else "matching/need_list.html"
    )
    return render(request, template, {"form": form, "page": page, "query": query})


@login_required
def resident_overview(request: HttpRequest, pk: int) -> HttpResponse:
    resident = get_resident_for(request.user, pk, purpose=Purpose.VIEW_OFFERS_AND_NEEDS)
    context = {
        "resident": resident,
        "offers": queries.offers_visible_to(request.user, resident=resident),
        "needs": queries.needs_visible_to(request.user, resident=resident),
        "can_add": can(request.user, Action.ADD, Offer)
        and can(request.user, Action.CHANGE, resident),
    }
    return render(request, "matching/resident_overview.html", context)


def _form_page(
    request: HttpRequest, form: Any, resident: Any, *, title: str, cancel_url: str
) -> HttpResponse:
    context = {"form": form, "resident": resident, "title": title, "cancel_url": cancel_url}
    return render(request, "matching/offer_need_form.html", context)


@login_required
def offer_create(request: HttpRequest, resident_pk: int) -> HttpResponse:
    resident = get_resident_for(
        request.user, resident_pk, purpose=Purpose.RECORD_OFFER, action=Action.CHANGE
    )
    require(request.user, Action.ADD, Offer, purpose=Purpose.RECORD_OFFER)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_create_offer(resident, form.cleaned_data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Het aanbod is opgeslagen."))
            return redirect("matching:resident_overview", pk=resident.pk)
    return _form_page(
        request,
        form,
        resident,
        title=_("Wat kan %(name)s voor een ander doen?") % {"name": resident.name},
        cancel_url=reverse("matching:resident_overview", args=[resident.pk]),
    )


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = queries.get_offer_for(
        request.user, pk, purpose=Purpose.CHANGE_OFFER, action=Action.CHANGE
    )
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_offer(
                offer,
                form.cleaned_data,
                request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("matching:resident_overview", pk=offer.resident_id)
    return _form_page(
        request,
        form,
        offer.resident,
        title=_("Aanbod van %(name)s wijzigen") % {"name": offer.resident.name},
        cancel_url=reverse("matching:resident_overview", args=[offer.resident_id]),
    )


@login_required
def need_create(request: HttpRequest, resident_pk: int) -> HttpResponse:
    resident = get_resident_for(
        request.user, resident_pk, purpose=Purpose.RECORD_NEED, action=Action.CHANGE
    )
    require(request.user, Action.ADD, Need, purpose=Purpose.RECORD_NEED)
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need = actions.do_create_need(resident, form.action_data(), request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De hulpvraag is opgeslagen. Hieronder staan suggesties."))
            return redirect("matching:need_detail", pk=need.pk)
    return _form_page(
        request,
        form,
        resident,
        title=_("Waarbij zoekt %(name)s hulp?") % {"name": resident.name},
        cancel_url=reverse("matching:resident_overview", args=[resident.pk]),
    )


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = queries.get_need_for(request.user, pk, purpose=Purpose.CHANGE_NEED, action=Action.CHANGE)
    form = NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_need(
                need,
                form.action_data(),
                request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("matching:need_detail", pk=need.pk)
    return _form_page(
        request,
        form,
        need.resident,
        title=_("Hulpvraag van %(name)s wijzigen") % {"name": need.resident.name},
        cancel_url=reverse("matching:need_detail", args=[need.pk]),
    )


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = queries.get_need_for(request.user, pk, purpose=Purpose.VIEW_NEED_AND_SUGGESTIONS)
    user = request.user
    context = {
        "need": need,
        "has_consent": need.resident.has_matching_consent,
        "suggestions": queries.suggestions_for_need(user, need),
        "matches": queries.matches_visible_to(user).filter(need=need),
        "can_change": can(user, Action.CHANGE, need),
        "can_match": can(user, Action.ADD, Match),
    }
    return render(request, "matching/need_detail.html", context)


@login_required
@require_POST
def start_introduction(request: HttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    need = queries.get_need_for(
        request.user, pk, purpose=Purpose.START_INTRODUCTION, action=Action.CHANGE
    )
    offer = queries.get_offer_for(request.user, offer_pk, purpose=Purpose.START_INTRODUCTION)
    try:
        match = actions.do_start_introduction(
            need, offer, request.user, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching:need_detail", pk=need.pk)
    messages.success(
        request,
        _("De kennismaking is gestart. Neem contact op met %(a)s en %(b)s.")
        % {"a": need.resident.name, "b": offer.resident.name},
    )
    return redirect("matching:match_detail", pk=match.pk)


def _transition_forms(match: Match) -> list[tuple[str, str, Any]]:
    steps = []
    for state in Match.State.values:
        if state in workflow.allowed_next_states(match.state):
            form_class = EndForm if state == Match.State.ENDED else TransitionForm
            label = str(workflow.TRANSITION_LABELS[state])
            steps.append((state, label, form_class(prefix=state)))
    return steps


@login_required
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = queries.get_match_for(request.user, pk, purpose=Purpose.VIEW_MATCH)
    user = request.user
    can_change = can(user, Action.CHANGE, match)
    context = {
        "match": match,
        "show_reasons": may_read_field(user, Match, "reasons"),
        "history": queries.match_history(user, match) if can(user, Action.VIEW, MatchEvent) else [],
        "can_change": can_change,
        "transitions": _transition_forms(match) if can_change else [],
        "follow_up_form": FollowUpForm(initial={"follow_up_on": match.follow_up_on})
        if can_change and not match.is_closed
        else None,
    }
    return render(request, "matching/match_detail.html", context)


@login_required
@require_POST
def match_transition(request: HttpRequest, pk: int) -> HttpResponse:
    match = queries.get_match_for(
        request.user, pk, purpose=Purpose.UPDATE_MATCH, action=Action.CHANGE
    )
    to_state = request.POST.get("step", "")
    form_class = EndForm if to_state == Match.State.ENDED else TransitionForm
    form = form_class(request.POST, prefix=to_state or None)
    if to_state not in Match.State.values or not form.is_valid():
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, " ".join(errors) or _("Kies een stap."))
        return redirect("matching:match_detail", pk=match.pk)
    data = form.cleaned_data
    try:
        actions.do_transition_match(
            match,
            to_state,
            request.user,
            note=data.get("note", ""),
            follow_up_on=data.get("follow_up_on"),
            end_reason=data.get("end_reason", ""),
            evaluation=data.get("evaluation", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("De koppeling staat nu op '%(state)s'.") % {"state": Match.State(to_state).label},
        )
    return redirect("matching:match_detail", pk=match.pk)


@login_required
@require_POST
def match_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    match = queries.get_match_for(
        request.user, pk, purpose=Purpose.FOLLOW_UP_MATCH, action=Action.CHANGE
    )
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            actions.do_plan_follow_up(
                match,
                request.user,
                follow_up_on=form.cleaned_data["follow_up_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De nieuwe datum is opgeslagen."))
    else:
        messages.error(request, _("Vul een geldige datum in."))
    return redirect("matching:match_detail", pk=match.pk)


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.CHANGE, Match, purpose=Purpose.MATCHES_TO_FOLLOW)
    only_mine = request.GET.get("mijn") == "1"
    context = {
        "matches": queries.matches_to_follow_up(request.user, only_mine=only_mine),
        "only_mine": only_mine,
        "open_suggestions": queries.open_suggestions_count(request.user),
    }
    template = (
        "matching/_follow_up_rows.html"
        if request.headers.get("HX-Request")
        else "matching/follow_up_list.html"
    )
    return render(request, template, context)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Professionals read in residents, offers and needs of their own neighbourhoods."""
    for model in (Offer, Need):
        require(request.user, Action.ADD, model, purpose=Purpose.IMPORT)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[ImportProblem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = do_import(read_upload(upload.name, upload.read()), request.user)
        except ImportProblem as problem:
            problems = [problem]
        except ImportFailed as failed:
            problems = failed.problems
        else:
            messages.success(
                request, _("Het bestand is ingelezen. %(s)s.") % {"s": report.summary()}
            )
            return redirect("matching:import_upload")
    return render(request, "matching/import.html", {"form": form, "problems": problems})
