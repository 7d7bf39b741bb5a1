from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can, may_read_field, require
from buurtwerk.core.ratelimits import rate_limit
from buurtwerk.core.text import clean_search_text

from . import actions, queries
from .forms import (
    ConsentForm,
    EraseResidentForm,
    NewResidentForm,
    RelationForm,
    ResidentFilterForm,
    ResidentForm,
)
from .geocoding import geocode
from .models import Relation, Resident
from .pickers import SEARCH_SUFFIX, SUGGESTIONS, resident_label
from .privacy import export_sections


@login_required
def resident_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Resident, purpose=Purpose.LIST_RESIDENTS)
    # The search is posted, not put in the URL: a name typed there would end up in browser
    # history and server logs. The neighbourhood filter and page number are not personal.
    data = request.POST if request.method == "POST" else request.GET
    form = ResidentFilterForm(
        data or None, neighbourhoods=queries.neighbourhoods_visible_to(request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    residents = queries.residents_visible_to(
        request.user, search=filters.get("q", ""), neighbourhood=filters.get("buurt")
    )
    page = Paginator(residents, 25).get_page(data.get("pagina"))
    context = {
        "form": form,
        "page": page,
        "can_add": can(request.user, Action.ADD, Resident),
        "searching": bool(filters.get("q")),
    }
    template = (
        "people/_resident_rows.html"
        if request.headers.get("HX-Request")
        else "people/resident_list.html"
    )
    return render(request, template, context)


LISTBOX_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")


@login_required
@require_POST
@rate_limit("search")
def resident_picker(request: HttpRequest) -> HttpResponse:
    """Suggestions for the resident picker: a few residents the user may see, never more.

    Posted, like the resident list's search, so a typed name stays out of URLs and logs.
    """
    require(request.user, Action.VIEW, Resident, purpose=Purpose.CHOOSE_RESIDENT)
    field = request.POST.get("veld", "")
    listbox = request.POST.get("lijst", "")
    text = clean_search_text(request.POST.get(field + SEARCH_SUFFIX, ""))
    options: list[tuple[int, str]] = []
    if len(text) >= 2 and LISTBOX_ID.fullmatch(listbox):
        residents = queries.residents_visible_to(request.user, search=text).order_by("name")
        options = [(r.pk, resident_label(r)) for r in residents[:SUGGESTIONS]]
    context = {"options": options, "listbox": listbox}
    return render(request, "people/picker/options.html", context)


@login_required
@require_POST
@rate_limit("search")
def address_lookup(request: HttpRequest) -> HttpResponse:
    """Fill in street and place while the resident form is being filled in."""
    if not (can(request.user, Action.ADD, Resident) or can(request.user, Action.CHANGE, Resident)):
        raise PermissionDenied
    postcode = clean_search_text(request.POST.get("postcode", ""), max_length=10)
    number = clean_search_text(request.POST.get("house_number", ""), max_length=20)
    found = geocode(postcode, number) if postcode and number else None
    context: dict[str, Any] = {"found": found, "asked": bool(postcode and number)}
    if found is not None:
        form = ResidentForm(initial={"street": found.street, "city": found.city})
        context["swaps"] = [
            form[name].as_widget(attrs={"hx-swap-oob": "true"}) for name in ("street", "city")
        ]
    return render(request, "people/_address_lookup.html", context)


@login_required
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resident = queries.get_resident_for(request.user, pk, purpose=Purpose.VIEW_RESIDENT)
    user = request.user
    context = {
        "resident": resident,
        "show_notes": may_read_field(user, Resident, "notes"),
        "show_private": may_read_field(user, Resident, "birth_year"),
        "can_change": can(user, Action.CHANGE, resident),
        "can_see_relations": can(user, Action.VIEW, Relation),
        "can_export": can(user, Action.EXPORT, resident),
        "can_erase": can(user, Action.DELETE, resident),
        "relations": queries.relations_of(user, resident),
        "network_size": queries.network_size(resident),
        "small_network_max": queries.SMALL_NETWORK_MAX,
    }
    return render(request, "people/resident_detail.html", context)


@login_required
def resident_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, Resident, purpose=Purpose.CREATE_RESIDENT)
    neighbourhoods = queries.neighbourhoods_workable_by(request.user)
    form = NewResidentForm(request.POST or None, neighbourhoods=neighbourhoods)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            resident = actions.do_create_resident(
                data,
                request.user,
                lawful_basis=data["lawful_basis"],
                special_category_exception=data["special_category_exception"],
                matching_consent=data["matching_consent"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De bewoner is toegevoegd."))
            messages.info(request, form.location_note)
            return redirect("people:resident_detail", pk=resident.pk)
    return render(request, "people/resident_form.html", {"form": form, "is_new": True})


@login_required
def resident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resident = queries.get_resident_for(
        request.user, pk, purpose=Purpose.CHANGE_RESIDENT, action=Action.CHANGE
    )
    neighbourhoods = queries.neighbourhoods_workable_by(request.user)
    form = ResidentForm(request.POST or None, instance=resident, neighbourhoods=neighbourhoods)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_resident(
                resident,
                form.cleaned_data,
                request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            if form.location_note:
                messages.info(request, form.location_note)
            return redirect("people:resident_detail", pk=resident.pk)
    return render(
        request, "people/resident_form.html", {"form": form, "resident": resident, "is_new": False}
    )


@login_required
def consent_give(request: HttpRequest, pk: int) -> HttpResponse:
    resident = queries.get_resident_for(
        request.user, pk, purpose=Purpose.RECORD_CONSENT, action=Action.CHANGE
    )
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_consent(
                resident, request.user, statement=form.cleaned_data["statement"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De toestemming is vastgelegd."))
            return redirect("people:resident_detail", pk=resident.pk)
    return render(request, "people/consent_form.html", {"form": form, "resident": resident})


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    resident = queries.get_resident_for(
        request.user, pk, purpose=Purpose.WITHDRAW_CONSENT, action=Action.CHANGE
    )
    try:
        actions.do_withdraw_consent(resident, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("De toestemming is ingetrokken. De bewoner wordt niet meer gekoppeld.")
        )
    return redirect("people:resident_detail", pk=resident.pk)


@login_required
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    resident = queries.get_resident_for(
        request.user, pk, purpose=Purpose.UPDATE_NETWORK, action=Action.CHANGE
    )
    others = queries.residents_visible_to(request.user).exclude(pk=resident.pk)
    form = RelationForm(request.POST or None, residents=others)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_relation(resident, form.cleaned_data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De relatie is toegevoegd."))
            return redirect("people:resident_detail", pk=resident.pk)
    return render(request, "people/relation_form.html", {"form": form, "resident": resident})


@login_required
@require_POST
def relation_remove(request: HttpRequest, pk: int, relation_pk: int) -> HttpResponse:
    resident = queries.get_resident_for(
        request.user, pk, purpose=Purpose.UPDATE_NETWORK, action=Action.CHANGE
    )
    relation = get_object_or_404(queries.relations_of(request.user, resident), pk=relation_pk)
    actions.do_remove_relation(relation, request.user)
    messages.success(request, _("De relatie is verwijderd."))
    return redirect("people:resident_detail", pk=resident.pk)


@login_required
def resident_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The readable AVG export: every domain's data about the resident, printable as PDF."""
    resident = queries.get_resident_for(
        request.user, pk, purpose=Purpose.GDPR_ACCESS, action=Action.EXPORT
    )
    document = actions.do_export_resident(resident, request.user)
    context = {"resident": resident, "document": document, "sections": export_sections(document)}
    return render(request, "people/resident_export.html", context)


@login_required
def resident_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The machine-readable AVG export (JSON), as a download that is never stored on disk."""
    resident = queries.get_resident_for(
        request.user, pk, purpose=Purpose.GDPR_ACCESS, action=Action.EXPORT
    )
    document = actions.do_export_resident(resident, request.user)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="bewoner-{resident.pk}-inzage.json"'
    return response


@login_required
def resident_erase(request: HttpRequest, pk: int) -> HttpResponse:
    resident = queries.get_resident_for(
        request.user, pk, purpose=Purpose.GDPR_ERASE_ON_REQUEST, action=Action.DELETE
    )
    form = EraseResidentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_erase_resident(resident, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("De gegevens van de bewoner zijn gewist. Tellingen en statistiek blijven."),
            )
            return redirect("people:resident_list")
    return render(request, "people/resident_erase.html", {"resident": resident, "form": form})
