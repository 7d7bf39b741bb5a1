from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can, require
from buurtwerk.core.ratelimits import rate_exceeded
from buurtwerk.people.queries import residents_visible_to

from . import actions, queries
from .cards import card
from .forms import OutcomeForm, QuestionForm, ReferralForm, ServiceForm
from .models import Escalation, LearnedTerm, Referral, Service, UnansweredSearch


def _answers_context(request: HttpRequest, question: str) -> dict[str, object]:
    user = request.user
    answers = queries.ask(user, question)
    # Only a question sent with the search button counts as a gap: live results while typing
    # would fill the report with half-typed words.
    if queries.is_gap(answers) and "zoek" in request.GET:
        actions.do_log_unanswered_search(
            question, answers[0].score if answers else 0.0, acting_user=user
        )
    return {
        "question": question,
        "alerts": queries.alerts(question),
        "answers": [(answer, card(answer.service)) for answer in answers],
        "is_gap": queries.is_gap(answers),
        "can_escalate": can(user, Action.ADD, Escalation),
        "can_refer": can(user, Action.ADD, Referral),
    }


@login_required
def vraagbaak(request: HttpRequest) -> HttpResponse:
    """The question box: results appear while typing (htmx) or after pressing search."""
    require(request.user, Action.VIEW, Service, purpose=Purpose.QUESTION_BOX)
    form = QuestionForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        if rate_exceeded("search", request):
            context["rate_limited"] = True
        else:
            context |= _answers_context(request, form.cleaned_data["vraag"])
    template = (
        "socialmap/_answers.html"
        if request.headers.get("HX-Request")
        else "socialmap/vraagbaak.html"
    )
    status = 429 if context.get("rate_limited") else 200
    return render(request, template, context, status=status)


@login_required
@require_POST
def escalate(request: HttpRequest) -> HttpResponse:
    """One click: the question goes to the buurtwerkers of the volunteer's team."""
    question = request.POST.get("vraag", "")
    try:
        escalation = actions.do_escalate(question, request.user)
    except ValidationError as error:
        text = " ".join(error.messages)
        if request.headers.get("HX-Request"):
            return render(request, "socialmap/_escalated.html", {"error": text}, status=400)
        messages.error(request, text)
        return redirect("socialmap:vraagbaak")
    if request.headers.get("HX-Request"):
        return render(request, "socialmap/_escalated.html", {"escalation": escalation})
    messages.success(request, _("De buurtwerker heeft uw vraag gekregen en neemt contact op."))
    return redirect("socialmap:vraagbaak")


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Service, purpose=Purpose.SOCIAL_MAP)
    search = request.GET.get("q", "").strip()
    services = queries.services_visible_to(request.user, search=search)
    page = Paginator(services, 25).get_page(request.GET.get("pagina"))
    context = {"page": page, "q": search, "can_add": can(request.user, Action.ADD, Service)}
    return render(request, "socialmap/service_list.html", context)


@login_required
def service_detail(request: HttpRequest, service_id: str) -> HttpResponse:
    service = queries.get_service_for(request.user, service_id)
    hsds = queries.hsds_service(service.pk, public=False)
    context = {
        "service": service,
        "card": card(hsds),
        "contacts": hsds.get("contacts", []),
        "can_change": can(request.user, Action.CHANGE, service),
    }
    return render(request, "socialmap/service_detail.html", context)


def public_service(request: HttpRequest, service_id: str) -> HttpResponse:
    """The public page of a service: no login, no contact persons, no one's questions."""
    hsds = queries.hsds_service(service_id, public=True)
    return render(request, "socialmap/public_service.html", {"card": card(hsds)})


