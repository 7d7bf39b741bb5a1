"""Response headers that keep personal data out of caches and limit browser features, and the
refusal of NUL characters in requests."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"


class PrivateResponseMiddleware:
    """Pages for a logged-in user may hold personal data: no browser or proxy may store them.

    Static files are served before this middleware and stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


NUL_MESSAGE = "Het verzoek bevat een NUL-teken (\\u0000); dat kan niet worden verwerkt."
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(request: HttpRequest) -> bool:
    fields = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        fields.append(request.POST)
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for query in fields
        for key, values in query.lists()
    )


class RefuseNulMiddleware:
    """A NUL character in the path, the query string or a form field answers 400.

    PostgreSQL can neither store nor compare text with NUL, so it would fail deep in a query
    with a 500. JSON bodies are checked by the API's parser (core.rest.SafeJSONParser).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            if request.path.startswith("/api/v1/open311/"):
                return JsonResponse(
                    [{"code": 400, "description": NUL_MESSAGE}], safe=False, status=400
                )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
