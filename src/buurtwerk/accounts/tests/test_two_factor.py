"""Two-factor login: professionals confirm a TOTP code after the password; volunteers do not."""

from __future__ import annotations

import base64

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from buurtwerk.accounts.twofactor import (
    DEMO_TOTP_SECRET,
    current_demo_code,
    demo_device,
    requires_two_factor,
)
from buurtwerk.audit.models import AuditEntry
from buurtwerk.core.permissions import Role
from buurtwerk.core.testing import PERSONA_PASSWORD
from buurtwerk.core.tests.routes import route_paths

from .factories import confirmed_device, current_code, enable_security

pytestmark = pytest.mark.django_db

VERIFY = "/account/tweestap/"
SETUP = "/account/tweestap/instellen/"


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    enable_security(settings)
    cache.clear()


def _login_with_password(client, user) -> None:
    response = client.post(
        reverse("login"), {"username": user.username, "password": PERSONA_PASSWORD}
    )
    assert response.status_code == 302


def test_every_role_but_volunteer_needs_two_factor(personas) -> None:
    for role, user in personas.by_role().items():
        assert requires_two_factor(user) is (role != Role.VOLUNTEER)


def test_two_factor_is_not_required_when_the_setting_is_off(settings, personas) -> None:
    settings.BUURTWERK_REQUIRE_2FA = False
    assert not requires_two_factor(personas.fatima)


@pytest.mark.parametrize("method", ["get", "post"])
def test_unverified_professional_reaches_only_the_two_factor_step(client, personas, method):
    confirmed_device(personas.fatima)
    _login_with_password(client, personas.fatima)
    exempt = {"login", "logout", "two_factor_verify", "two_factor_setup", "health"}
    checked = 0
    for path, pattern in route_paths():
        if pattern.name in exempt:
            continue
        response = getattr(client, method)(path)
        if path.startswith("/api/"):
            assert response.status_code == 403, path
            assert "tweestapsverificatie" in response.json()["detail"], path
        else:
            assert response.status_code == 302, path
            assert response["Location"].startswith(VERIFY + "?next="), path
        checked += 1
    assert checked >= 15


def test_professional_without_a_device_is_sent_to_enrolment(client, personas) -> None:
    _login_with_password(client, personas.ingrid)
    response = client.get("/bewoners/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)


def test_enrolment_shows_an_inline_qr_code_and_confirms_the_app(client, personas) -> None:
    _login_with_password(client, personas.ingrid)
    page = client.get(SETUP)
    content = page.content.decode()
    assert page.status_code == 200 and "<svg" in content and "<img" not in content
    device = TOTPDevice.objects.get(user=personas.ingrid, confirmed=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert secret[:4] in content
    response = client.post(SETUP, {"code": current_code(device), "next": "/bewoners/"})
    assert response.status_code == 302 and response["Location"] == "/bewoners/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/bewoners/").status_code == 200
    assert AuditEntry.objects.filter(
        actor=personas.ingrid, purpose="tweestapsverificatie ingesteld"
    ).exists()


def test_a_wrong_enrolment_code_confirms_nothing(client, personas) -> None:
    _login_with_password(client, personas.ingrid)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200 and "Deze code klopt niet" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=personas.ingrid, confirmed=True).exists()


def test_someone_with_only_the_password_cannot_enrol_a_second_app(client, personas) -> None:
    confirmed_device(personas.fatima)
    _login_with_password(client, personas.fatima)
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=personas.fatima).count() == 1


def test_verification_with_the_right_code_opens_the_application(client, personas) -> None:
    device = confirmed_device(personas.fatima)
    _login_with_password(client, personas.fatima)
    session_before = client.session.session_key
    response = client.post(VERIFY, {"code": current_code(device), "next": "/bewoners/"})
    assert response.status_code == 302 and response["Location"] == "/bewoners/"
    assert client.session.session_key != session_before
    assert client.get("/bewoners/").status_code == 200
    assert client.get("/api/v1/residents").status_code == 200


