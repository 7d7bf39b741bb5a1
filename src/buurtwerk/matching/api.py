"""REST API for offers, needs, suggestions and matches. All writes go through matching.actions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.conditional import VersionedUpdateMixin
from buurtwerk.core.openapi import described
from buurtwerk.core.permissions import Action, may_read_field, require
from buurtwerk.core.rest import ScopedPrimaryKeyRelatedField
from buurtwerk.people.models import Resident
from buurtwerk.people.queries import get_resident_for, residents_visible_to

from . import actions, queries
from .engine import CATEGORY_CHOICES, SLOTS
from .models import Match, Need, Offer


def slots_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=list(SLOTS)),
        allow_empty=False,
        help_text="Weekly slots such as 'tue-morning'.",
    )


class OfferSerializer(serializers.ModelSerializer):
    resident = ScopedPrimaryKeyRelatedField(Resident, reach=residents_visible_to)
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    availability = slots_field()

    class Meta:
        model = Offer
        fields = [
            "id", "ref", "resident", "category", "description", "availability", "per_week",
            "max_distance_km", "status", "created_at", "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at", "version"]
        extra_kwargs: dict[str, Any] = {"ref": {"validators": []}}


class NeedSerializer(serializers.ModelSerializer):
    resident = ScopedPrimaryKeyRelatedField(Resident, reach=residents_visible_to)
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES)
    availability = slots_field()
    requires_certificate = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Whether the helper needs a certificate of conduct (VOG); "
        "left out, it follows the category (help inside the home).",
    )

    class Meta:
        model = Need
        fields = [
            "id", "ref", "resident", "category", "description", "availability", "urgency",
            "recurring", "requires_certificate", "status", "created_at", "updated_at", "version",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at", "version"]
        extra_kwargs: dict[str, Any] = {"ref": {"validators": []}}


class MatchSerializer(serializers.ModelSerializer):
    need = ScopedPrimaryKeyRelatedField(Need, reach=queries.needs_visible_to)
    offer = ScopedPrimaryKeyRelatedField(Offer, reach=queries.offers_visible_to)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Match
        fields = [
            "id", "need", "offer", "state", "score", "reasons", "follow_up_on", "assigned_to",
            "end_reason", "evaluation", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "state", "score", "follow_up_on", "assigned_to", "end_reason", "evaluation",
            "created_at", "updated_at",
        ]  # fmt: skip

    def to_representation(self, instance: Match) -> dict[str, Any]:
        data = super().to_representation(instance)
        user = self.context["request"].user
        for field_name in list(data):
            if not may_read_field(user, Match, field_name):
                data.pop(field_name)
        return data


class MatchTransitionSerializer(serializers.Serializer):
    # A match is only ever suggested at its start, never moved there.
    to = serializers.ChoiceField(
        choices=[(value, label) for value, label in Match.State.choices if value != "suggested"]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)
    end_reason = serializers.ChoiceField(
        choices=Match.EndReason.choices, required=False, allow_blank=True, default=""
    )
    evaluation = serializers.CharField(required=False, allow_blank=True, default="")


class SuggestionSerializer(serializers.Serializer):
    offer = serializers.IntegerField(source="offer.pk")
    offer_ref = serializers.CharField(source="offer.ref", allow_null=True)
    resident = serializers.IntegerField(source="offer.resident_id")
    resident_name = serializers.CharField(source="offer.resident.name")
    category = serializers.CharField(source="offer.category")
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    distance_km = serializers.FloatField(allow_null=True)
    match = serializers.IntegerField(source="match.pk", allow_null=True, default=None)


class _ResidentPartViewSet(
    VersionedUpdateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Offers and needs: read within reach, create and change through the actions."""

    purpose: Purpose
    create_action: Any
    update_action: Any

    def _fields(self, validated: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in validated.items() if key != "resident"}

    def perform_create(self, serializer: Any) -> None:
        resident = get_resident_for(
            self.request.user,
            serializer.validated_data["resident"].pk,
            purpose=self.purpose,
            action=Action.CHANGE,
        )
        serializer.instance = self.create_action(
            resident, self._fields(serializer.validated_data), self.request.user
        )

    def update_record(self, instance: Any, data: dict[str, Any], expected: int) -> Any:
        return self.update_action(
            instance, self._fields(data), self.request.user, expected_version=expected
        )


