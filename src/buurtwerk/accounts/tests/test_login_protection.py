"""Password guessing is stopped: lockout per account and address, rate limits, idle timeout."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from buurtwerk.accounts.middleware import LAST_SEEN_KEY
from buurtwerk.core.testing import PERSONA_PASSWORD

from .factories import enable_security

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def protections_on(settings):
    enable_security(settings)
    settings.BUURTWERK_REQUIRE_2FA = False
    cache.clear()


def _login(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_with_a_dutch_message(client, settings, personas):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "henk", "verkeerd-wachtwoord")
        assert response.status_code in {200, 429}
    response = _login(client, "henk", PERSONA_PASSWORD)
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in response.content.decode()
    assert client.get("/bewoners/").status_code == 302


def test_lockout_is_per_account_and_address_so_others_can_still_log_in(client, settings, personas):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "henk", "verkeerd-wachtwoord")
    response = _login(client, "fatima", PERSONA_PASSWORD)
    assert response.status_code == 302


def test_a_good_login_resets_the_failure_count(client, settings, personas) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "henk", "verkeerd-wachtwoord")
    assert _login(client, "henk", PERSONA_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "henk", "verkeerd-wachtwoord")
    assert _login(client, "henk", PERSONA_PASSWORD).status_code == 302


def test_the_login_form_is_rate_limited_per_address(client, settings, personas) -> None:
    settings.BUURTWERK_RATE_LIMITS = {**settings.BUURTWERK_RATE_LIMITS, "login": "3/5m"}
    for number in range(3):
        assert _login(client, f"niemand{number}", "verkeerd-wachtwoord").status_code == 200
    response = _login(client, "fatima", PERSONA_PASSWORD)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "te vaak achter elkaar" in response.content.decode()
    assert client.get(reverse("login")).status_code == 200


def test_idle_session_is_logged_out_with_an_explanation(client, settings, personas) -> None:
    client.force_login(personas.fatima)
    assert client.get("/bewoners/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.BUURTWERK_SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/bewoners/", follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "een tijd niets heeft gedaan" in response.content.decode()
    assert client.get("/bewoners/").status_code == 302


def test_an_active_session_stays_open(client, settings, personas) -> None:
    client.force_login(personas.fatima)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.BUURTWERK_SESSION_IDLE_SECONDS + 60
    session.save()
    assert client.get("/bewoners/").status_code == 200
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 2


def test_idle_session_on_the_api_answers_401(client, settings, personas) -> None:
    client.force_login(personas.fatima)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.BUURTWERK_SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get("/api/v1/residents")
    assert response.status_code == 401 and "Log opnieuw in" in response.json()["detail"]
