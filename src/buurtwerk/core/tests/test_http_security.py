"""HTTP hardening: security headers, CSRF on every form and API write, `check --deploy`."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from buurtwerk.core.tests.routes import route_paths

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {parts[0]: parts[1] if len(parts) > 1 else "" for parts in directives}


def test_pages_carry_a_strict_content_security_policy(client, personas) -> None:
    client.force_login(personas.fatima)
    for path in ("/", "/bewoners/", f"/bewoners/{personas.jan.pk}/", reverse("login")):
        response = client.get(path)
        policy = _csp(response)
        assert "unsafe-inline" not in response["Content-Security-Policy"], path
        assert "unsafe-eval" not in response["Content-Security-Policy"], path
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"


def test_pages_forbid_framing_sniffing_and_leaking_referrers(client, personas) -> None:
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_with_personal_data_are_never_cached(client, personas) -> None:
    client.force_login(personas.fatima)
    for path in ("/bewoners/", f"/bewoners/{personas.jan.pk}/", "/api/v1/residents"):
        assert client.get(path)["Cache-Control"] == "no-store", path


def test_forms_refuse_a_post_without_csrf_token(personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.fatima)
    response = client.post(f"/bewoners/{personas.jan.pk}/wijzigen/", {"name": "Gekaapt"})
    assert response.status_code == 403
    personas.jan.refresh_from_db()
    assert personas.jan.name == "Jan Smit"


def test_api_with_a_session_refuses_a_write_without_csrf_token(personas) -> None:
    from rest_framework.test import APIClient

    api = APIClient(enforce_csrf_checks=True)
    api.force_login(personas.fatima)
    response = api.patch(f"/api/v1/residents/{personas.jan.pk}", {"name": "Gekaapt"}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


def test_no_page_outside_the_api_is_exempt_from_csrf() -> None:
    """DRF marks its views exempt and checks CSRF itself for session users (tested above)."""
    exempt = [
        path
        for path, pattern in route_paths()
        if getattr(pattern.callback, "csrf_exempt", False) and not path.startswith("/api/")
    ]
    assert exempt == []


TEMPLATE_RULES = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "htmx eval (hx-on, js:)": re.compile(r"hx-on|hx-vals=['\"]js:", re.IGNORECASE),
}


def _project_templates() -> list[Path]:
    templates: list[Path] = []
    for app in django_settings.LOCAL_APPS:
        folder = Path(apps.get_app_config(app.rsplit(".", 1)[1]).path) / "templates"
        templates += sorted(folder.rglob("*.html"))
    return templates


def test_no_template_has_inline_script_or_style() -> None:
    """The CSP would block them in the browser; this finds them before anyone opens the page."""
    templates = _project_templates()
    assert len(templates) > 10
    offences = [
        f"{template.name}: {rule}"
        for template in templates
        for rule, pattern in TEMPLATE_RULES.items()
        if pattern.search(template.read_text(encoding="utf-8"))
    ]
    assert offences == []


def test_the_template_scan_recognises_what_it_forbids() -> None:
    samples = {
        "inline script": "<script>alert(1)</script>",
        "style element": "<style>p{}</style>",
        "style attribute": '<p style="color:red">',
        "event handler attribute": '<img src="x" onerror="go()">',
        "javascript: URL": '<a href="javascript:go()">',
        "htmx eval (hx-on, js:)": '<button hx-on:click="go()">',
    }
    for rule, sample in samples.items():
        assert TEMPLATE_RULES[rule].search(sample), rule
    assert not TEMPLATE_RULES["inline script"].search('<script src="/static/x.js" defer></script>')


def _production_env() -> dict[str, str]:
    """The environment of a production server: settings and secrets, nothing from the tests
    (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which the deploy check rightly refuses)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "buurtwerk.settings.production",
        "BUURTWERK_SECRET_KEY": secrets.token_urlsafe(50),
        "BUURTWERK_AUDIT_KEY": secrets.token_urlsafe(32),
        "BUURTWERK_ALLOWED_HOSTS": "buurtwerk.example.nl",
    }
    for test_only in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(test_only, None)
    return env


def test_production_settings_pass_the_deploy_check() -> None:
    env = _production_env()
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_https_only_with_hsts() -> None:
    env = _production_env()
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME, s.DEBUG, s.BUURTWERK_REQUIRE_2FA)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    hsts, redirect, session_secure, csrf_secure, cookie, debug, two_factor = result.stdout.split()
    assert int(hsts) >= 31536000 and redirect == session_secure == csrf_secure == "True"
    assert cookie.startswith("__Host-") and debug == "False" and two_factor == "True"


@pytest.mark.parametrize("secret", ["BUURTWERK_SECRET_KEY", "BUURTWERK_AUDIT_KEY"])
def test_production_refuses_to_start_without_its_secrets(secret: str) -> None:
    env = _production_env()
    env.pop(secret)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and secret in result.stderr
