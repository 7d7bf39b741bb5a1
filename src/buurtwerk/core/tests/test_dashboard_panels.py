"""Every panel on every demo user's start page renders from its own figures."""

from __future__ import annotations

import pytest
from django.test import Client

from buurtwerk.accounts.models import User
from buurtwerk.core.demo import build_demo

pytestmark = pytest.mark.django_db

MISSING = "@@ontbreekt:%s@@"


def test_no_panel_reads_a_name_its_provider_did_not_give(settings) -> None:
    """A panel template reads its figures from `panel`; a bare name would print nothing."""
    settings.TEMPLATES = [
        {**engine, "OPTIONS": {**engine["OPTIONS"], "string_if_invalid": MISSING}}
        for engine in settings.TEMPLATES
    ]
    build_demo()
    client = Client()
    for user in User.objects.filter(is_active=True):
        client.force_login(user)
        page = client.get("/").content.decode()
        assert "@@ontbreekt" not in page, (user.username, page[page.find("@@ontbreekt") :][:80])


def test_the_demo_volunteers_see_their_rota_and_the_buurtwerker_the_sign_ups() -> None:
    build_demo()
    client = Client()
    for username in ("henk", "annie"):
        client.force_login(User.objects.get(username=username))
        page = client.get("/").content.decode()
        assert "Mijn volgende diensten" in page
        assert "niet op het rooster" not in page, username
    client.force_login(User.objects.get(username="fatima"))
    page = client.get("/").content.decode()
    assert '<p class="figure">2</p>\n<p>aanmeldingen wachten op een kennismaking' in page
