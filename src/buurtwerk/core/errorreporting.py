"""Optional error reporting to Sentry (or a compatible service such as GlitchTip).

Off unless BUURTWERK_SENTRY_DSN is set. What leaves the server is scrubbed: no request body,
cookies, headers or query string; the path without what someone typed in it; of the user only
their id; no local variables and no breadcrumbs (log lines and queries may carry names).
"""

from __future__ import annotations

from typing import Any


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """`before_send`: keep what helps to find the bug, drop what may identify a resident. The
    request id and user id tie the report to the JSON log lines of the same request."""
    from .logs import current_request_context, redact_path

    request = event.pop("request", None) or {}
    kept: dict[str, Any] = {}
    if request.get("method"):
        kept["method"] = request["method"]
    scheme, _, rest = str(request.get("url", "")).partition("://")
    if rest:
        host, _, path = rest.partition("/")
        kept["url"] = f"{scheme}://{host}{redact_path('/' + path)}"
    if kept:
        event["request"] = kept
    request_id, user_id = current_request_context()
    event.pop("user", None)
    if user_id is not None:
        event["user"] = {"id": str(user_id)}
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    event.pop("breadcrumbs", None)
    event.pop("extra", None)
    return event


def init_error_reporting(dsn: str, *, environment: str, transport: Any = None) -> None:
    """Start sentry-sdk with personal data off; `transport` is for tests."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    options: dict[str, Any] = {
        "dsn": dsn,
        "environment": environment,
        "integrations": [DjangoIntegration()],
        "send_default_pii": False,
        "include_local_variables": False,
        "max_breadcrumbs": 0,
        "before_send": scrub_event,
    }
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(**options)
