"""Shared pieces of the REST API: the permission class every endpoint uses, the filter backend
that refuses unknown query parameters, error handling."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, pagination, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .permissions import Action, can, role_allows

if TYPE_CHECKING:
    from rest_framework.views import APIView

METHOD_ACTIONS = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.ADD,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.DELETE,
}


def view_model(view: APIView) -> Any:
    model = getattr(view, "permission_model", None)
    if model is None:
        queryset = getattr(view, "queryset", None)
        model = queryset.model if queryset is not None else None
    return model


def _requested_action(request: Request, view: APIView) -> Action | None:
    """The action a request asks for; None for methods we do not serve (TRACE, CONNECT, ...)."""
    return getattr(view, "permission_action", None) or METHOD_ACTIONS.get(request.method or "")


class RolePermission(permissions.BasePermission):
    """Applies the central policy: role per model for the request, record scope per object.

    Views name their model with `permission_model` (or a `queryset`); endpoints without a model
    must set their own permission classes explicitly.
    """

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        model = view_model(view)
        if model is None:
            return False
        action = _requested_action(request, view)
        if action is None:
            return False
        return role_allows(request.user, action, model)

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        action = _requested_action(request, view)
        return action is not None and can(request.user, action, obj)


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """Every list is paged; a client may ask for larger pages, but not for everything at once."""

    max_limit = 200


def reject_unknown_parameters(request: Request, known: set[str]) -> None:
    """A 400 for a query parameter the endpoint does not know: a misspelt filter must not quietly
    return everything."""
    unknown = sorted(set(request.query_params) - known - {api_settings.URL_FORMAT_OVERRIDE})
    if unknown:
        allowed = ", ".join(sorted(known)) or "geen"
        raise exceptions.ValidationError(
            {
                name: [f"Onbekende zoekparameter '{name}'. Deze lijst kent: {allowed}."]
                for name in unknown
            }
        )


class FilterBackend(DjangoFilterBackend):
    """django-filter with the endpoint's `filterset_class`, so its filters are in the OpenAPI
    schema, and a 400 for any other query parameter besides paging."""

    def filter_queryset(self, request: Request, queryset: Any, view: APIView) -> Any:
        known: set[str] = set()
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            known |= set(filterset_class.base_filters)
        paginator = getattr(view, "paginator", None)
        if paginator is not None:
            known |= {
                getattr(paginator, name)
                for name in ("limit_query_param", "offset_query_param", "page_query_param")
                if getattr(paginator, name, None)
            }
        reject_unknown_parameters(request, known)
        return super().filter_queryset(request, queryset, view)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Django's own ValidationError and PermissionDenied, raised by actions, become 400 and 403."""
    # Imported here: rest_framework.views imports the permission classes named in settings.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or "Geen toegang."}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
