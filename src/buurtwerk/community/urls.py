from django.urls import path

from .views import activities, initiatives, public, reconnect, rides, rota, signups, volunteers

app_name = "community"
urlpatterns = [
    path("", initiatives.overview, name="overview"),
    path("initiatieven/nieuw/", initiatives.initiative_create, name="initiative_create"),
    path("initiatieven/<int:pk>/", initiatives.initiative_detail, name="initiative_detail"),
    path("initiatieven/<int:pk>/wijzigen/", initiatives.initiative_edit, name="initiative_edit"),
    path("initiatieven/<int:pk>/ondersteuning/", initiatives.support_add, name="support_add"),
    path("initiatieven/<int:pk>/terugstapplan/", initiatives.step_back_plan, name="step_back_plan"),
    path("taken/<int:pk>/overdragen/", initiatives.task_hand_over, name="task_hand_over"),
    path("taken/<int:pk>/terugnemen/", initiatives.task_take_back, name="task_take_back"),
    path("initiatieven/<int:pk>/vrijwilliger/", volunteers.volunteer_add, name="volunteer_add"),
    path("initiatieven/<int:pk>/vrijwilligers/", volunteers.volunteer_list, name="volunteer_list"),
    path("vrijwilligers/<int:pk>/", volunteers.volunteer_detail, name="volunteer_detail"),
    path("vrijwilligers/<int:pk>/wijzigen/", volunteers.volunteer_edit, name="volunteer_edit"),
    path("vrijwilligers/<int:pk>/pauze/", volunteers.volunteer_pause, name="volunteer_pause"),
    path("vrijwilligers/<int:pk>/hervatten/", volunteers.volunteer_resume, name="volunteer_resume"),
    path("vrijwilligers/<int:pk>/stoppen/", volunteers.volunteer_end, name="volunteer_end"),
    path("initiatieven/<int:pk>/activiteit/", activities.activity_create, name="activity_create"),
    path("activiteiten/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activiteiten/<int:pk>/wijzigen/", activities.activity_edit, name="activity_edit"),
    path("activiteiten/<int:pk>/plannen/", activities.activity_plan, name="activity_plan"),
    path("keren/<int:pk>/", activities.occurrence_detail, name="occurrence_detail"),
    path("keren/<int:pk>/rooster/", rota.shift_add, name="shift_add"),
    path("keren/<int:pk>/aanmelden/", signups.signup_add, name="signup_add"),
    path("keren/<int:pk>/aanwezigheid/", signups.attendance, name="attendance"),
    path("keren/<int:pk>/rit/", rides.ride_request_add, name="ride_request_add"),
    path("keren/<int:pk>/ritten-koppelen/", rides.rides_propose, name="rides_propose"),
    path("diensten/<int:pk>/verwijderen/", rota.shift_remove, name="shift_remove"),
    path("diensten/<int:pk>/teruggeven/", rota.shift_give_back, name="shift_give_back"),
    path("diensten/<int:pk>/ruilen/", rota.shift_swap, name="shift_swap"),
    path("diensten/<int:pk>/signaal/", rota.shift_pass_on_signal, name="shift_pass_on_signal"),
    path("initiatieven/<int:pk>/rooster/", rota.rota_overview, name="rota_overview"),
    path("vaste-roosters/<int:pk>/stoppen/", rota.rota_pattern_stop, name="rota_pattern_stop"),
    path("ritten/<int:pk>/", rides.ride_detail, name="ride_detail"),
    path("chauffeurs/<int:pk>/wijzigen/", rides.driver_offer_edit, name="driver_offer_edit"),
    path("mijn-diensten/", rota.my_shifts, name="my_shifts"),
    path("aanmeldingen/", public.registration_list, name="registration_list"),
    path("aanmeldingen/<int:pk>/", public.registration_detail, name="registration_detail"),
    path("meedoen/", reconnect.reconnect_list, name="reconnect_list"),
    path("meedoen/<int:pk>/", reconnect.reconnect_detail, name="reconnect_detail"),
    path(
        "meedoen/<int:pk>/rit/<int:occurrence_pk>/",
        reconnect.ride_arrange,
        name="ride_arrange",
    ),
    path("ritten/<int:pk>/zelf-rijden/", rides.ride_drive_myself, name="ride_drive_myself"),
    # Public pages last: a neighbourhood code never shadows the pages above.
    path("<slug:code>/", public.public_neighbourhood, name="public_neighbourhood"),
    path("<slug:code>/bedankt/", public.public_thanks, name="public_thanks"),
    path("<slug:code>/agenda.ics", public.public_ical, name="public_ical"),
    path("<slug:code>/aanmelden/<int:pk>/", public.public_signup, name="public_signup"),
    path(
        "<slug:code>/aangemeld/<str:token>/", public.public_signup_done, name="public_signup_done"
    ),
    path(
        "<slug:code>/afmelden/<str:token>/",
        public.public_signup_cancel,
        name="public_signup_cancel",
    ),
]
