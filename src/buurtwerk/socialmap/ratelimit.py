"""Rate limits for the vraagbaak search: enough for a coffee morning, not for scraping."""

from __future__ import annotations

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

SEARCH_RATE = "60/m"


def search_rate_exceeded(request: HttpRequest) -> bool:
    """True when this user (or address, when signed out) searched too often just now."""
    return is_ratelimited(
        request, group="socialmap.vraagbaak", key="user_or_ip", rate=SEARCH_RATE, increment=True
    )
