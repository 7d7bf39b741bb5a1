"""Rate limits for the login, searches, public pages and the API.

A limit is a budget of requests per client per period, written "10/5m" (ten per five minutes).
Counts live in the cache under a hash of the client key, so no IP address or username is
stored in clear. Views use the `rate_limit` decorator::

    @rate_limit("search")
    def vraagbaak(request): ...

and the API uses `ApiRateThrottle` (set in REST_FRAMEWORK) or another `BucketThrottle` (the
public Open311 intake). Budgets are set per bucket in `BUURTWERK_RATE_LIMITS`;
`BUURTWERK_RATE_LIMITS_ENABLED = False` switches all of them off.

The client's address is REMOTE_ADDR, unless BUURTWERK_TRUSTED_PROXY_COUNT says how many
proxies of our own stand in front of the application (see `client_ip`).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import time
from collections.abc import Callable, Collection
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

# "10/5m", and DRF's spelling "20/hour" too.
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day|[smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

KeyFunction = Callable[[HttpRequest], str]


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/5m' -> (10, 300): the number of requests and the period in seconds."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"Invalid rate {rate!r}: use N/period such as 10/m or 100/5m")
    count, multiple, unit = match.groups()
    period = int(multiple or 1) * _UNIT_SECONDS[unit[0]]
    if period == 0:
        raise ValueError(f"Invalid rate {rate!r}: the period must be longer than zero")
    return int(count), period


def client_ip(request: Any) -> str:
    """The client's address: REMOTE_ADDR, or the one our own proxies passed on.

    Anyone can send X-Forwarded-For, so it is ignored unless BUURTWERK_TRUSTED_PROXY_COUNT
    says how many proxies of our own stand in front. Each proxy appends the address it got
    the request from; the client is the entry the outermost trusted proxy wrote, counted from
    the right. Entries further left came from the client and may be made up.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "BUURTWERK_TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


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


def token_authenticates(request: HttpRequest) -> bool:
    """True when the request's Authorization header logs in through an API authenticator.

    The header alone proves nothing: anyone can send one to skip the public budget.
    """
    # DRF imports the dotted names in the settings; the stubs still type them as strings.
    authenticators = cast(
        "list[type[BaseAuthentication]]", api_settings.DEFAULT_AUTHENTICATION_CLASSES
    )
    for authenticator in authenticators:
        if issubclass(authenticator, SessionAuthentication):
            continue
        try:
            if authenticator().authenticate(Request(request)) is not None:
                return True
        except APIException:
            return False
    return False


class PublicRateLimitMiddleware:
    """Every request without a logged-in user (login page, health check, schema, public pages)
    counts towards the 'public' budget of its address. A valid API token is left to the API
    throttle; static files never reach this far (WhiteNoise answers them first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.counts(request):
            allowed, retry_after = hit("public", f"ip:{client_ip(request)}")
            if not allowed:
                return too_many_requests(request, retry_after)
        return self.get_response(request)

    @staticmethod
    def counts(request: HttpRequest) -> bool:
        if not limits_enabled() or request.user.is_authenticated:
            return False
        return "HTTP_AUTHORIZATION" not in request.META or not token_authenticates(request)


def rate_exceeded(bucket: str, request: HttpRequest) -> bool:
    """Count this request of its user (address when signed out): True once over budget."""
    allowed, _retry_after = hit(bucket, user_or_ip(request))
    return not allowed


class BucketThrottle(BaseThrottle):
    """DRF throttle on one bucket's budget, per user (per address for anonymous calls).

    Reads the budget at request time, unlike DRF's own throttles, so settings overrides apply.
    """

    bucket = "api"

    def __init__(self) -> None:
        self.retry_after = 0

    def allow_request(self, request: Any, view: Any) -> bool:
        allowed, self.retry_after = hit(self.bucket, user_or_ip(request))
        return allowed

    def wait(self) -> float | None:
        return float(self.retry_after)


class ApiRateThrottle(BucketThrottle):
    """The default for every API view: the 'api' budget."""

    bucket = "api"
