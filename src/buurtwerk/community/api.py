"""REST API for initiatives, activities with their occurrences, sign-ups and rides.

Writes go through community.actions; reads through the scoped queries.
"""

from __future__ import annotations

from typing import Any

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.openapi import described
from buurtwerk.core.permissions import Action, may_read_field, scope
from buurtwerk.core.rest import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from buurtwerk.people.models import Neighbourhood, Resident
from buurtwerk.people.queries import (
    get_resident_for,
    neighbourhoods_workable_by,
    residents_visible_to,
)

from . import actions, queries
from .models import Activity, DriverOffer, Initiative, Occurrence, RideRequest, SignUp


def occurrences_in_reach(user: Any) -> Any:
    return scope(user, Occurrence.objects.all())


class InitiativeSerializer(serializers.ModelSerializer):
    neighbourhood = ScopedSlugRelatedField(
        Neighbourhood, reach=neighbourhoods_workable_by, slug_field="code"
    )

    class Meta:
        model = Initiative
        fields = [
            "id", "name", "neighbourhood", "goal", "contact_name", "contact_phone",
            "contact_email", "support_description", "step_back_on",
        ]  # fmt: skip

    def to_representation(self, instance: Initiative) -> dict[str, Any]:
        """Leave out what the caller's role may not read (`restricted_fields` of the policy)."""
        data = super().to_representation(instance)
        user = self.context["request"].user
        for field_name in list(data):
            if not may_read_field(user, Initiative, field_name):
                data.pop(field_name)
        return data


class ActivitySerializer(serializers.ModelSerializer):
    initiative = ScopedPrimaryKeyRelatedField(Initiative, reach=queries.initiatives_visible_to)
    neighbourhood: Any = serializers.SlugRelatedField(slug_field="code", read_only=True)
    recurrence_text = serializers.CharField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id", "uid", "initiative", "neighbourhood", "title", "kind", "description", "themes",
            "location_name", "address", "lat", "lon", "starts_at", "duration_minutes", "rrule",
            "recurrence_text", "ends_on", "capacity", "roles_needed", "partners_note",
            "is_public",
        ]  # fmt: skip
        read_only_fields = ["uid"]


class OccurrenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Occurrence
        fields = ["id", "activity", "starts_at", "ends_at", "cancelled", "walk_in_count"]
        read_only_fields = fields


class SignUpSerializer(serializers.ModelSerializer):
    occurrence = ScopedPrimaryKeyRelatedField(Occurrence, reach=occurrences_in_reach)
    resident = ScopedPrimaryKeyRelatedField(Resident, reach=residents_visible_to)

    class Meta:
        model = SignUp
        fields = ["id", "occurrence", "resident", "attendance", "created_at"]
        read_only_fields = ["attendance", "created_at"]


class RideRequestSerializer(serializers.ModelSerializer):
    resident = ScopedPrimaryKeyRelatedField(Resident, reach=residents_visible_to)
    occurrence = ScopedPrimaryKeyRelatedField(Occurrence, reach=occurrences_in_reach)

    class Meta:
        model = RideRequest
        fields = [
            "id", "resident", "occurrence", "requires_certificate", "wants_repeat", "status",
            "driver_offer", "match_score", "match_reasons", "pickup_km", "arrangement",
        ]  # fmt: skip
        read_only_fields = [
            "status", "driver_offer", "match_score", "match_reasons", "pickup_km", "arrangement",
        ]  # fmt: skip


class ConfirmRideSerializer(serializers.Serializer):
    driver_offer = serializers.IntegerField(required=False)
    repeat = serializers.BooleanField(required=False, allow_null=True, default=None)


@described(
    list="Initiatives you may see. Neighbourhood initiatives in your reach.",
    create="Start an initiative. You are recorded as the professional who supports it.",
    retrieve="One initiative.",
    update="Change an initiative. All fields are sent.",
    partial_update="Change some fields of an initiative. Only the fields sent change.",
)
class InitiativeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = InitiativeSerializer
    queryset = Initiative.objects.none()
    permission_model = Initiative

    def get_queryset(self) -> Any:
        return queries.initiatives_visible_to(self.request.user).order_by("id")

    def get_object(self) -> Initiative:
        action_kind = Action.VIEW if self.request.method == "GET" else Action.CHANGE
        return queries.get_initiative_for(
            self.request.user, self.kwargs["pk"], purpose=Purpose.API_INITIATIVE, action=action_kind
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data, supported_by=self.request.user)
        serializer.instance = actions.do_create_initiative(data, self.request.user)

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = actions.do_update_initiative(
            serializer.instance, serializer.validated_data, self.request.user
        )


