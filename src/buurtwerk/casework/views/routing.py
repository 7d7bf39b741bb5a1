"""Routing-rule pages for coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.forms import apply_validation_error
from buurtwerk.core.permissions import Action, require

from .. import actions, queries
from ..forms import RoutingRuleForm
from ..models import RoutingRule


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, RoutingRule, purpose=Purpose.VIEW_ROUTING)
    form = RoutingRuleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_routing_rule(form.cleaned_data, request.user)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De regel is toegevoegd."))
            return redirect("casework:rule_list")
    context = {"rules": queries.routing_rules_for(request.user), "form": form}
    return render(request, "casework/rule_list.html", context, status=400 if form.errors else 200)


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(queries.routing_rules_for(request.user), pk=pk)
    form = RoutingRuleForm(request.POST or None, instance=rule, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_routing_rule(form.cleaned_data, request.user, rule=rule)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("De regel is gewijzigd."))
            return redirect("casework:rule_list")
    return render(request, "casework/rule_form.html", {"form": form, "rule": rule})


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(queries.routing_rules_for(request.user), pk=pk)
    actions.do_delete_routing_rule(rule, request.user)
    messages.success(request, _("De regel is verwijderd."))
    return redirect("casework:rule_list")
