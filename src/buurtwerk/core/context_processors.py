from django.http import HttpRequest

from .navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, object]:
    return {"menu": menu_for(request.user) if hasattr(request, "user") else []}
