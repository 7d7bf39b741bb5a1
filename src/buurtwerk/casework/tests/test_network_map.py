"""The netwerkkaart: the resident's network in circles, with a text alternative."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtwerk.audit.models import AuditEntry
from buurtwerk.people.models import Relation

pytestmark = pytest.mark.django_db


def _map(resident) -> str:  # type: ignore[no-untyped-def]
    return reverse("casework:network_map", args=[resident.pk])


def test_the_map_draws_each_contact_and_lists_them_as_text(personas, client) -> None:
    Relation.objects.create(
        resident=personas.jan, other_resident=personas.marie, kind="neighbour", closeness=2
    )
    Relation.objects.create(
        resident=personas.jan, contact_name="Dochter Els", kind="family", closeness=1
    )
    Relation.objects.create(
        resident=personas.jan, contact_name="Dr. Bos", contact_role="huisarts",
        kind="professional", closeness=3,
    )  # fmt: skip
    client.force_login(personas.fatima)
    response = client.get(_map(personas.jan))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in content and '<title id="network-title">' in content
    assert '<desc id="network-desc">' in content
    assert "style=" not in content
    for name in ("Marie Jansen", "Dochter Els", "Dr. Bos", "Henk"):
        assert content.count(name) >= 2  # in the drawing and in the list
    assert "Het netwerk als lijst" in content
    assert AuditEntry.objects.filter(
        verb="view", actor=personas.fatima, object_id=str(personas.jan.pk),
        purpose="netwerkkaart bekijken",
    ).exists()  # fmt: skip


def test_svg_coordinates_are_not_localised(personas, client) -> None:
    client.force_login(personas.fatima)
    content = client.get(_map(personas.jan)).content.decode()
    assert 'cx="180.0"' in content and "180,0" not in content


def test_a_small_network_is_flagged(personas, client) -> None:
    client.force_login(personas.fatima)
    assert "Klein netwerk" in client.get(_map(personas.marie)).content.decode()


def test_the_dashboard_panel_links_small_networks_to_the_map(personas, client) -> None:
    client.force_login(personas.fatima)
    content = client.get(reverse("core:dashboard")).content.decode()
    assert _map(personas.marie) in content


@pytest.mark.parametrize("persona", ["henk", "bakker", "karin"])
def test_others_cannot_open_the_map(personas, client, persona) -> None:
    client.force_login(getattr(personas, persona))
    assert client.get(_map(personas.jan)).status_code in (403, 404)
