"""Rate limits for the vraagbaak search: enough for a coffee morning, not for scraping."""

from __future__ import annotations

from django.http import HttpRequest

from buurtwerk.core.ratelimits import hit, user_or_ip


def search_rate_exceeded(request: HttpRequest) -> bool:
    """True when this user (or address, when signed out) searched too often just now."""
    allowed, _retry_after = hit("search", user_or_ip(request))
    return not allowed