@described(
    list="Offers you may see. Talents residents offer, with category and availability.",
    create="Add an offer. For a resident in your reach.",
    retrieve="One offer.",
    update="Change an offer. All fields are sent.",
    partial_update="Change some fields of an offer. Only the fields sent change.",
)
class OfferViewSet(_ResidentPartViewSet):
    serializer_class = OfferSerializer
    queryset = Offer.objects.none()
    permission_model = Offer
    purpose = Purpose.API_OFFER
    create_action = staticmethod(actions.do_create_offer)
    update_action = staticmethod(actions.do_update_offer)

    def get_queryset(self) -> Any:
        return queries.offers_visible_to(self.request.user).order_by("id")

    def get_object(self) -> Offer:
        action_ = Action.VIEW if self.request.method == "GET" else Action.CHANGE
        return queries.get_offer_for(
            self.request.user, self.kwargs["pk"], purpose=Purpose.API_OFFER, action=action_
        )


@described(
    list="Needs you may see. Help residents ask for, with category, availability and urgency.",
    create="Add a need. For a resident in your reach.",
    retrieve="One need.",
    update="Change a need. All fields are sent.",
    partial_update="Change some fields of a need. Only the fields sent change.",
)
class NeedViewSet(_ResidentPartViewSet):
    serializer_class = NeedSerializer
    queryset = Need.objects.none()
    permission_model = Need
    purpose = Purpose.API_NEED
    create_action = staticmethod(actions.do_create_need)
    update_action = staticmethod(actions.do_update_need)

    def get_queryset(self) -> Any:
        return queries.needs_visible_to(self.request.user).order_by("id")

    def get_object(self) -> Need:
        action_ = Action.VIEW if self.request.method == "GET" else Action.CHANGE
        return queries.get_need_for(
            self.request.user, self.kwargs["pk"], purpose=Purpose.API_NEED, action=action_
        )

    @extend_schema(
        summary="The ten best helpers for a need, with Dutch explanations",
        responses=SuggestionSerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def suggestions(self, request: Request, pk: str | None = None) -> Response:
        need = self.get_object()
        require(request.user, Action.ADD, Match, purpose=Purpose.API_SUGGESTIONS)
        found = queries.suggestions_for_need(request.user, need)
        return Response(SuggestionSerializer(found, many=True).data)


@described(
    list="Matches you may see. Each with its need, offer and state in the workflow.",
    create="Suggest a match between a need and an offer. It starts as a suggestion.",
    retrieve="One match.",
)
class MatchViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Matches: create one as a suggestion, then move it along the workflow with `transition`."""

    serializer_class = MatchSerializer
    queryset = Match.objects.none()
    permission_model = Match
    # Set per action (a transition changes a match, though it is a POST).
    permission_action: Action | None = None

    def get_queryset(self) -> Any:
        return queries.matches_visible_to(self.request.user).order_by("id")

    def get_object(self) -> Match:
        action_ = Action.VIEW if self.request.method == "GET" else Action.CHANGE
        return queries.get_match_for(
            self.request.user, self.kwargs["pk"], purpose=Purpose.API_MATCH, action=action_
        )

    def perform_create(self, serializer: Any) -> None:
        user = self.request.user
        need = queries.get_need_for(
            user,
            serializer.validated_data["need"].pk,
            purpose=Purpose.API_MATCH,
            action=Action.CHANGE,
        )
        offer = queries.get_offer_for(
            user, serializer.validated_data["offer"].pk, purpose=Purpose.API_MATCH
        )
        serializer.instance = actions.do_suggest_match(need, offer, user)

    @extend_schema(
        summary="Move a match one step along the workflow",
        request=MatchTransitionSerializer,
        responses={
            200: MatchSerializer,
            400: OpenApiResponse(description="Step not allowed, with the reason in Dutch"),
        },
    )
    @action(detail=True, methods=["post"], permission_action=Action.CHANGE)
    def transition(self, request: Request, pk: str | None = None) -> Response:
        match = self.get_object()
        serializer = MatchTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        moved = actions.do_transition_match(
            match,
            data["to"],
            request.user,
            note=data["note"],
            follow_up_on=data["follow_up_on"],
            end_reason=data["end_reason"],
            evaluation=data["evaluation"],
        )
        return Response(MatchSerializer(moved, context={"request": request}).data)


ROUTES = [
    ("offers", OfferViewSet, "offer"),
    ("needs", NeedViewSet, "need"),
    ("matches", MatchViewSet, "match"),
]
