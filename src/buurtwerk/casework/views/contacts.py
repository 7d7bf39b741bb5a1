"""The contact log and its report."""

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
from buurtwerk.core.figures import trusted_svg
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, can, require, scope
from buurtwerk.people.models import Organisation
from buurtwerk.people.queries import residents_visible_to

from .. import actions, queries
from ..engine.diagrams import split_chart, split_shares
from ..forms import ContactForm, ReportFilterForm
from ..models import Contact


def _contact_form(request: HttpRequest) -> ContactForm:
    user: Any = request.user
    municipality_ids = {team.municipality_id for team in user.teams.all()}
    return ContactForm(
        request.POST or None,
        residents=residents_visible_to(request.user),
        organisations=Organisation.objects.filter(municipality_id__in=municipality_ids),
        cases=queries.cases_visible_to(request.user),
        initial={"happened_on": timezone.localdate(), "purpose": Contact.Purpose.CASEWORK},
    )


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Contact, purpose=Purpose.CONTACT_LOG)
    contacts = queries.contacts_visible_to(request.user)
    context = {
        "page": Paginator(contacts, 25).get_page(request.GET.get("pagina")),
        "can_add": can(request.user, Action.ADD, Contact),
    }
    return render(request, "casework/contact_list.html", context)


@login_required
def contact_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ADD, Contact, purpose=Purpose.RECORD_CONTACT)
    form = _contact_form(request)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        residents = data.pop("residents")
        organisations = data.pop("organisations")
        try:
            actions.do_log_contact(
                data, request.user, residents=residents, organisations=organisations
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Het contact is vastgelegd."))
            return redirect("casework:contact_list")
    return render(request, "casework/contact_form.html", {"form": form})


@login_required
@require_POST
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(scope(request.user, Contact.objects.all(), Action.DELETE), pk=pk)
    actions.do_delete_contact(contact, request.user)
    messages.success(request, _("Het contact is verwijderd."))
    return redirect("casework:contact_list")


@login_required
def contact_report(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, Contact, purpose=Purpose.CONTACT_REPORT)
    form = ReportFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_valid() else {}
    period = queries.Period(cleaned.get("period") or "week")
    default_start, default_end = queries.recent_days(8 * 7 if period == "week" else 365)
    start = cleaned.get("start") or default_start
    end = cleaned.get("end") or default_end
    lines = queries.contact_split(request.user, period=period, start=start, end=end)
    date_format = "W/Y" if period == "week" else "F Y"
    from django.utils.dateformat import format as format_date

    labels = [
        (_("%(worker)s, week %(week)s") if period == "week" else _("%(worker)s, %(week)s"))
        % {"worker": line.worker, "week": format_date(line.period_start, date_format)}
        for line in lines
    ]
    rows = [
        (label, line, *split_shares(line.casework_minutes, line.community_minutes))
        for label, line in zip(labels, lines, strict=True)
    ]
    chart = split_chart(
        [
            (label, line.casework_minutes, line.community_minutes)
            for label, line in zip(labels, lines, strict=True)
        ],
        names=(_("Individuele ondersteuning"), _("Samenlevingsopbouw")),
        title=_("Verdeling tussen individuele ondersteuning en samenlevingsopbouw"),
        description=_(
            "Per medewerker en periode het deel van de tijd in procenten; de stippellijn staat "
            "op 50%. Dezelfde cijfers staan in de tabel eronder."
        ),
    )
    context = {
        "form": form,
        "chart": trusted_svg(chart),
        "rows": rows,
        "period": period,
        "start": start,
        "end": end,
    }
    return render(request, "casework/contact_report.html", context)
