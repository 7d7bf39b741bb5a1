"""Cases over the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.openapi import described
from buurtwerk.core.rest import ScopedPrimaryKeyRelatedField
from buurtwerk.people.models import Resident, Team
from buurtwerk.people.queries import residents_visible_to

from .. import actions, queries
from ..models import Case, CaseGoal, CaseParticipant
from .signals import FollowUpSerializer


class CaseListSerializer(serializers.ModelSerializer):
    team = serializers.CharField(source="team.name", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id", "title", "status", "confidentiality", "team", "next_discussion_on",
            "updated_at",
        ]  # fmt: skip


class CaseParticipantSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = CaseParticipant
        fields = ["id", "role", "display_name", "note"]


class CaseGoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseGoal
        fields = ["id", "description", "achieved_at"]


class CaseDetailSerializer(CaseListSerializer):
    resident: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    participants = CaseParticipantSerializer(many=True, read_only=True)
    goals = CaseGoalSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    signals: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    coordinator = serializers.CharField(source="coordinator.username", read_only=True, default=None)

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "resident", "household", "summary", "coordinator", "participants", "goals",
            "follow_ups", "signals", "created_at", "closed_at",
        ]  # fmt: skip


class CaseCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    resident = ScopedPrimaryKeyRelatedField(Resident, reach=residents_visible_to)
    team = ScopedPrimaryKeyRelatedField(Team, reach=queries.wijkteams_of)
    household = serializers.CharField(max_length=200, required=False, allow_blank=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    confidentiality = serializers.ChoiceField(
        choices=Case.Confidentiality.choices, default=Case.Confidentiality.TEAM
    )
    next_discussion_on = serializers.DateField(required=False, allow_null=True)


class CaseFilter(filters.FilterSet):
    closed = filters.BooleanFilter(
        method="filter_closed", help_text="true: closed cases too; by default only open ones."
    )

    class Meta:
        model = Case
        fields = ["closed"]

    def filter_closed(self, queryset: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        return queryset if value else queryset.exclude(status=Case.Status.CLOSED)

    def filter_queryset(self, queryset: QuerySet[Case]) -> QuerySet[Case]:
        # Without the parameter the list shows open cases, as the team works from them.
        if self.form.cleaned_data.get("closed") is None:
            queryset = queryset.exclude(status=Case.Status.CLOSED)
        return super().filter_queryset(queryset)


@described(
    list="Cases in your reach. Open cases; `closed=true` adds closed ones. The read is audited.",
    create="Open a case. For a resident in reach, with the team that works on it.",
    retrieve="One case. With goals, participants, follow-ups and signals; the read is audited.",
)
class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Case.objects.none()
    permission_model = Case
    serializer_class = CaseListSerializer
    filterset_class = CaseFilter

    def get_queryset(self) -> QuerySet[Case]:
        if self.action != "list":
            return queries.cases_visible_to(self.request.user)
        return queries.list_cases_for(
            self.request.user, include_closed=True, purpose=Purpose.API_CASE_LIST
        )

    def get_serializer_class(self) -> Any:
        return CaseCreateSerializer if self.action == "create" else CaseListSerializer

    @extend_schema(responses=CaseDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = queries.get_case_for(request.user, kwargs["pk"], purpose=Purpose.API_CASE)
        return Response(self._detail(case))

    def _detail(self, case: Case) -> dict[str, Any]:
        data = CaseDetailSerializer(case, context=self.get_serializer_context()).data
        visible = queries.case_follow_ups(self.request.user, case)
        data["follow_ups"] = FollowUpSerializer(visible, many=True).data
        data["signals"] = list(
            queries.case_signals(self.request.user, case).values_list("id", flat=True)
        )
        return data

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CaseCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        case = actions.do_open_case(serializer.validated_data, request.user)
        return Response(self._detail(case), status=status.HTTP_201_CREATED)
