"""Shared pieces of the REST API: the permission class every endpoint uses, the JSON parser,
the filter backend that refuses unknown query parameters, error handling."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import IO, TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import pagination, parsers, permissions, relations, status
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .actions import NOT_FOUND
from .auditing import AuditVerb, Purpose, audit_trail
from .locking import StaleRecordError
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


Reach = Callable[[Any], QuerySet[Any]]


class ScopedRelatedMixin:
    """A relation field whose choices are the app's scoped query for the asking user.

    `reach` is a function of the user (`residents_visible_to`, ...), so the API offers and
    accepts exactly what the rest of the app shows that user. Without a user (schema
    generation) nothing is offered.
    """

    context: dict[str, Any]

    def __init__(self, model: type[Model], *, reach: Reach, **kwargs: Any) -> None:
        self.reach = reach
        # The empty queryset names the model for the schema; the choices come per request.
        super().__init__(queryset=model._default_manager.none(), **kwargs)  # type: ignore[call-arg]

    def get_queryset(self) -> QuerySet[Any]:
        user = getattr(self.context.get("request"), "user", None)
        if user is None or not user.is_authenticated:
            return self.queryset  # type: ignore[attr-defined,no-any-return]
        return self.reach(user)

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)  # type: ignore[misc]
        except ValidationError:
            # Written for unknown and unreachable ids alike, so the log cannot tell them apart
            # either; a pattern of misses is what an administrator looks for.
            user = getattr(self.context.get("request"), "user", None)
            model = self.queryset.model  # type: ignore[attr-defined]
            audit_trail().record(
                user, AuditVerb.DENIED, model, purpose=Purpose.API_CHOICE, object_id=str(data)[:64]
            )
            raise


class ScopedPrimaryKeyRelatedField(ScopedRelatedMixin, relations.PrimaryKeyRelatedField):
    """A record chosen by id among those the user may reach."""

    default_error_messages = {
        **relations.PrimaryKeyRelatedField.default_error_messages,
        "does_not_exist": NOT_FOUND,
    }


class ScopedSlugRelatedField(ScopedRelatedMixin, relations.SlugRelatedField):
    """A record chosen by code among those the user may reach."""

    default_error_messages = {
        **relations.SlugRelatedField.default_error_messages,
        "does_not_exist": NOT_FOUND,
    }


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


def reject_unknown_parameters(request: Request, known: set[str]) -> None:
    """A 400 for a query parameter the endpoint does not know: a misspelt filter must not quietly
    return everything."""
    unknown = sorted(set(request.query_params) - known - {api_settings.URL_FORMAT_OVERRIDE})
    if unknown:
        allowed = ", ".join(sorted(known)) or "geen"
        raise ValidationError(
            {
                name: [f"Onbekende zoekparameter '{name}'. Deze lijst kent: {allowed}."]
                for name in unknown
            }
        )


class IdFilter(filters.NumberFilter):
    """A filter on a record id: a whole number a database column can hold, else a Dutch 400
    (a huge or fractional number must not reach the database as a query parameter)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


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
    """Django's own ValidationError and PermissionDenied, raised by actions, become 400 and 403;
    a stale version becomes 412."""
    # Imported here: rest_framework.views imports the permission classes named in settings.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, StaleRecordError):
        return Response({"detail": exc.messages}, status=status.HTTP_412_PRECONDITION_FAILED)
    if isinstance(exc, DjangoValidationError):
        detail: Any = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or "Geen toegang."}, status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
