"""Every role's menu is short and every item in it opens."""

from __future__ import annotations

import pytest
from django.test import Client

from buurtwerk.accounts.models import User
from buurtwerk.core.demo import build_demo
from buurtwerk.core.navigation import menu_for, menu_groups_for

pytestmark = pytest.mark.django_db

MAX_GROUPS = 7


def test_every_menu_item_of_every_demo_user_opens() -> None:
    build_demo()
    client = Client()
    refused = []
    for user in User.objects.filter(is_active=True).order_by("username"):
        client.force_login(user)
        for item in menu_for(user):
            status = client.get(item["url"]).status_code
            if status != 200:
                refused.append(f"{user.username} ({user.role}): {item['label']} {status}")
    assert refused == []


def test_no_role_has_more_than_seven_menu_groups(personas) -> None:
    long = {
        user.username: [group["label"] for group in menu_groups_for(user)]
        for user in (
            personas.fatima,
            personas.ingrid,
            personas.sanne,
            personas.bakker,
            personas.henk,
            personas.beheer,
        )  # fmt: skip
    }
    assert {name: groups for name, groups in long.items() if len(groups) > MAX_GROUPS} == {}
    assert [group["label"] for group in menu_groups_for(personas.fatima)] == [
        "Overzicht", "Bewoners", "Sociale kaart", "Signalen en overleg", "Buurthuis", "Inzicht",
    ]  # fmt: skip


def test_a_volunteer_finds_their_questions_and_shifts_in_the_menu(personas) -> None:
    labels = [item["label"] for item in menu_for(personas.henk)]
    assert "Mijn vragen" in labels and "Mijn diensten" in labels
