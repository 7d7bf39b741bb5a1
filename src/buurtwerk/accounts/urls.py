from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("tweestap/", views.two_factor_verify, name="two_factor_verify"),
    path("tweestap/instellen/", views.two_factor_setup, name="two_factor_setup"),
]
