from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularSwaggerSplitView

from .dashboard import panels_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", {"panels": panels_for(request.user)})


def live(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and the ceiling of the load benchmark: no database."""
    return HttpResponse("ok", content_type="text/plain")


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process runs and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _error_page(template: str, status: int) -> HttpResponse:
    """The base layout without the request: no user, no menu, so no database query that could
    fail again, and nothing of the request echoed back."""
    return HttpResponse(loader.render_to_string(template), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page("core/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page("core/403.html", 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error_page("core/403_csrf.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page("core/404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page("core/500.html", 500)


@method_decorator(csp_update({"img-src": ["data:"]}), name="dispatch")
class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI with its start script served as a file, so the CSP needs no inline script.

    Swagger UI's own stylesheet uses data: URLs for its icons.
    """

    template_name = "core/swagger_ui.html"
