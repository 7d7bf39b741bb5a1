"""Root URLs: each domain app's urls.py under its own prefix, its api.py under /api/v1/."""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from buurtwerk.accounts.forms import LoginForm
from buurtwerk.core.admin import back_office
from buurtwerk.core.ratelimits import rate_limit
from buurtwerk.core.views import ApiDocsView

APP_PREFIXES = {
    "buurtwerk.core": "",
    "buurtwerk.accounts": "account/",
    "buurtwerk.audit": "audit/",
    "buurtwerk.people": "bewoners/",
    "buurtwerk.matching": "koppelen/",
    "buurtwerk.socialmap": "sociale-kaart/",
    "buurtwerk.casework": "casuistiek/",
    "buurtwerk.community": "buurt/",
    "buurtwerk.insight": "inzicht/",
}


def _has_module(app: str, module: str) -> bool:
    return find_spec(f"{app}.{module}") is not None


api_router = DefaultRouter(trailing_slash=False)
api_extra_patterns: list[Any] = []
for app in settings.LOCAL_APPS:
    if _has_module(app, "api"):
        api_module = import_module(f"{app}.api")
        for prefix, viewset, basename in getattr(api_module, "ROUTES", []):
            api_router.register(prefix, viewset, basename=basename)
        api_extra_patterns += getattr(api_module, "URLPATTERNS", [])

urlpatterns = [
    path(
        "inloggen/",
        rate_limit("login", methods=("POST",))(
            auth_views.LoginView.as_view(authentication_form=LoginForm)
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("beheer/", back_office.urls),
    path("taal/", include("django.conf.urls.i18n")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", ApiDocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include(api_extra_patterns)),
    path("api/v1/", include(api_router.urls)),
]
for app in settings.LOCAL_APPS:
    if _has_module(app, "urls"):
        urlpatterns.append(path(APP_PREFIXES[app], include(f"{app}.urls")))

handler400 = "buurtwerk.core.views.bad_request"
handler403 = "buurtwerk.core.views.permission_denied"
handler404 = "buurtwerk.core.views.page_not_found"
handler500 = "buurtwerk.core.views.server_error"
