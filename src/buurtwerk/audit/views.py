from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.permissions import Action, require

from .forms import AuditFilterForm
from .models import AuditEntry
from .queries import audit_entries_visible_to


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, AuditEntry, purpose=Purpose.VIEW_AUDIT_LOG)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries_visible_to(request.user, **filters)
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    return render(request, "audit/entry_list.html", {"form": form, "page": page})
