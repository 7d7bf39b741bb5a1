"""Optional read replica: reads go to `replica`, writes to `default` (the primary).

Active only when DATABASE_REPLICA_URL is set (see settings/services.py). A replica lags the
primary by a moment, so reads that must see the latest write stay on the primary:

- everything inside a transaction (the audit chain, actions that read and then write);
- sessions, tokens, the task queue and the task schedule (written and read back at once);
- the rest of a request that writes (POST and the like) and, through a short-lived cookie,
  the requests right after it, so a user always sees their own change after a redirect;
- background workers (`buurtwerk worker` runs inside `primary()`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA_ALIAS = "replica"
PIN_COOKIE = "bw_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
PRIMARY_ONLY_APPS = frozenset({"sessions", "authtoken", "django_tasks_db", "core"})

_pinned: ContextVar[bool] = ContextVar("buurtwerk_primary_pinned", default=False)


def replica_configured() -> bool:
    return REPLICA_ALIAS in settings.DATABASES


@contextmanager
def primary() -> Iterator[None]:
    """Reads inside this block go to the primary."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReplicaRouter:
    """Django database router for one primary and one read replica."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if not replica_configured():
            return None
        if _pinned.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReplicaPinningMiddleware:
    """Pins a writing request, and the requests shortly after it, to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        writes = request.method not in SAFE_METHODS
        token = _pinned.set(writes or PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writes:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response
