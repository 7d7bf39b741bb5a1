"""The back office: Django's admin for reference data, for the beheerder only.

The admin answers "may this user do this?" with the project's permission module, never with
Django's own permission tables: `PolicyAdmin` asks `core.permissions.can` for every view, add,
change and delete, shows only the records `scope` allows (a beheerder with a team sees their
own municipality) and offers only such records in its choice lists. Every change is written to
the audit log through `core.auditing.audit_trail()`; Django's own admin log is not kept, so
there is one log. The site requires a password and a confirmed two-factor code (django-otp),
whatever BUURTWERK_REQUIRE_2FA says: reference data decides where signals and residents go.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from .auditing import AuditVerb, Purpose, audit_trail
from .permissions import Action, Role, can, policy_for, scope, user_role


class BackOffice(admin.AdminSite):
    site_header = _("Buurtwerk beheer")
    site_title = _("Buurtwerk beheer")
    index_title = _("Vaste gegevens")
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        # OTPMiddleware gives the user of every request `is_verified`.
        verified = getattr(user, "is_verified", None)
        return user_role(user) == Role.ADMIN and bool(verified and verified())

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Our own login and two-factor pages, not the admin's: one way in for everyone."""
        user = request.user
        next_url = request.GET.get("next") or reverse("admin:index")
        if not user.is_authenticated:
            return redirect_to_login(next_url)
        if user_role(user) != Role.ADMIN:
            raise PermissionDenied(_("Alleen de beheerder kan de vaste gegevens wijzigen."))
        step = (
            "accounts:two_factor_verify"
            if user_has_device(user, confirmed=True)
            else "accounts:two_factor_setup"
        )
        return redirect(f"{reverse(step)}?{urlencode({'next': next_url})}")


back_office = BackOffice(name="admin")


class PolicyAdmin(admin.ModelAdmin):
    """A model admin whose every permission and queryset comes from the model's Policy."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope(request.user, super().get_queryset(request))

    def _can(self, request: HttpRequest, action: Action, obj: Model | None) -> bool:
        return can(request.user, action, obj if obj is not None else self.model)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._can(request, Action.VIEW, None)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._can(request, Action.VIEW, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._can(request, Action.ADD, None)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._can(request, Action.CHANGE, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._can(request, Action.DELETE, obj)

    def _in_scope(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        try:
            policy_for(queryset.model)
        except PermissionDenied:
            return queryset.none()
        return scope(request.user, queryset)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs.setdefault(
            "queryset", self._in_scope(request, db_field.remote_field.model._default_manager.all())
        )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        kwargs.setdefault(
            "queryset", self._in_scope(request, db_field.remote_field.model._default_manager.all())
        )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        verb = AuditVerb.CHANGE if change else AuditVerb.CREATE
        audit_trail().record(
            request.user, verb, obj, purpose=Purpose.BACK_OFFICE, fields=form.changed_data
        )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        audit_trail().record(request.user, AuditVerb.DELETE, obj, purpose=Purpose.BACK_OFFICE)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            audit_trail().record(request.user, AuditVerb.DELETE, obj, purpose=Purpose.BACK_OFFICE)
        super().delete_queryset(request, queryset)

    # The audit log above is the one record of changes; Django's LogEntry would be a second.
    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        return None

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        return None

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        return []
