from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("gezond/", views.health, name="health"),
    path("gezond/live/", views.live, name="live"),
    path("gezond/klaar/", views.ready, name="ready"),
]
