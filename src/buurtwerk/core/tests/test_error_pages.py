"""Errors outside DEBUG look like the app, speak Dutch and need no database to show."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import DatabaseError
from django.test import Client, RequestFactory
from django.utils.functional import SimpleLazyObject

from buurtwerk.core import views

pytestmark = pytest.mark.django_db


def _unreachable_user() -> None:
    raise AssertionError("an error page must not look up the user")


def _looks_like_the_app(page: str) -> None:
    assert '<html lang="nl">' in page
    assert 'class="brand"' in page and "buurtwerk.css" in page
    assert 'href="/"' in page and "Terug naar het overzicht" in page
    assert "Traceback" not in page and "Django" not in page


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        (views.bad_request, 400, "Dit lukt niet"),
        (views.permission_denied, 403, "Geen toegang"),
        (views.page_not_found, 404, "Niet gevonden"),
        (views.csrf_failure, 403, "Het formulier is verlopen"),
    ],
)
def test_each_error_page_renders_without_a_database_query(
    handler, status: int, heading: str, django_assert_num_queries
) -> None:
    request = RequestFactory().get("/ergens/")
    request.user = SimpleLazyObject(_unreachable_user)
    with django_assert_num_queries(0):
        response = handler(request, Exception("geheim"))
    assert response.status_code == status
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert "geheim" not in page
    _looks_like_the_app(page)


def test_the_server_error_page_renders_without_a_database_query(django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = SimpleLazyObject(_unreachable_user)
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    assert "<h1>Er ging iets mis</h1>" in response.content.decode()
    _looks_like_the_app(response.content.decode())


def test_a_missing_page_answers_the_dutch_404(client, personas, settings) -> None:
    assert settings.DEBUG is False
    client.force_login(personas.fatima)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "<h1>Niet gevonden</h1>" in response.content.decode()
    _looks_like_the_app(response.content.decode())


@pytest.mark.parametrize(
    ("error", "status", "heading"),
    [
        (DatabaseError("server closed the connection"), 500, "Er ging iets mis"),
        (PermissionDenied(), 403, "Geen toegang"),
        (SuspiciousOperation("rare kop"), 400, "Dit lukt niet"),
    ],
)
def test_a_failing_view_answers_the_dutch_page(
    personas, monkeypatch, error: Exception, status: int, heading: str
) -> None:
    def broken(user):
        raise error

    client = Client(raise_request_exception=False)
    client.force_login(personas.fatima)
    monkeypatch.setattr("buurtwerk.core.views.panels_for", broken)
    response = client.get("/")
    assert response.status_code == status
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert "server closed" not in page and "rare kop" not in page
    _looks_like_the_app(page)


def test_a_post_without_csrf_token_gets_the_dutch_page(personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.fatima)
    response = client.post("/uitloggen/")
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.content.decode()
