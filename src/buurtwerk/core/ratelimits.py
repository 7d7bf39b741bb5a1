"""Rate limits for the login, searches, public pages and the API.

A limit is a budget of requests per client per period, written "10/5m" (ten per five minutes).
Counts live in the cache under a hash of the client key, so no IP address or username is
stored in clear. Views use the `rate_limit` decorator::

    @rate_limit("search")
    def vraagbaak(request): ...

and the API uses `ApiRateThrottle` (set in REST_FRAMEWORK). Budgets are set per bucket in
`BUURTWERK_RATE_LIMITS`; `BUURTWERK_RATE_LIMITS_ENABLED = False` switches all of them off.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Callable, Collection
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

KeyFunction = Callable[[HttpRequest], str]


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/5m' -> (10, 300): the number of requests and the period in seconds."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"Invalid rate {rate!r}: use N/period such as 10/m or 100/5m")
    count, multiple, unit = match.groups()
    period = int(multiple or 1) * _UNIT_SECONDS[unit]
    if period == 0:
        raise ValueError(f"Invalid rate {rate!r}: the period must be longer than zero")
    return int(count), period


def client_ip(request: Any) -> str:
    """The client's address as the web server saw it.

    X-Forwarded-For is not trusted: anyone can send it. Behind a proxy, let the proxy set
    REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips), so both this and the lockout use it.
    """
    return str(request.META.get("REMOTE_ADDR", ""))


def user_or_ip(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def limits_enabled() -> bool:
    return bool(getattr(settings, "BUURTWERK_RATE_LIMITS_ENABLED", True))


def rate_for(bucket: str) -> tuple[int, int]:
    return parse_rate(settings.BUURTWERK_RATE_LIMITS[bucket])


def hit(bucket: str, key: str) -> tuple[bool, int]:
    """Count one request of `key` in `bucket`: (allowed, seconds until the window resets)."""
    if not limits_enabled():
        return True, 0
    limit, period = rate_for(bucket)
    window = int(time.time() // period)
    # Keyed with the secret key: an address cannot be recovered from the cache by trying them all.
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{bucket}:{key}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    cache_key = f"ratelimit:{bucket}:{window}:{digest}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        # Expired between add and incr: this request opens a new window.
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    retry_after = period - int(time.time()) % period
    return count <= limit, retry_after


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The answer once a budget is spent: Dutch, with Retry-After, JSON for API clients."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": "Te veel verzoeken. Wacht even en probeer het dan opnieuw."}, status=429
        )
    else:
        response = render(request, "core/429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(
    bucket: str,
    *,
    key: KeyFunction = user_or_ip,
    methods: Collection[str] | None = None,
) -> Callable[[Callable[..., HttpResponseBase]], Callable[..., HttpResponseBase]]:
    """Decorate a view: at most the bucket's budget of requests per client (user, else IP).

    `methods` limits counting to e.g. ("POST",) so that showing a form costs nothing.
    """
    rate_for(bucket)  # an unknown bucket or a malformed budget fails at import, not in use

    def decorator(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if methods is None or request.method in methods:
                allowed, retry_after = hit(bucket, key(request))
                if not allowed:
                    return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PublicRateLimitMiddleware:
    """Every request without a logged-in user (login page, health check, schema, public pages)
    counts towards the 'public' budget of its IP address. Token API calls are left to the
    API throttle, static files never reach this far (WhiteNoise answers them first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        anonymous = not request.user.is_authenticated
        if anonymous and "HTTP_AUTHORIZATION" not in request.META:
            allowed, retry_after = hit("public", f"ip:{client_ip(request)}")
            if not allowed:
                return too_many_requests(request, retry_after)
        return self.get_response(request)


class ApiRateThrottle(BaseThrottle):
    """DRF throttle on the 'api' budget, per user (per IP for anonymous calls).

    Reads the budget at request time, unlike DRF's own throttles, so settings overrides apply.
    """

    def __init__(self) -> None:
        self.retry_after = 0

    def allow_request(self, request: Any, view: Any) -> bool:
        allowed, self.retry_after = hit("api", user_or_ip(request))
        return allowed

    def wait(self) -> float | None:
        return float(self.retry_after)
