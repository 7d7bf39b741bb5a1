"""Structured logs without personal data.

Django logs the path of every 4xx/5xx answer ("Not Found: /bewoners/Jan Smit/") and the
development server logs every request line with its query string. A path can carry whatever
someone typed, so these filters log only what our own URL patterns make of it: the literal
parts and numeric ids. Everything else becomes "…"; query strings are dropped.

`JsonFormatter` writes one JSON object per line with the request id and the user's id (never a
name), which `RequestLogMiddleware` and `RequestContextFilter` supply.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

REDACTED = "…"
UNKNOWN_PATH = "/[onbekend pad]"


def redact_path(path: str) -> str:
    path = path.split("?", 1)[0]
    try:
        match = resolve(path)
    except Resolver404:
        return UNKNOWN_PATH
    for value in match.kwargs.values():
        text = str(value)
        if text and not text.isdigit():
            path = path.replace(text, REDACTED)
    return path


def _redact_request_line(line: str) -> str:
    parts = line.split(" ")
    if len(parts) == 3 and parts[1].startswith("/"):
        return " ".join((parts[0], redact_path(parts[1]), parts[2]))
    return line


class RedactRequestPaths(logging.Filter):
    """For django.request and django.server: paths and request lines without personal data."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self._redact(arg) for arg in record.args)
        return True

    @staticmethod
    def _redact(arg: object) -> object:
        if not isinstance(arg, str):
            return arg
        if arg.startswith("/"):
            return redact_path(arg)
        if " /" in arg and arg.split(" ", 1)[0].isupper():
            return _redact_request_line(arg)
        return arg


# --- Structured logs -------------------------------------------------------------------------

_request_id: ContextVar[str] = ContextVar("request_id", default="")
_user_id: ContextVar[int | None] = ContextVar("user_id", default=None)
# A request id from the proxy is kept only when it cannot carry anything else.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
}
access_log = logging.getLogger("buurtwerk.request")


def current_request_context() -> tuple[str, int | None]:
    """The id of the request being handled and of its user ("" and None outside a request)."""
    return _request_id.get(), _user_id.get()


class RequestContextFilter(logging.Filter):
    """Adds the request id and the user's id (a number, never a name) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        record.user_id = _user_id.get()
        return True


def _is_plain(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, user id, and the
    `extra` fields a call passes."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
            "user_id": getattr(record, "user_id", None),
        }
        for name, value in vars(record).items():
            # Plain values only: Django adds the request object, whose text has the query string.
            if name not in _STANDARD_ATTRIBUTES and name not in entry and _is_plain(value):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class RequestLogMiddleware:
    """Gives each request an id (X-Request-ID, also in the answer) and logs one line per request:
    method, the path without what someone typed in it, status and duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        user = getattr(request, "user", None)
        tokens = (
            _request_id.set(request_id),
            _user_id.set(user.pk if user is not None and user.is_authenticated else None),
        )
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            access_log.info(
                "%s %s %s",
                request.method,
                redact_path(request.path),
                response.status_code,
                extra={
                    "method": request.method,
                    "path": redact_path(request.path),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request_id.reset(tokens[0])
            _user_id.reset(tokens[1])
