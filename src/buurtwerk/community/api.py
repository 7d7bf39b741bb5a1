"""REST API for initiatives, activities with their occurrences, sign-ups, volunteers, shifts
and rides.

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
from buurtwerk.core.permissions import Action, can, may_read_field, scope
from buurtwerk.core.rest import IdFilter, ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from buurtwerk.people.models import Neighbourhood, Resident
from buurtwerk.people.queries import (
    get_resident_for,
    neighbourhoods_workable_by,
    residents_visible_to,
)

from . import actions, queries
from .models import (
    Activity,
    ActivityRole,
    DriverOffer,
    Initiative,
    Occurrence,
    RideRequest,
    Shift,
    SignUp,
    Volunteer,
)


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
            "driver_offer", "staff_driver", "match_score", "match_reasons", "pickup_km",
            "arrangement",
        ]  # fmt: skip
        read_only_fields = [
            "status", "driver_offer", "staff_driver", "match_score", "match_reasons", "pickup_km",
            "arrangement",
        ]  # fmt: skip


class VolunteerSerializer(serializers.ModelSerializer):
    resident = ScopedPrimaryKeyRelatedField(Resident, reach=residents_visible_to)
    name = serializers.CharField(source="resident.name", read_only=True)
    phone = serializers.SerializerMethodField()
    status = serializers.CharField(read_only=True)
    certificate_expires_on = serializers.DateField(read_only=True)
    initiatives: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    skills = serializers.ListField(child=serializers.CharField(), required=False)
    slots = serializers.ListField(child=serializers.CharField(), required=False)
    roles = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = Volunteer
        fields = [
            "id", "resident", "name", "phone", "initiatives", "skills", "slots", "roles",
            "status", "paused_until", "ended_on", "certificate_expires_on",
        ]  # fmt: skip
        read_only_fields = ["paused_until", "ended_on"]

    def get_phone(self, volunteer: Volunteer) -> str | None:
        """The phone number is for the coordinator only, as on the volunteer list."""
        user = self.context["request"].user
        return volunteer.resident.phone if can(user, Action.CHANGE, volunteer) else None


class VolunteerCreateSerializer(VolunteerSerializer):
    initiative = serializers.IntegerField(write_only=True)

    class Meta(VolunteerSerializer.Meta):
        fields = [*VolunteerSerializer.Meta.fields, "initiative"]


class PauseSerializer(serializers.Serializer):
    paused_until = serializers.DateField()


class ShiftSerializer(serializers.ModelSerializer):
    occurrence = ScopedPrimaryKeyRelatedField(Occurrence, reach=occurrences_in_reach)
    volunteer = ScopedPrimaryKeyRelatedField(Volunteer, reach=queries.volunteers_visible_to)
    role = serializers.ChoiceField(choices=ActivityRole.choices)

    class Meta:
        model = Shift
        fields = ["id", "occurrence", "volunteer", "role"]


class SwapSerializer(serializers.Serializer):
    volunteer = serializers.IntegerField()


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
    activity = IdFilter(field_name="activity_id", help_text="Only this activity.")

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

    @extend_schema(request=None, responses=RideRequestSerializer)
    @action(detail=True, methods=["post"], url_path="drive-myself")
    def drive_myself(self, request: Request, pk: str | None = None) -> Response:
        """A staff member drives this one ride themselves."""
        ride = actions.do_drive_ride_myself(self.get_object(), request.user)
        return Response(RideRequestSerializer(ride).data)


class VolunteerFilter(filters.FilterSet):
    """The filters of the volunteer list. They are applied in `get_queryset` through
    `queries.volunteers_of`, which first checks that the initiative is within reach."""

    initiative = IdFilter(method="_in_queries", help_text="One initiative's.")
    role = filters.CharFilter(method="_in_queries", help_text="Only this role (code).")
    status = filters.CharFilter(method="_in_queries", help_text="active, paused or ended.")
    q = filters.CharFilter(method="_in_queries", help_text="Name, skill or role.")

    class Meta:
        model = Volunteer
        fields: list[str] = []

    def _in_queries(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset


class ShiftFilter(filters.FilterSet):
    occurrence = IdFilter(field_name="occurrence_id", help_text="One date only.")

    class Meta:
        model = Shift
        fields = ["occurrence"]


class VolunteerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Volunteers; `?initiative=` lists one initiative's, with `role`, `status`, `q` filters."""

    queryset = Volunteer.objects.none()
    permission_model = Volunteer
    filterset_class = VolunteerFilter
    # Set per route by @action: pausing and ending change a volunteer (POST would mean "add").
    permission_action: Action | None = None

    def get_serializer_class(self) -> Any:
        return VolunteerCreateSerializer if self.action == "create" else VolunteerSerializer

    def get_queryset(self) -> Any:
        params = self.request.query_params
        initiative_pk = params.get("initiative", "")
        if not initiative_pk.isdigit():
            return queries.volunteers_visible_to(self.request.user).order_by("resident__name")
        initiative = queries.get_initiative_for(
            self.request.user, initiative_pk, purpose=Purpose.API_VOLUNTEERS
        )
        wanted = queries.VolunteerFilter(
            text=params.get("q", "")[:100],
            role=params.get("role", ""),
            status=params.get("status", ""),
        )
        return queries.volunteers_of(initiative, self.request.user, wanted)

    def get_object(self) -> Volunteer:
        action_kind = Action.VIEW if self.request.method == "GET" else Action.CHANGE
        return queries.get_volunteer_for(
            self.request.user, self.kwargs["pk"], purpose=Purpose.API_VOLUNTEER, action=action_kind
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        initiative = queries.get_initiative_for(
            self.request.user, data.pop("initiative"), purpose=Purpose.API_VOLUNTEER,
            action=Action.CHANGE,
        )  # fmt: skip
        resident = _resident(self.request.user, data.pop("resident"), Purpose.API_VOLUNTEER)
        serializer.instance = actions.do_register_volunteer(
            resident, data, self.request.user, initiatives=[initiative]
        )

    def perform_update(self, serializer: Any) -> None:
        data = {k: v for k, v in serializer.validated_data.items() if k != "resident"}
        serializer.instance = actions.do_update_volunteer(
            serializer.instance, data, self.request.user
        )

    @extend_schema(request=PauseSerializer, responses=VolunteerSerializer)
    @action(detail=True, methods=["post"], permission_action=Action.CHANGE)
    def pause(self, request: Request, pk: str | None = None) -> Response:
        """A break until a date: the shifts in it go off the rota."""
        volunteer = self.get_object()
        payload = PauseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        actions.do_pause_volunteer(volunteer, payload.validated_data["paused_until"], request.user)
        return Response(VolunteerSerializer(volunteer, context={"request": request}).data)

    @extend_schema(request=None, responses=VolunteerSerializer)
    @action(detail=True, methods=["post"], permission_action=Action.CHANGE)
    def end(self, request: Request, pk: str | None = None) -> Response:
        """The volunteer stops: coming shifts go off the rota, rides go back to the coordinator."""
        volunteer = self.get_object()
        actions.do_end_volunteer(volunteer, request.user)
        return Response(VolunteerSerializer(volunteer, context={"request": request}).data)


class ShiftViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The rota: a volunteer sees their own shifts, coordinators those of their neighbourhoods."""

    serializer_class = ShiftSerializer
    queryset = Shift.objects.none()
    permission_model = Shift
    filterset_class = ShiftFilter
    # Set per route by @action: a volunteer hands back or swaps their own shift (not "add").
    permission_action: Action | None = None

    def get_queryset(self) -> Any:
        return scope(self.request.user, Shift.objects.all()).order_by("occurrence__starts_at")

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        occurrence = queries.get_occurrence_for(
            self.request.user, data["occurrence"].pk, purpose=Purpose.API_ROTA, action=Action.CHANGE
        )
        volunteer = queries.get_volunteer_for(
            self.request.user, data["volunteer"].pk, purpose=Purpose.API_ROTA
        )
        serializer.instance = actions.do_assign_shift(
            occurrence, volunteer, data["role"], self.request.user
        )

    def perform_destroy(self, instance: Shift) -> None:
        actions.do_remove_shift(instance, self.request.user)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"], url_path="give-back", permission_action=Action.VIEW)
    def give_back(self, request: Request, pk: str | None = None) -> Response:
        """The volunteer cannot come; the shift becomes a gap."""
        actions.do_give_back_shift(self.get_object(), request.user)
        return Response(status=204)

    @extend_schema(request=SwapSerializer, responses=ShiftSerializer)
    @action(detail=True, methods=["post"], permission_action=Action.VIEW)
    def swap(self, request: Request, pk: str | None = None) -> Response:
        """Another volunteer of the initiative takes the shift over."""
        shift = self.get_object()
        payload = SwapSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        other = queries.swap_candidates(shift).filter(pk=payload.validated_data["volunteer"])
        if not other.exists():
            raise serializers.ValidationError(
                {"volunteer": "Kies iemand anders van dit initiatief."}
            )
        return Response(
            ShiftSerializer(actions.do_swap_shift(shift, other.get(), request.user)).data
        )


ROUTES = [
    ("initiatives", InitiativeViewSet, "initiative"),
    ("activities", ActivityViewSet, "activity"),
    ("occurrences", OccurrenceViewSet, "occurrence"),
    ("signups", SignUpViewSet, "signup"),
    ("rides", RideRequestViewSet, "ride"),
    ("volunteers", VolunteerViewSet, "volunteer"),
    ("shifts", ShiftViewSet, "shift"),
]
