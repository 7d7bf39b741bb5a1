"""Structured logs and error reports: request id and user id, never a resident's or user's name."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from django.http import HttpRequest, HttpResponse
from django.urls import path
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from buurtwerk.core.errorreporting import init_error_reporting
from buurtwerk.core.logs import JsonFormatter, RequestContextFilter

PERSONA_NAMES = ("Jan", "Smit", "Fatima", "fatima", "Marie", "Jansen")


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    loggers = [logging.getLogger("buurtwerk.request"), logging.getLogger("django.request")]
    for logger in loggers:
        logger.addHandler(handler)
    yield stream
    for logger in loggers:
        logger.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.django_db
def test_a_request_logs_a_json_line_with_request_and_user_id_and_no_names(
    client, personas, json_log
) -> None:
    client.force_login(personas.fatima)
    response = client.get(f"/bewoners/{personas.jan.pk}/")
    assert response.status_code == 200
    client.get("/bewoners/Jan Smit/", HTTP_X_REQUEST_ID="proxy-request-0001")
    first, second = [line for line in lines(json_log) if line["logger"] == "buurtwerk.request"]
    assert first["user_id"] == personas.fatima.pk and len(first["request_id"]) == 32
    assert first["request_id"] == response["X-Request-ID"]
    assert first["method"] == "GET" and first["status"] == 200
    assert first["path"] == f"/bewoners/{personas.jan.pk}/"
    assert second["request_id"] == "proxy-request-0001"
    assert not any(name in json_log.getvalue() for name in PERSONA_NAMES)


def test_a_request_id_that_could_carry_something_else_is_replaced(client, json_log) -> None:
    response = client.get("/gezond/live/", HTTP_X_REQUEST_ID="Jan Smit woont hier")
    assert response["X-Request-ID"] != "Jan Smit woont hier"
    [line] = lines(json_log)
    assert line["request_id"] == response["X-Request-ID"] and line["user_id"] is None


# --- Error reporting -------------------------------------------------------------------------


class FakeTransport(Transport):
    """Keeps what would be sent, instead of sending it."""

    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        self.envelopes: list[Envelope] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        self.envelopes.append(envelope)


def failing_view(request: HttpRequest, name: str) -> HttpResponse:
    raise RuntimeError("kapot")


urlpatterns = [path("kapot/<str:name>/", failing_view)]


@pytest.fixture
def reported() -> Iterator[FakeTransport]:
    transport = FakeTransport()
    init_error_reporting("https://public@errors.invalid/1", environment="test", transport=transport)
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.init()


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_error_report_carries_no_request_data_and_only_the_user_id(personas, reported) -> None:
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(personas.fatima)
    response = client.post(
        "/kapot/Jan Smit/?q=Marie+Jansen", {"name": "Jan Smit"}, HTTP_X_NAME="Fatima"
    )
    assert response.status_code == 500
    sentry_sdk.flush()
    events = [
        item.payload.json
        for env in reported.envelopes
        for item in env.items
        if item.type == "event"
    ]
    assert len(events) == 1
    event = events[0]
    assert event["exception"]["values"][0]["value"] == "kapot"
    assert set(event.get("request", {})) <= {"method", "url"}
    assert event["user"] == {"id": str(personas.fatima.pk)}
    assert len(event["tags"]["request_id"]) == 32
    assert "breadcrumbs" not in event or not event["breadcrumbs"]
    sent = json.dumps(event)
    assert not any(name in sent for name in PERSONA_NAMES)
