from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("initiatieven/nieuw/", views.initiative_create, name="initiative_create"),
    path("initiatieven/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("initiatieven/<int:pk>/ondersteuning/", views.support_add, name="support_add"),
    path("initiatieven/<int:pk>/vrijwilliger/", views.volunteer_add, name="volunteer_add"),
    path("initiatieven/<int:pk>/activiteit/", views.activity_create, name="activity_create"),
    path("activiteiten/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activiteiten/<int:pk>/plannen/", views.activity_plan, name="activity_plan"),
    path("keren/<int:pk>/", views.occurrence_detail, name="occurrence_detail"),
    path("keren/<int:pk>/rooster/", views.shift_add, name="shift_add"),
    path("keren/<int:pk>/aanmelden/", views.signup_add, name="signup_add"),
    path("keren/<int:pk>/aanwezigheid/", views.attendance, name="attendance"),
    path("keren/<int:pk>/rit/", views.ride_request_add, name="ride_request_add"),
    path("keren/<int:pk>/ritten-koppelen/", views.rides_propose, name="rides_propose"),
    path("diensten/<int:pk>/verwijderen/", views.shift_remove, name="shift_remove"),
    path("ritten/<int:pk>/", views.ride_detail, name="ride_detail"),
    path("mijn-diensten/", views.my_shifts, name="my_shifts"),
    path("aanmeldingen/", views.registration_list, name="registration_list"),
    path("aanmeldingen/<int:pk>/", views.registration_detail, name="registration_detail"),
    path("meedoen/", views.reconnect_list, name="reconnect_list"),
    path("meedoen/<int:pk>/", views.reconnect_detail, name="reconnect_detail"),
    # Public pages last: a neighbourhood code never shadows the pages above.
    path("<slug:code>/", views.public_neighbourhood, name="public_neighbourhood"),
    path("<slug:code>/bedankt/", views.public_thanks, name="public_thanks"),
    path("<slug:code>/agenda.ics", views.public_ical, name="public_ical"),
]
