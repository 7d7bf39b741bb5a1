from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.need_list, name="need_list"),
    path("opvolgen/", views.follow_up_list, name="follow_up_list"),
    path("importeren/", views.import_upload, name="import_upload"),
    path("bewoner/<int:pk>/", views.resident_overview, name="resident_overview"),
    path("bewoner/<int:resident_pk>/aanbod/nieuw/", views.offer_create, name="offer_create"),
    path("bewoner/<int:resident_pk>/hulpvraag/nieuw/", views.need_create, name="need_create"),
    path("aanbod/<int:pk>/wijzigen/", views.offer_edit, name="offer_edit"),
    path("hulpvraag/<int:pk>/", views.need_detail, name="need_detail"),
    path("hulpvraag/<int:pk>/wijzigen/", views.need_edit, name="need_edit"),
    path(
        "hulpvraag/<int:pk>/kennismaking/<int:offer_pk>/",
        views.start_introduction,
        name="start_introduction",
    ),
    path("koppeling/<int:pk>/", views.match_detail, name="match_detail"),
    path("koppeling/<int:pk>/stap/", views.match_transition, name="match_transition"),
    path("koppeling/<int:pk>/opvolgen/", views.match_follow_up, name="match_follow_up"),
]
