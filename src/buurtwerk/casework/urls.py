from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "casework"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="casework:signal_list"), name="index"),
    path("signalen/", views.signal_list, name="signal_list"),
    path("signalen/nieuw/", views.signal_create, name="signal_create"),
    path("signalen/<int:pk>/", views.signal_detail, name="signal_detail"),
    path("signalen/<int:pk>/status/", views.signal_transition, name="signal_transition"),
    path("signalen/<int:pk>/toewijzen/", views.signal_assign, name="signal_assign"),
    path("signalen/<int:pk>/notities/", views.signal_notes, name="signal_notes"),
    path("signalen/<int:pk>/acties/", views.signal_follow_up, name="signal_follow_up"),
    path("acties/<int:pk>/gedaan/", views.follow_up_done, name="follow_up_done"),
    path("routering/", views.rule_list, name="rule_list"),
    path("routering/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("routering/<int:pk>/verwijderen/", views.rule_delete, name="rule_delete"),
    path("contacten/", views.contact_list, name="contact_list"),
    path("contacten/nieuw/", views.contact_create, name="contact_create"),
    path("contacten/<int:pk>/verwijderen/", views.contact_delete, name="contact_delete"),
    path("contacten/rapport/", views.contact_report, name="contact_report"),
    path("casussen/", views.case_list, name="case_list"),
    path("casussen/nieuw/", views.case_create, name="case_create"),
    path("casussen/<int:pk>/", views.case_detail, name="case_detail"),
    path("casussen/<int:pk>/wijzigen/", views.case_update, name="case_update"),
    path("casussen/<int:pk>/betrokkenen/", views.case_participant_add, name="case_participant_add"),
    path(
        "casussen/<int:pk>/betrokkenen/<int:participant_pk>/verwijderen/",
        views.case_participant_remove,
        name="case_participant_remove",
    ),
    path("casussen/<int:pk>/doelen/", views.case_goal_add, name="case_goal_add"),
    path(
        "casussen/<int:pk>/doelen/<int:goal_pk>/bereikt/",
        views.case_goal_achieved,
        name="case_goal_achieved",
    ),
    path("casussen/<int:pk>/acties/", views.case_follow_up, name="case_follow_up"),
    path("overleg/", views.meeting_list, name="meeting_list"),
    path("overleg/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("overleg/<int:pk>/besluiten/", views.meeting_decision, name="meeting_decision"),
    path("overleg/<int:pk>/agendapunten/", views.meeting_item_add, name="meeting_item_add"),
    path("overleg/<int:pk>/bijwerken/", views.meeting_refresh, name="meeting_refresh"),
    path("overleg/<int:pk>/vaststellen/", views.meeting_close, name="meeting_close"),
    path("overleg/<int:pk>/notulen/", views.meeting_minutes, name="meeting_minutes"),
    path("overleg/<int:pk>/notulen.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("netwerkkaart/<int:resident_pk>/", views.network_map, name="network_map"),
]
