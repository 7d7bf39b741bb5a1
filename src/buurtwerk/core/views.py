from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView

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


def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers, every migration of this release is applied and the cache
    works. During an upgrade a new process stays out of rotation until the migrations ran."""
    checks = {"database": False, "migrations": False, "cache": False}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = True
        executor = MigrationExecutor(connection)
        checks["migrations"] = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        pass
    try:
        cache.set("buurtwerk:ready", "1", 5)
        checks["cache"] = cache.get("buurtwerk:ready") == "1"
    except Exception:  # noqa: BLE001 - any cache failure means "not ready", never a 500
        checks["cache"] = False
    ready_now = all(checks.values())
    return JsonResponse(
        {"status": "ready" if ready_now else "not ready", "checks": checks},
        status=200 if ready_now else 503,
    )


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


@method_decorator(
    csp_update({"style-src": ["'unsafe-inline'"], "img-src": ["data:"], "worker-src": ["blob:"]}),
    name="dispatch",
)
class ApiDocsView(SpectacularRedocView):
    """Redoc, from drf-spectacular's sidecar: it passes axe where Swagger UI did not.

    Redoc writes its styles into the page at run time and searches in a worker it builds from a
    blob, so this page (which holds no personal data) allows inline styles and blob: workers.
    Its "by Redocly" logo comes from a CDN; the policy keeps blocking that, so no staff member's
    browser calls a third party.
    """

    template_name = "core/redoc.html"
