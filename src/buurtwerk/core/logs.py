"""Keep personal data out of the application log.

Django logs the path of every 4xx/5xx answer ("Not Found: /bewoners/Jan Smit/") and the
development server logs every request line with its query string. A path can carry whatever
someone typed, so these filters log only what our own URL patterns make of it: the literal
parts and numeric ids. Everything else becomes "…"; query strings are dropped.
"""

from __future__ import annotations

import logging

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
