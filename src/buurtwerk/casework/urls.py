from django.urls import path
from django.views.generic import RedirectView

from .views import cases, contacts, meetings, network, routing, signals

app_name = "casework"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="casework:signal_list"), name="index"),
    path("signalen/", signals.signal_list, name="signal_list"),
    path("signalen/nieuw/", signals.signal_create, name="signal_create"),
    path("signalen/<int:pk>/", signals.signal_detail, name="signal_detail"),
    path("signalen/<int:pk>/status/", signals.signal_transition, name="signal_transition"),
    path("signalen/<int:pk>/toewijzen/", signals.signal_assign, name="signal_assign"),
    path("signalen/<int:pk>/notities/", signals.signal_notes, name="signal_notes"),
    path("signalen/<int:pk>/acties/", signals.signal_follow_up, name="signal_follow_up"),
    path("acties/<int:pk>/gedaan/", signals.follow_up_done, name="follow_up_done"),
    path("routering/", routing.rule_list, name="rule_list"),
    path("routering/<int:pk>/", routing.rule_edit, name="rule_edit"),
    path("routering/<int:pk>/verwijderen/", routing.rule_delete, name="rule_delete"),
    path("contacten/", contacts.contact_list, name="contact_list"),
    path("contacten/nieuw/", contacts.contact_create, name="contact_create"),
    path("contacten/<int:pk>/verwijderen/", contacts.contact_delete, name="contact_delete"),
    path("contacten/rapport/", contacts.contact_report, name="contact_report"),
    path("casussen/", cases.case_list, name="case_list"),
    path("casussen/nieuw/", cases.case_create, name="case_create"),
    path("casussen/<int:pk>/", cases.case_detail, name="case_detail"),
    path("casussen/<int:pk>/wijzigen/", cases.case_update, name="case_update"),
    path("casussen/<int:pk>/betrokkenen/", cases.case_participant_add, name="case_participant_add"),
    path(
        "casussen/<int:pk>/betrokkenen/<int:participant_pk>/verwijderen/",
        cases.case_participant_remove,
        name="case_participant_remove",
    ),
    path("casussen/<int:pk>/doelen/", cases.case_goal_add, name="case_goal_add"),
    path(
        "casussen/<int:pk>/doelen/<int:goal_pk>/bereikt/",
        cases.case_goal_achieved,
        name="case_goal_achieved",
    ),
    path("casussen/<int:pk>/acties/", cases.case_follow_up, name="case_follow_up"),
    path("overleg/", meetings.meeting_list, name="meeting_list"),
    path("overleg/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("overleg/<int:pk>/besluiten/", meetings.meeting_decision, name="meeting_decision"),
    path("overleg/<int:pk>/agendapunten/", meetings.meeting_item_add, name="meeting_item_add"),
    path("overleg/<int:pk>/bijwerken/", meetings.meeting_refresh, name="meeting_refresh"),
    path("overleg/<int:pk>/vaststellen/", meetings.meeting_close, name="meeting_close"),
    path("overleg/<int:pk>/notulen/", meetings.meeting_minutes, name="meeting_minutes"),
    path("overleg/<int:pk>/notulen.pdf", meetings.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("netwerkkaart/<int:resident_pk>/", network.network_map, name="network_map"),
]
