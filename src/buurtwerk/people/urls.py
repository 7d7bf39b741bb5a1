from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.resident_list, name="resident_list"),
    path("nieuw/", views.resident_create, name="resident_create"),
    path("kiezen/", views.resident_picker, name="resident_picker"),
    path("adres/", views.address_lookup, name="address_lookup"),
    path("<int:pk>/", views.resident_detail, name="resident_detail"),
    path("<int:pk>/wijzigen/", views.resident_edit, name="resident_edit"),
    path("<int:pk>/toestemming/", views.consent_give, name="consent_give"),
    path("<int:pk>/toestemming/intrekken/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/inzage/", views.resident_export, name="resident_export"),
    path("<int:pk>/inzage.json", views.resident_export_json, name="resident_export_json"),
    path("<int:pk>/wissen/", views.resident_erase, name="resident_erase"),
    path("<int:pk>/relaties/nieuw/", views.relation_add, name="relation_add"),
    path(
        "<int:pk>/relaties/<int:relation_pk>/verwijderen/",
        views.relation_remove,
        name="relation_remove",
    ),
]
