"""The public Open311 GeoReport v2 intake: liveability signals without personal data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from buurtwerk.core.ratelimits import BucketThrottle
from buurtwerk.people.models import Neighbourhood

from .. import actions
from ..models import Route, Signal, SignalCategory

# GeoReport v2 fields that identify the person reporting; this intake never stores them.
OPEN311_PERSONAL_FIELDS = (
    "email", "first_name", "last_name", "phone", "device_id", "account_id", "name",
)  # fmt: skip


class Open311Throttle(BucketThrottle):
    """Few requests per address: the intake is anonymous, so abuse must stay cheap to absorb."""

    bucket = "open311"


def _open311_error(code: int, description: str) -> Response:
    return Response([{"code": code, "description": description}], status=code)


class Open311ServicesView(APIView):
    """GeoReport v2 service list: the liveability categories anyone may report online."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [Open311Throttle]

    @extend_schema(
        responses=inline_serializer(
            "Open311Service",
            {
                "service_code": serializers.CharField(),
                "service_name": serializers.CharField(),
                "description": serializers.CharField(),
                "metadata": serializers.BooleanField(),
                "type": serializers.CharField(),
                "keywords": serializers.CharField(),
                "group": serializers.CharField(),
            },
            many=True,
        )
    )
    def get(self, request: Request) -> Response:
        categories = SignalCategory.objects.filter(active=True, route=Route.LIVEABILITY)
        return Response(
            [
                {
                    "service_code": category.code,
                    "service_name": category.name,
                    "description": category.description,
                    "metadata": False,
                    "type": "realtime",
                    "keywords": "",
                    "group": "leefbaarheid",
                }
                for category in categories.order_by("name")
            ]
        )


class Open311RequestsView(APIView):
    """GeoReport v2 service request: POST a liveability signal, anonymously.

    Besides the GeoReport fields (service_code, description, lat, long, address_string) the
    neighbourhood code is required as `neighbourhood` (or `attribute[neighbourhood]`), so the
    signal reaches the right area team. Fields that identify a person are refused.
    """

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [Open311Throttle]

    @extend_schema(
        request=inline_serializer(
            "Open311Request",
            {
                "service_code": serializers.CharField(),
                "description": serializers.CharField(),
                "neighbourhood": serializers.CharField(),
                "lat": serializers.FloatField(required=False),
                "long": serializers.FloatField(required=False),
                "address_string": serializers.CharField(required=False),
            },
        ),
        responses={201: OpenApiResponse(description="[{service_request_id, service_notice}]")},
    )
    def post(self, request: Request) -> Response:
        data: Any = request.data
        if not isinstance(data, Mapping):
            return _open311_error(400, "Stuur de melding als formulier of als één JSON-object.")
        personal = [name for name in OPEN311_PERSONAL_FIELDS if str(data.get(name, "")).strip()]
        if personal:
            return _open311_error(
                400,
                "Stuur geen persoonsgegevens mee (zoals naam, e-mail of telefoon). Meld alleen "
                "wat er in de buurt aan de hand is.",
            )
        try:
            lat = _optional_float(data.get("lat"), -90, 90)
            lon = _optional_float(data.get("long"), -180, 180)
        except ValueError:
            return _open311_error(400, "De plek klopt niet: lat en long moeten getallen zijn.")
        if (lat is None) != (lon is None):
            return _open311_error(400, "Geef lat en long allebei, of geen van beide.")
        code = data.get("neighbourhood") or data.get("attribute[neighbourhood]") or ""
        category = SignalCategory.objects.filter(code=str(data.get("service_code", ""))).first()
        description = str(data.get("description", "")).strip()
        if not description:
            return _open311_error(400, "Beschrijf kort wat er aan de hand is.")
        try:
            signal = actions.do_report_public_signal(
                {
                    "category": category,
                    "description": description[:4000],
                    "neighbourhood": Neighbourhood.objects.filter(code=str(code)).first(),
                    "address": str(data.get("address_string", ""))[:200],
                    "lat": lat,
                    "lon": lon,
                }
            )
        except ValidationError as error:
            return _open311_error(400, " ".join(error.messages))
        return Response(
            [
                {
                    "service_request_id": str(signal.pk),
                    "service_notice": f"Dank u wel. {signal.team.name} bekijkt uw melding.",
                }
            ],
            status=status.HTTP_201_CREATED,
        )


class Open311RequestStatusView(APIView):
    """The status of one request made through the public intake: status only."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [Open311Throttle]

    @extend_schema(
        responses=inline_serializer(
            "Open311RequestStatus",
            {
                "service_request_id": serializers.CharField(),
                "status": serializers.CharField(),
                "service_code": serializers.CharField(),
                "requested_datetime": serializers.DateTimeField(),
                "updated_datetime": serializers.DateTimeField(),
            },
            many=True,
        )
    )
    def get(self, request: Request, request_id: int) -> Response:
        signal = (
            Signal.objects.filter(pk=request_id, source=Signal.Source.PUBLIC)
            .select_related("category")
            .first()
        )
        if signal is None:
            return _open311_error(404, "Deze melding bestaat niet.")
        return Response(
            [
                {
                    "service_request_id": str(signal.pk),
                    "status": "closed" if signal.status == Signal.Status.CLOSED else "open",
                    "service_code": signal.category.code,
                    "requested_datetime": signal.created_at.isoformat(),
                    "updated_datetime": signal.updated_at.isoformat(),
                }
            ]
        )


def _optional_float(value: Any, low: float, high: float) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        # A form field or JSON number only: a list or object is no place on the map.
        raise ValueError(value)
    number = float(value)
    if not low <= number <= high:
        raise ValueError(value)
    return number
