"""REST API for signals, cases, contacts and meetings, and the public Open311 intake.

All writes go through casework.actions. Only the Open311 endpoints accept anonymous callers:
they take liveability signals without personal data and are rate-limited.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import path
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from buurtwerk.core.openapi import described
from buurtwerk.core.permissions import Action
from buurtwerk.people.models import Neighbourhood, Organisation, Resident, Team

from . import actions, queries
from .models import (
    Case,
    CaseGoal,
    CaseParticipant,
    Contact,
    FollowUp,
    Meeting,
    Route,
    Signal,
    SignalCategory,
)

# Signals -------------------------------------------------------------------------------------


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
    neighbourhood = serializers.SlugRelatedField(
        slug_field="code", queryset=Neighbourhood.objects.all()
    )
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    lon = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    resident = serializers.PrimaryKeyRelatedField(
        queryset=Resident.objects.all(), required=False, allow_null=True
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
        signal, access = queries.get_signal_for(request.user, kwargs["pk"], purpose="API: signaal")
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
        serializer = SignalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signal = actions.do_report_signal(serializer.validated_data, request.user)
        access = queries.signal_access(request.user, signal) or queries.SignalAccess.REPORTER
        return Response(self._detail(signal, access), status=status.HTTP_201_CREATED)

    @extend_schema(request=SignalTransitionSerializer, responses=SignalDetailSerializer)
    @action(detail=True, methods=["post"], permission_action=Action.CHANGE)
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the signal along the status flow (receiving team only)."""
        signal, access = queries.get_signal_for(
            request.user, pk, purpose="API: signaal status", action=Action.CHANGE
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


# Cases ---------------------------------------------------------------------------------------


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
    resident = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all())
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
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
            self.request.user, include_closed=True, purpose="API: casuslijst"
        )

    def get_serializer_class(self) -> Any:
        return CaseCreateSerializer if self.action == "create" else CaseListSerializer

    @extend_schema(responses=CaseDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = queries.get_case_for(request.user, kwargs["pk"], purpose="API: casus")
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
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = actions.do_open_case(serializer.validated_data, request.user)
        return Response(self._detail(case), status=status.HTTP_201_CREATED)


# Contact log ---------------------------------------------------------------------------------


class ContactSerializer(serializers.ModelSerializer):
    worker = serializers.CharField(source="worker.username", read_only=True)
    residents = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Resident.objects.all(), required=False
    )
    organisations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Organisation.objects.all(), required=False
    )
    case = serializers.PrimaryKeyRelatedField(
        queryset=Case.objects.all(), required=False, allow_null=True
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


# Team meetings -------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all())
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
        meeting = queries.get_meeting_for(request.user, kwargs["pk"], purpose="API: overleg")
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
            for line in queries.agenda_for(self.request.user, meeting, purpose="API: overleg")
        ]
        return data

    @extend_schema(request=DecisionCreateSerializer, responses={201: OpenApiResponse()})
    @action(detail=True, methods=["post"], permission_action=Action.CHANGE)
    def decisions(self, request: Request, pk: str | None = None) -> Response:
        """Record a decision; with an action description it also becomes a follow-up."""
        meeting = queries.get_meeting_for(
            request.user, pk, purpose="API: besluit", action=Action.CHANGE
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


# Open311 public intake -----------------------------------------------------------------------

# GeoReport v2 fields that identify the person reporting; this intake never stores them.
OPEN311_PERSONAL_FIELDS = (
    "email", "first_name", "last_name", "phone", "device_id", "account_id", "name",
)  # fmt: skip


class Open311Throttle(AnonRateThrottle):
    """Few requests per address: the intake is anonymous, so abuse must stay cheap to absorb."""

    scope = "open311"

    def get_rate(self) -> str:
        return str(getattr(settings, "BUURTWERK_OPEN311_RATE", "20/hour"))


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
    if value in (None, ""):
        return None
    number = float(value)
    if not low <= number <= high:
        raise ValueError(value)
    return number


ROUTES = [
    ("signals", SignalViewSet, "signal"),
    ("cases", CaseViewSet, "case"),
    ("contacts", ContactViewSet, "contact"),
    ("meetings", MeetingViewSet, "meeting"),
]
URLPATTERNS = [
    path("open311/services", Open311ServicesView.as_view(), name="open311-services"),
    path("open311/requests", Open311RequestsView.as_view(), name="open311-requests"),
    path(
        "open311/requests/<int:request_id>",
        Open311RequestStatusView.as_view(),
        name="open311-request",
    ),
]
