"""The contact log over the API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets

from buurtwerk.core.openapi import described
from buurtwerk.core.rest import ScopedPrimaryKeyRelatedField
from buurtwerk.people.models import Organisation, Resident
from buurtwerk.people.queries import organisations_visible_to, residents_visible_to

from .. import actions, queries
from ..models import Case, Contact


class ContactSerializer(serializers.ModelSerializer):
    worker = serializers.CharField(source="worker.username", read_only=True)
    residents = ScopedPrimaryKeyRelatedField(
        Resident, reach=residents_visible_to, many=True, required=False
    )
    organisations = ScopedPrimaryKeyRelatedField(
        Organisation, reach=organisations_visible_to, many=True, required=False
    )
    case = ScopedPrimaryKeyRelatedField(
        Case, reach=queries.cases_visible_to, required=False, allow_null=True
    )

    class Meta:
        model = Contact
        fields = [
            "id", "worker", "happened_on", "kind", "purpose", "duration_minutes", "residents",
            "organisations", "note", "case",
        ]  # fmt: skip


@described(
    list="Contact log entries you may see. Who spoke with whom, when and why.",
    create="Log a contact. With the residents and organisations involved.",
    retrieve="One contact log entry.",
    destroy="Delete a contact log entry. Only the worker who logged it may.",
)
class ContactViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ContactSerializer
    queryset = Contact.objects.none()
    permission_model = Contact

    def get_queryset(self) -> QuerySet[Contact]:
        return queries.contacts_visible_to(self.request.user)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        residents = data.pop("residents", [])
        organisations = data.pop("organisations", [])
        serializer.instance = actions.do_log_contact(
            data, self.request.user, residents=residents, organisations=organisations
        )

    def perform_destroy(self, instance: Contact) -> None:
        actions.do_delete_contact(instance, self.request.user)
