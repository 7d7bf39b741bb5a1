"""The social map over HTTP in HSDS 3.0 shape: /api/v1/services (list and detail).

The map is public information, so anyone may read it; anonymous readers get it without
contact persons, assurer's e-mail, attention lines and who changed what
(`interchange.without_personal_data`). Nobody writes through this API: buurtwerkers maintain the
map in the application or import HSDS files.
"""

from __future__ import annotations

import math
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from buurtwerk.core.ratelimits import rate_exceeded
from buurtwerk.core.rest import reject_unknown_parameters

from . import queries

MAX_PER_PAGE = 200
LIST_PARAMETERS = {"page", "per_page", "search"}


def _positive(value: str | None, default: int, maximum: int) -> int:
    try:
        number = int(value) if value else default
    except ValueError:
        number = default
    return max(1, min(number, maximum))


class ServiceViewSet(viewsets.ViewSet):
    """HSDS services: `page`, `per_page` and `search` as in the HSDS API reference."""

    permission_classes = [permissions.AllowAny]
    lookup_value_regex = "[^/]+"

    def _public(self, request: Request) -> bool:
        return not (request.user and request.user.is_authenticated)

    @extend_schema(
        operation_id="services_list",
        summary="Services (HSDS 3.0 page of compiled services)",
        parameters=[
            OpenApiParameter("page", int),
            OpenApiParameter("per_page", int),
            OpenApiParameter("search", str, description="A question in everyday Dutch"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def list(self, request: Request) -> Response:
        reject_unknown_parameters(request, LIST_PARAMETERS)
        search = request.query_params.get("search", "").strip()
        public = self._public(request)
        if search and rate_exceeded("search", request._request):
            return Response({"detail": "Te veel zoekvragen; probeer het zo opnieuw."}, 429)
        services = queries.hsds_services(search, k=MAX_PER_PAGE)
        per_page = _positive(request.query_params.get("per_page"), 50, MAX_PER_PAGE)
        total_pages = max(1, math.ceil(len(services) / per_page))
        page = _positive(request.query_params.get("page"), 1, total_pages)
        contents = queries.readable(
            services[(page - 1) * per_page : page * per_page], public=public
        )
        body: dict[str, Any] = {
            "total_items": len(services),
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page == total_pages,
            "empty": not contents,
            "contents": contents,
        }
        return Response(body)

    @extend_schema(summary="One service (HSDS 3.0 compiled service)", responses=OpenApiTypes.OBJECT)
    def retrieve(self, request: Request, pk: str) -> Response:
        reject_unknown_parameters(request, set())
        return Response(queries.hsds_service(pk, public=self._public(request)))


ROUTES = [("services", ServiceViewSet, "service")]
