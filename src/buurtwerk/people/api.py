"""REST API for neighbourhoods, residents and relations. All writes go through people.actions."""

from __future__ import annotations

from typing import Any

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from buurtwerk.core.auditing import Purpose
from buurtwerk.core.conditional import VersionedUpdateMixin
from buurtwerk.core.openapi import described
from buurtwerk.core.permissions import Action, may_read_field
from buurtwerk.core.rest import (
    ScopedPrimaryKeyRelatedField,
    ScopedSlugRelatedField,
)

from . import actions, queries
from .models import Neighbourhood, Relation, Resident
from .validators import normalise_postcode


class NeighbourhoodSerializer(serializers.ModelSerializer):
    district = serializers.CharField(source="district.name", read_only=True)

    class Meta:
        model = Neighbourhood
        fields = ["id", "code", "name", "cbs_code", "district"]


class ResidentSerializer(serializers.ModelSerializer):
    neighbourhood = ScopedSlugRelatedField(
        Neighbourhood, reach=queries.neighbourhoods_workable_by, slug_field="code"
    )
    has_matching_consent = serializers.BooleanField(read_only=True)
    languages = serializers.ListField(child=serializers.CharField(max_length=10), required=False)
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Resident
        fields = [
            "id", "ref", "name", "email", "phone", "street", "house_number", "postcode", "city",
            "neighbourhood", "lat", "lon", "birth_year", "languages", "notes",
            "certificate_of_conduct_on", "seeks_participation", "has_matching_consent", "version",
        ]  # fmt: skip
        read_only_fields = ["ref"]

    def validate_postcode(self, value: str) -> str:
        return normalise_postcode(value) if value else ""

    def to_representation(self, instance: Resident) -> dict[str, Any]:
        data = super().to_representation(instance)
        for field_name in self._hidden_fields():
            data.pop(field_name, None)
        return data

    def _hidden_fields(self) -> frozenset[str]:
        # Asked once per serializer: a list of residents shares one, and the answer depends
        # only on the user's role (this was 40 % of the time of a residents page).
        if not hasattr(self, "_hidden"):
            user = self.context["request"].user
            self._hidden = frozenset(
                name
                for name, _field in self.fields.items()
                if not may_read_field(user, Resident, name)
            )
        return self._hidden


class NewResidentSerializer(ResidentSerializer):
    matching_consent = serializers.BooleanField(default=False, write_only=True)

    class Meta(ResidentSerializer.Meta):
        fields = [*ResidentSerializer.Meta.fields, "matching_consent"]


class ResidentExportSerializer(serializers.Serializer):
    """Everything every domain holds about one resident (AVG access request)."""

    format = serializers.CharField()
    version = serializers.IntegerField()
    generated_at = serializers.DateTimeField()
    resident_id = serializers.IntegerField()
    sections = serializers.DictField(child=serializers.DictField())


class ErasureResultSerializer(serializers.Serializer):
    erased = serializers.BooleanField()
    records = serializers.DictField(
        child=serializers.IntegerField(), help_text="Records erased or anonymised per domain."
    )


class RelationSerializer(serializers.ModelSerializer):
    resident = ScopedPrimaryKeyRelatedField(Resident, reach=queries.residents_visible_to)
    other_resident = ScopedPrimaryKeyRelatedField(
        Resident, reach=queries.residents_visible_to, required=False, allow_null=True
    )

    class Meta:
        model = Relation
        fields = [
            "id", "resident", "other_resident", "contact_name", "contact_role", "kind", "closeness",
        ]  # fmt: skip


@described(
    list="Neighbourhoods you may see. With their code and district.",
    retrieve="One neighbourhood.",
)
class NeighbourhoodViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NeighbourhoodSerializer
    queryset = Neighbourhood.objects.none()

    def get_queryset(self) -> Any:
        return queries.neighbourhoods_visible_to(self.request.user)


class ResidentFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="search", help_text="Part of the name, street or postcode.", max_length=100
    )
    neighbourhood = filters.CharFilter(
        field_name="neighbourhood__code", help_text="Neighbourhood code."
    )

    class Meta:
        model = Resident
        fields = ["q", "neighbourhood"]

    def search(self, queryset: Any, name: str, value: str) -> Any:
        return queries.search_residents(queryset, value)


