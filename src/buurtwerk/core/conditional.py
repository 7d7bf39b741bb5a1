"""Conditional updates: PUT and PATCH name the version they change in `If-Match`.

Kept apart from `core.rest`, which the REST framework settings import before the schema tools
can load.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Stuur in de If-Match-header de versie mee die u wijzigt (de ETag)."
    default_code = "precondition_required"


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "The version being changed, as given in the ETag header (or `version` field) of the "
        "last read. Without it the answer is 428; when someone changed the record since, 412."
    ),
)


def expected_version(request: Request) -> int:
    """The version a PUT or PATCH says it changes, from `If-Match`; required."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    try:
        return int(header.removeprefix("W/").strip('"'))
    except ValueError:
        raise ValidationError({"version": ["If-Match moet een versienummer zijn."]}) from None


def etag(version: int) -> str:
    return f'"{version}"'


class VersionedUpdateMixin:
    """PUT and PATCH through an action that refuses a stale version; reads carry an ETag.

    A viewset names its action in `update_record(instance, validated_data, expected_version)`.
    The precondition is checked before the body is validated.
    """

    def update_record(self, instance: Any, data: dict[str, Any], expected: int) -> Any:
        raise NotImplementedError

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        view: Any = self
        # The record first: an id out of reach answers 404 with or without the header.
        instance = view.get_object()
        version = expected_version(request)
        serializer = view.get_serializer(
            instance, data=request.data, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        updated = self.update_record(instance, dict(serializer.validated_data), version)
        return Response(view.get_serializer(updated).data, headers={"ETag": etag(updated.version)})

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        view: Any = self
        instance = view.get_object()
        return Response(
            view.get_serializer(instance).data, headers={"ETag": etag(instance.version)}
        )
