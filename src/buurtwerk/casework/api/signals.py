"""Signals over the API: reporters see what they reported, the team sees everything."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.openapi import described
from buurtwerk.core.permissions import Action
from buurtwerk.core.rest import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from buurtwerk.people.models import Neighbourhood, Resident
from buurtwerk.people.queries import neighbourhoods_visible_to, residents_visible_to

from .. import actions, queries
from ..models import FollowUp, Signal, SignalCategory


class SignalListSerializer(serializers.ModelSerializer):
    """What a list may show of any signal in reach: no description, notes or person."""

    category: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    neighbourhood: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    team = serializers.CharField(source="team.name", read_only=True)
    picked_up = serializers.BooleanField(source="is_picked_up", read_only=True)

    class Meta:
        model = Signal
        fields = [
            "id", "category", "route", "neighbourhood", "status", "picked_up", "team",
            "about_person", "created_at", "updated_at",
        ]  # fmt: skip


class ReporterSignalSerializer(SignalListSerializer):
    """The reporter's view: what they wrote and whether it was picked up, nothing more."""

    class Meta(SignalListSerializer.Meta):
        fields = [*SignalListSerializer.Meta.fields, "description", "address"]


class FollowUpSerializer(serializers.ModelSerializer):
    assignee = serializers.CharField(source="assignee.username", read_only=True, default=None)

    class Meta:
        model = FollowUp
        fields = ["id", "description", "due_on", "assignee", "done_at", "signal", "case"]
        read_only_fields = fields


class SignalDetailSerializer(ReporterSignalSerializer):
    """The receiving team's view, with the care content."""

    assignee = serializers.CharField(source="assignee.username", read_only=True, default=None)
    resident: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    history = serializers.SerializerMethodField()

    class Meta(ReporterSignalSerializer.Meta):
        fields = [
            *ReporterSignalSerializer.Meta.fields,
            "lat", "lon", "resident", "source", "assignee", "notes", "closed_at", "follow_ups",
            "history",
        ]  # fmt: skip

    def get_history(self, signal: Signal) -> list[dict[str, Any]]:
        return [
            {
                "from": step.from_status,
                "to": step.to_status,
                "at": step.at.isoformat(),
                "by": step.by.username if step.by else None,
                "reason": step.reason,
            }
            for step in signal.transitions.select_related("by")
        ]


class SignalCreateSerializer(serializers.Serializer):
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=SignalCategory.objects.filter(active=True)
    )
    description = serializers.CharField(max_length=4000)
    neighbourhood = ScopedSlugRelatedField(
        Neighbourhood, reach=neighbourhoods_visible_to, slug_field="code"
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    lon = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    resident = ScopedPrimaryKeyRelatedField(
        Resident, reach=residents_visible_to, required=False, allow_null=True
    )
    about_person = serializers.BooleanField(required=False, default=False)
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=[c for c in Signal.Source.choices if c[0] != Signal.Source.PUBLIC],
        default=Signal.Source.OWN_OBSERVATION,
    )


class SignalTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Signal.Status.choices)  # type: ignore[assignment]
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SignalFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Signal.Status.choices, help_text="Only this status.")

    class Meta:
        model = Signal
        fields = ["status"]


@described(
    list="Signals in your reach. Without description, notes or person; filter with `status`.",
    create="Report a signal. It is routed to the team of the neighbourhood by its category.",
    retrieve="One signal. The receiving team sees the care content; the reporter only what they "
    "wrote and whether it was picked up. Care content reads are audited.",
    transition="Move a signal to another status. Only the transitions of the status table "
    "are allowed; a reason is kept in the history.",
)
class SignalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Signals in the user's reach: as the receiving team, or as the reporter."""

    queryset = Signal.objects.none()
    permission_model = Signal
    # Set per action: changing a signal's status needs the "change" role, not "add".
    permission_action: Action | None = None
    serializer_class = SignalListSerializer
    filterset_class = SignalFilter

    def get_queryset(self) -> QuerySet[Signal]:
        return queries.signals_visible_to(self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return SignalCreateSerializer
        if self.action == "transition":
            return SignalTransitionSerializer
        return SignalListSerializer

    @extend_schema(responses=SignalDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        signal, access = queries.get_signal_for(
            request.user, kwargs["pk"], purpose=Purpose.API_SIGNAL
        )
        return Response(self._detail(signal, access))

    def _detail(self, signal: Signal, access: queries.SignalAccess) -> dict[str, Any]:
        serializer_class = (
            SignalDetailSerializer
            if access == queries.SignalAccess.TEAM
            else ReporterSignalSerializer
        )
        return serializer_class(signal, context=self.get_serializer_context()).data

    @extend_schema(request=SignalCreateSerializer, responses={201: SignalDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = SignalCreateSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        signal = actions.do_report_signal(serializer.validated_data, request.user)
        access = queries.signal_access(request.user, signal) or queries.SignalAccess.REPORTER
        return Response(self._detail(signal, access), status=status.HTTP_201_CREATED)

    @extend_schema(request=SignalTransitionSerializer, responses=SignalDetailSerializer)
    @action(detail=True, methods=["post"], permission_action=Action.CHANGE)
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the signal along the status flow (receiving team only)."""
        signal, access = queries.get_signal_for(
            request.user, pk, purpose=Purpose.API_SIGNAL_STATUS, action=Action.CHANGE
        )
        serializer = SignalTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal = actions.do_transition_signal(
            signal,
            serializer.validated_data["status"],
            request.user,
            reason=serializer.validated_data["reason"],
        )
        return Response(self._detail(signal, access))
