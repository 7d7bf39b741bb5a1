"""REST API for signals, cases, contacts and meetings, and the public Open311 intake.

All writes go through casework.actions. Only the Open311 endpoints accept anonymous callers:
they take liveability signals without personal data and are rate-limited.
"""

from django.urls import path

from .cases import CaseViewSet
from .contacts import ContactViewSet
from .meetings import MeetingViewSet
from .open311 import Open311RequestStatusView, Open311RequestsView, Open311ServicesView
from .signals import SignalViewSet

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
