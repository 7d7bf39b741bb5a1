"""Shared pieces of the REST API: the permission class every endpoint uses, the JSON parser,
error handling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import pagination, parsers, permissions, status
from rest_framework.exceptions import ParseError
from rest_framework.request import Request
from rest_framework.response import Response

from .permissions import Action, can, role_allows
from .untrusted import UnsafeInput, parse_json

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


class SafeJSONParser(parsers.JSONParser):
    """Every JSON body goes through `core.untrusted.parse_json`: nested too deep, NaN or a NUL
    character answer 400 with a Dutch message, before a serializer or a query sees it."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return parse_json(stream.read().decode(encoding))
        except UnsafeInput as error:
            raise ParseError(str(error)) from None
        except (ValueError, UnicodeDecodeError) as error:
            raise ParseError(f"De JSON is niet te lezen: {error}") from None


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """Every list is paged; a client may ask for larger pages, but not for everything at once."""

    max_limit = 200


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
