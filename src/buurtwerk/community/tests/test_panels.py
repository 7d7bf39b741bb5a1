"""The volunteer's rota panel and the coordinator's sign-up count show real figures."""

from __future__ import annotations

import re

import pytest

from buurtwerk.community import actions
from buurtwerk.community.tests.factories import first_occurrence, make_community

pytestmark = pytest.mark.django_db


def _panel(client, user, title: str) -> str:
    client.force_login(user)
    page = client.get("/").content.decode()
    match = re.search(rf"<h2[^>]*>{title}</h2>(.*?)</section>", page, re.S)
    assert match, f"geen paneel {title!r}"
    return match.group(1)


def test_a_volunteer_sees_their_next_shift_on_the_dashboard(client, personas) -> None:
    community = make_community(personas)
    occurrence = first_occurrence(community.coffee)
    actions.do_assign_shift(occurrence, community.henk_volunteer, "host", personas.fatima)
    panel = _panel(client, personas.henk, "Mijn volgende diensten")
    assert "Koffieochtend" in panel and "Gastvrouw of gastheer" in panel
    assert "niet op het rooster" not in panel


def test_a_volunteer_without_shifts_is_told_so(client, personas) -> None:
    make_community(personas)
    panel = _panel(client, personas.henk, "Mijn volgende diensten")
    assert "U staat de komende tijd niet op het rooster." in panel


def test_the_coordinator_sees_how_many_sign_ups_wait(client, personas) -> None:
    make_community(personas)
    form = {"kind": "offer", "category": "shopping", "message": "Boodschappen", "consent": "on"}
    for name in ("Truus Testpersoon", "Kees Proef"):
        client.post("/buurt/noorderhof/", {**form, "name": name, "phone": "06-99998888"})
    panel = _panel(client, personas.fatima, "Aanmeldingen via de buurtpagina")
    assert re.search(r'<p class="figure">2</p>', panel)
    assert "aanmeldingen wachten op een kennismaking" in panel