@described(
    list="Residents in your reach. Search with `q`, narrow with `neighbourhood`.",
    create="Register a resident. Matching consent is recorded when `matching_consent` is true.",
    retrieve="One resident. The read is written to the audit log; fields only some roles may "
    "read are left out.",
    update="Change a resident. All fields are sent; send the `version` you read as `If-Match`, "
    "so a change made in the meantime is not overwritten.",
    partial_update="Change some fields of a resident. Only the fields sent change.",
)
class ResidentViewSet(
    VersionedUpdateMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ResidentSerializer
    queryset = Resident.objects.none()
    permission_model = Resident
    filterset_class = ResidentFilter
    # Set per extra action (export, erase); otherwise the HTTP method decides.
    permission_action: Action | None = None

    def get_serializer_class(self) -> Any:
        return NewResidentSerializer if self.action == "create" else ResidentSerializer

    def get_queryset(self) -> Any:
        return queries.residents_visible_to(self.request.user).prefetch_related("consents")

    def get_object(self) -> Resident:
        action = Action.VIEW if self.request.method == "GET" else Action.CHANGE
        return queries.get_resident_for(
            self.request.user, self.kwargs["pk"], purpose=Purpose.API_RESIDENT, action=action
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        consent = data.pop("matching_consent", False)
        serializer.instance = actions.do_create_resident(
            data, self.request.user, matching_consent=consent
        )

    def update_record(self, instance: Resident, data: dict[str, Any], expected: int) -> Resident:
        return actions.do_update_resident(
            instance, data, self.request.user, expected_version=expected
        )

    @extend_schema(
        summary="AVG export: everything about the resident",
        description="Everything every part of the application holds about one resident, for a "
        "request for access (AVG art. 15). The export is written to the audit log.",
        responses={200: ResidentExportSerializer},
    )
    @action(detail=True, methods=["get"], permission_action=Action.EXPORT)
    def export(self, request: Request, pk: str | None = None) -> Response:
        resident = queries.get_resident_for(
            request.user, pk, purpose=Purpose.GDPR_ACCESS, action=Action.EXPORT
        )
        return Response(actions.do_export_resident(resident, request.user))

    @extend_schema(
        summary="AVG erasure: remove or anonymise the resident's personal data everywhere",
        description="Erase a resident on request (AVG art. 17): every part of the application "
        "removes or anonymises what it holds, all or nothing. The counts per kind of record are "
        "returned.",
        request=None,
        responses={200: ErasureResultSerializer},
    )
    @action(detail=True, methods=["post"], permission_action=Action.DELETE)
    def erase(self, request: Request, pk: str | None = None) -> Response:
        resident = queries.get_resident_for(
            request.user, pk, purpose=Purpose.GDPR_ERASE_ON_REQUEST, action=Action.DELETE
        )
        counts = actions.do_erase_resident(resident, request.user)
        return Response({"erased": True, "records": counts})


@described(
    list="Relations you may see. The network map of residents in reach.",
    create="Add a relation to a resident's network.",
    retrieve="One relation.",
    destroy="Remove a relation from a resident's network.",
)
class RelationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RelationSerializer
    queryset = Relation.objects.none()
    permission_model = Relation

    def get_queryset(self) -> Any:
        from buurtwerk.core.permissions import scope

        return scope(self.request.user, Relation.objects.all()).order_by("id")

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        resident = queries.get_resident_for(
            self.request.user,
            data.pop("resident").pk,
            purpose=Purpose.API_NETWORK,
            action=Action.CHANGE,
        )
        serializer.instance = actions.do_add_relation(resident, data, self.request.user)

    def perform_destroy(self, instance: Relation) -> None:
        actions.do_remove_relation(instance, self.request.user)


ROUTES = [
    ("neighbourhoods", NeighbourhoodViewSet, "neighbourhood"),
    ("residents", ResidentViewSet, "resident"),
    ("relations", RelationViewSet, "relation"),
]
