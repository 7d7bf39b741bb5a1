"""Team meetings and their decisions over the API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.openapi import described
from buurtwerk.core.permissions import Action
from buurtwerk.core.rest import ScopedPrimaryKeyRelatedField
from buurtwerk.people.models import Team

from .. import actions, queries
from ..models import Meeting
from .signals import FollowUpSerializer


class MeetingSerializer(serializers.ModelSerializer):
    team = ScopedPrimaryKeyRelatedField(Team, reach=queries.meeting_teams_of)
    chair = serializers.CharField(source="chair.username", read_only=True, default=None)

    class Meta:
        model = Meeting
        fields = ["id", "team", "starts_at", "since", "chair", "closed_at"]
        read_only_fields = ["since", "closed_at"]


class DecisionCreateSerializer(serializers.Serializer):
    text = serializers.CharField()
    item = serializers.IntegerField(required=False, allow_null=True)
    action_description = serializers.CharField(max_length=300, required=False, allow_blank=True)
    action_due_on = serializers.DateField(required=False, allow_null=True)


@described(
    list="Team meetings you may see. Of your own teams.",
    create="Plan a team meeting. The agenda is drawn up from what happened since the last one.",
    retrieve="One team meeting. With the agenda; items you may not see show no content.",
    decisions="Record a decision. With an action description it also becomes a follow-up.",
)
class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()
    permission_model = Meeting
    permission_action: Action | None = None

    def get_queryset(self) -> QuerySet[Meeting]:
        return queries.meetings_visible_to(self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = actions.do_plan_meeting(
            data["team"], data["starts_at"], self.request.user
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = queries.get_meeting_for(request.user, kwargs["pk"], purpose=Purpose.API_MEETING)
        return Response(self._detail(meeting))

    def _detail(self, meeting: Meeting) -> dict[str, Any]:
        data = MeetingSerializer(meeting).data
        data["agenda"] = [
            {
                "id": line.item.pk,
                "kind": line.item.kind,
                "title": line.title,
                "signal": line.item.signal_id if line.visible else None,
                "case": line.item.case_id if line.visible else None,
                "decisions": [decision.text for decision in line.decisions] if line.visible else [],
            }
            for line in queries.agenda_for(self.request.user, meeting, purpose=Purpose.API_MEETING)
        ]
        return data

    @extend_schema(request=DecisionCreateSerializer, responses={201: OpenApiResponse()})
    @action(detail=True, methods=["post"], permission_action=Action.CHANGE)
    def decisions(self, request: Request, pk: str | None = None) -> Response:
        """Record a decision; with an action description it also becomes a follow-up."""
        meeting = queries.get_meeting_for(
            request.user, pk, purpose=Purpose.API_DECISION, action=Action.CHANGE
        )
        serializer = DecisionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = meeting.items.filter(pk=data.get("item")).first() if data.get("item") else None
        if data.get("item") and item is None:
            raise ValidationError({"item": "Dit agendapunt hoort niet bij dit overleg."})
        decision = actions.do_record_decision(
            meeting,
            data["text"],
            request.user,
            item=item,
            action_description=data.get("action_description", ""),
            action_due_on=data.get("action_due_on"),
        )
        return Response(
            {
                "id": decision.pk,
                "follow_ups": FollowUpSerializer(decision.follow_ups.all(), many=True).data,
            },
            status=status.HTTP_201_CREATED,
        )