def test_a_wrong_code_is_refused_in_dutch_and_audited(client, personas) -> None:
    confirmed_device(personas.fatima)
    _login_with_password(client, personas.fatima)
    response = client.post(VERIFY, {"code": "12345"})
    assert "Vul de zes cijfers uit uw app in" in response.content.decode()
    response = client.post(VERIFY, {"code": "000000"})
    assert "Deze code klopt niet" in response.content.decode()
    assert client.get("/bewoners/").status_code == 302
    assert AuditEntry.objects.filter(
        actor=personas.fatima, verb="login_failed", purpose="tweestapsverificatie mislukt"
    ).exists()


def test_verification_never_redirects_to_another_site(client, personas) -> None:
    device = confirmed_device(personas.fatima)
    _login_with_password(client, personas.fatima)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_volunteer_logs_in_with_a_password_only(client, personas) -> None:
    _login_with_password(client, personas.henk)
    assert client.get("/bewoners/").status_code == 200


def test_token_api_requires_an_enrolled_professional(personas) -> None:
    api = APIClient()
    token = Token.objects.create(user=personas.fatima)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/residents")
    assert response.status_code in {401, 403}
    assert "tweestapsverificatie" in response.json()["detail"]
    confirmed_device(personas.fatima)
    assert api.get("/api/v1/residents").status_code == 200


def test_an_old_api_token_has_expired(settings, personas) -> None:
    from datetime import timedelta

    from django.utils import timezone

    confirmed_device(personas.fatima)
    token = Token.objects.create(user=personas.fatima)
    age = timedelta(days=settings.BUURTWERK_API_TOKEN_MAX_AGE_DAYS + 1)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - age)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/residents")
    assert response.status_code in {401, 403} and "verlopen" in response.json()["detail"]


def test_repeated_wrong_codes_are_slowed_down(client, personas) -> None:
    device = confirmed_device(personas.fatima)
    _login_with_password(client, personas.fatima)
    for _attempt in range(3):
        client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": current_code(device)})
    assert response.status_code == 200
    assert "Te veel verkeerde codes" in response.content.decode()


def test_demo_accounts_share_the_published_secret(personas) -> None:
    device = demo_device(personas.ingrid)
    assert device.confirmed
    assert base64.b32encode(device.bin_key).decode() == DEMO_TOTP_SECRET
    assert device.verify_token(current_demo_code())


def test_administrator_resets_a_lost_phone_from_the_command_line(personas) -> None:
    from django.core.management import call_command

    confirmed_device(personas.fatima)
    call_command("twofactor_reset", "fatima")
    assert not TOTPDevice.objects.filter(user=personas.fatima).exists()
    assert AuditEntry.objects.filter(purpose="tweestapsverificatie hersteld").exists()


def test_democode_prints_the_code_of_the_published_demo_key(capsys) -> None:
    from django.core.management import call_command

    call_command("democode")
    output = capsys.readouterr().out
    assert current_demo_code() in output and DEMO_TOTP_SECRET in output


def test_the_demo_gives_every_professional_the_demo_key_and_volunteers_none() -> None:
    import random

    from buurtwerk.accounts.models import User
    from buurtwerk.core.demo import DemoContext
    from buurtwerk.people import demo

    demo.populate(DemoContext(rng=random.Random(1)), resident_count=5)
    for username, role, *_rest in demo.DEMO_USERS:
        devices = TOTPDevice.objects.filter(user__username=username, confirmed=True)
        if role == Role.VOLUNTEER:
            assert not devices.exists(), username
        else:
            assert devices.get().verify_token(current_demo_code()), username
    assert User.objects.filter(username__in=[u[0] for u in demo.DEMO_USERS]).count() == 11


def test_the_two_factor_pages_show_no_menu(client, personas) -> None:
    _login_with_password(client, personas.ingrid)
    page = client.get(SETUP).content.decode()
    assert 'href="/bewoners/"' not in page and "Uitloggen" in page