@login_required
def service_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, Service, purpose=Purpose.ADD_SERVICE)
    organizations = queries.organizations_for_choice(request.user)
    form = ServiceForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            service = actions.do_create_service(form.cleaned_data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De dienst staat op de sociale kaart."))
            return redirect("socialmap:service_detail", service_id=service.pk)
    return render(request, "socialmap/service_form.html", {"form": form, "is_new": True})


@login_required
def service_edit(request: HttpRequest, service_id: str) -> HttpResponse:
    service = queries.get_service_for(request.user, service_id, Action.CHANGE)
    organizations = queries.organizations_for_choice(request.user)
    form = ServiceForm(request.POST or None, instance=service, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_service(
                service,
                form.cleaned_data,
                request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("socialmap:service_detail", service_id=service.pk)
    context = {"form": form, "service": service, "is_new": False}
    return render(request, "socialmap/service_form.html", context)


@login_required
def referral_create(request: HttpRequest, service_id: str) -> HttpResponse:
    """Note that a resident was sent to this service, optionally for whom."""
    require(request.user, Action.ADD, Referral, purpose=Purpose.RECORD_REFERRAL)
    service = queries.get_service_for(request.user, service_id)
    question = (request.POST.get("vraag") or request.GET.get("vraag") or "").strip()
    residents = residents_visible_to(request.user).order_by("name")
    form = ReferralForm(request.POST or None, residents=residents)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_referral(
                question, service, request.user, resident=form.cleaned_data["resident"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("De doorverwijzing is vastgelegd. Vraag later na of het hielp.")
            )
            return redirect("socialmap:referral_list")
    context = {"form": form, "service": service, "question": question}
    return render(request, "socialmap/referral_form.html", context)


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Referral, purpose=Purpose.LIST_REFERRALS)
    page = Paginator(queries.referrals_visible_to(request.user), 25).get_page(
        request.GET.get("pagina")
    )
    return render(
        request, "socialmap/referral_list.html", {"page": page, "outcome_form": OutcomeForm()}
    )


@login_required
@require_POST
def referral_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    referral = queries.get_referral_for(request.user, pk, Action.CHANGE)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        actions.do_record_referral_outcome(referral, form.cleaned_data["outcome"], request.user)
        messages.success(request, _("Het resultaat is vastgelegd."))
    else:
        messages.error(request, _("Kies of de dienst heeft geholpen."))
    return redirect("socialmap:referral_list")


@login_required
def escalation_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Escalation, purpose=Purpose.VOLUNTEER_QUESTIONS)
    escalations = queries.escalations_visible_to(request.user)[:100]
    context = {
        "escalations": escalations,
        "can_handle": can(request.user, Action.CHANGE, Escalation),
    }
    return render(request, "socialmap/escalation_list.html", context)


@login_required
@require_POST
def escalation_handled(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = queries.get_escalation_for(request.user, pk, Action.CHANGE)
    actions.do_mark_escalation_handled(escalation, request.user)
    messages.success(request, _("De vraag staat op opgepakt."))
    return redirect("socialmap:escalation_list")


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """Most asked topics per neighbourhood, and the questions the map could not answer."""
    if not can(request.user, Action.VIEW, UnansweredSearch):
        raise PermissionDenied(_("U heeft geen toegang tot deze gegevens."))
    context = {
        "topics": queries.topics_per_neighbourhood(request.user),
        "gaps": queries.gaps_visible_to(request.user),
    }
    return render(request, "socialmap/report.html", context)


@login_required
def learned_list(request: HttpRequest) -> HttpResponse:
    """What the vraagbaak learned from referrals, each term with a button to undo it."""
    if not can(request.user, Action.VIEW, LearnedTerm):
        raise PermissionDenied(_("U heeft geen toegang tot deze gegevens."))
    learned = queries.learned_terms_visible_to(request.user)
    return render(request, "socialmap/learned_list.html", {"learned": learned})


@login_required
@require_POST
def learned_forget(request: HttpRequest, pk: int) -> HttpResponse:
    learned = queries.get_learned_term_for(request.user, pk, Action.DELETE)
    actions.do_forget_learned_term(learned, request.user)
    messages.success(request, _("De vraagbaak is dit vergeten."))
    return redirect("socialmap:learned_list")
