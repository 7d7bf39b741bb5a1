"""A small fixed-window rate limit on Django's cache, for public forms without an account.

The client's address is hashed with the secret key before it is used as a cache key, so no
IP address is stored anywhere.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_fingerprint(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:32]


def hit(scope: str, request: HttpRequest, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; False once this client made more than `limit` in the window."""
    window = int(time.time() // window_seconds)
    key = f"throttle:{scope}:{client_fingerprint(request)}:{window}"
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window_seconds)
        return True
    return count <= limit