@described(
    list="Activities you may see. With their dates under `/activities/{id}/occurrences`.",
    create="Add an activity.",
    retrieve="One activity.",
    update="Change an activity. All fields are sent.",
    partial_update="Change some fields of an activity. Only the fields sent change.",
)
class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ActivitySerializer
    queryset = Activity.objects.none()
    permission_model = Activity

    def get_queryset(self) -> Any:
        return queries.activities_visible_to(self.request.user).order_by("id")

    def get_object(self) -> Activity:
        action_kind = Action.VIEW if self.request.method == "GET" else Action.CHANGE
        return queries.get_activity_for(
            self.request.user, self.kwargs["pk"], purpose=Purpose.API_ACTIVITY, action=action_kind
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        initiative = queries.get_initiative_for(
            self.request.user, data.pop("initiative").pk, purpose=Purpose.API_ACTIVITY,
            action=Action.CHANGE,
        )  # fmt: skip
        serializer.instance = actions.do_create_activity(initiative, data, self.request.user)

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        data.pop("initiative", None)
        serializer.instance = actions.do_update_activity(
            serializer.instance, data, self.request.user
        )

    @extend_schema(responses=OccurrenceSerializer(many=True))
    @action(detail=True, methods=["get"])
    def occurrences(self, request: Request, pk: str | None = None) -> Response:
        """The planned dates of this activity."""
        activity = self.get_object()
        dates = scope(request.user, activity.occurrences.all()).order_by("starts_at")
        page = self.paginate_queryset(dates)
        data = OccurrenceSerializer(page if page is not None else dates, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)


class OccurrenceFilter(filters.FilterSet):
    activity = filters.NumberFilter(field_name="activity_id", help_text="Only this activity.")

    class Meta:
        model = Occurrence
        fields = ["activity"]


@described(
    list="Dates of activities. Filter on one activity with `activity`.",
    retrieve="One date of an activity.",
)
class OccurrenceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OccurrenceSerializer
    queryset = Occurrence.objects.none()
    permission_model = Occurrence
    filterset_class = OccurrenceFilter

    def get_queryset(self) -> Any:
        return scope(self.request.user, Occurrence.objects.all()).order_by("starts_at")


@described(
    list="Sign-ups you may see. Residents signed up for a date of an activity.",
    create="Sign a resident up for a date. The resident must be in your reach.",
    retrieve="One sign-up.",
)
class SignUpViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SignUpSerializer
    queryset = SignUp.objects.none()
    permission_model = SignUp

    def get_queryset(self) -> Any:
        return scope(self.request.user, SignUp.objects.all()).order_by("id")

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        resident = _resident(self.request.user, data["resident"], Purpose.API_SIGNUP)
        occurrence = queries.get_occurrence_for(
            self.request.user, data["occurrence"].pk, purpose=Purpose.API_SIGNUP
        )
        serializer.instance = actions.do_sign_up(occurrence, resident, self.request.user)


def _resident(user: Any, resident: Resident, purpose: Purpose) -> Resident:
    return get_resident_for(user, resident.pk, purpose=purpose)


@described(
    list="Ride requests you may see. Residents who need a lift to an activity.",
    create="Ask a ride for a resident to a date of an activity.",
    retrieve="One ride request.",
)
class RideRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RideRequestSerializer
    queryset = RideRequest.objects.none()
    permission_model = RideRequest

    def get_queryset(self) -> Any:
        return scope(self.request.user, RideRequest.objects.all()).order_by("id")

    def get_object(self) -> RideRequest:
        action_kind = Action.VIEW if self.request.method == "GET" else Action.CHANGE
        return queries.get_ride_request_for(
            self.request.user, self.kwargs["pk"], purpose=Purpose.API_RIDE, action=action_kind
        )

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        resident = _resident(self.request.user, data["resident"], Purpose.API_REQUEST_RIDE)
        occurrence = queries.get_occurrence_for(
            self.request.user, data["occurrence"].pk, purpose=Purpose.API_REQUEST_RIDE
        )
        serializer.instance = actions.do_request_ride(
            resident,
            occurrence,
            self.request.user,
            requires_certificate=data.get("requires_certificate", False),
            wants_repeat=data.get("wants_repeat", False),
        )

    @extend_schema(request=ConfirmRideSerializer, responses=RideRequestSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """Confirm the proposed driver (or another), optionally as a recurring arrangement."""
        ride = self.get_object()
        payload = ConfirmRideSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        driver = None
        if payload.validated_data.get("driver_offer"):
            driver = (
                scope(request.user, DriverOffer.objects.all())
                .filter(pk=payload.validated_data["driver_offer"])
                .first()
            )
            if driver is None:
                raise serializers.ValidationError({"driver_offer": "Onbekende chauffeur."})
        confirmed = actions.do_confirm_ride(
            ride, request.user, driver=driver, repeat=payload.validated_data.get("repeat")
        )
        return Response(RideRequestSerializer(confirmed).data)


ROUTES = [
    ("initiatives", InitiativeViewSet, "initiative"),
    ("activities", ActivityViewSet, "activity"),
    ("occurrences", OccurrenceViewSet, "occurrence"),
    ("signups", SignUpViewSet, "signup"),
    ("rides", RideRequestViewSet, "ride"),
]
