from django.urls import path

from buurtwerk.core.auditing import Purpose

from . import views

app_name = "socialmap"
urlpatterns = [
    path("", views.vraagbaak, name=Purpose.QUESTION_BOX),
    path("vraag-de-buurtwerker/", views.escalate, name="escalate"),
    path("diensten/", views.service_list, name="service_list"),
    path("diensten/nieuw/", views.service_create, name="service_create"),
    path("diensten/<str:service_id>/", views.service_detail, name="service_detail"),
    path("diensten/<str:service_id>/wijzigen/", views.service_edit, name="service_edit"),
    path("diensten/<str:service_id>/doorverwijzen/", views.referral_create, name="referral_create"),
    path("openbaar/<str:service_id>/", views.public_service, name="public_service"),
    path("doorverwijzingen/", views.referral_list, name="referral_list"),
    path("doorverwijzingen/<int:pk>/resultaat/", views.referral_outcome, name="referral_outcome"),
    path("vragen/", views.escalation_list, name="escalation_list"),
    path("vragen/<int:pk>/opgepakt/", views.escalation_handled, name="escalation_handled"),
    path("rapport/", views.report, name="report"),
    path("geleerd/", views.learned_list, name="learned_list"),
    path("geleerd/<int:pk>/vergeten/", views.learned_forget, name="learned_forget"),
]
