from django.http import HttpRequest

from .navigation import menu_groups_for


def navigation(request: HttpRequest) -> dict[str, object]:
    return {"menu": menu_groups_for(request.user) if hasattr(request, "user") else []}
