"""The back office (/beheer/): only a beheerder with a confirmed code, scoped, audit-logged."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtwerk.audit.models import AuditEntry, AuditVerb
from buurtwerk.casework.models import RoutingRule, SignalCategory
from buurtwerk.core.permissions import Role
from buurtwerk.core.testing import MunicipalityFactory, TeamFactory
from buurtwerk.people.models import District, Municipality, Neighbourhood, Organisation, Team
from buurtwerk.socialmap.models import Location

pytestmark = pytest.mark.django_db

ACTIONS = ("view", "add", "change", "delete")
MODELS = (
    Team,
    Municipality,
    District,
    Neighbourhood,
    Organisation,
    Location,
    SignalCategory,
    RoutingRule,
)
# The back office is the beheerder's alone; every other role reaches none of it.
EXPECTED = {
    role: {model: {action: role == Role.ADMIN for action in ACTIONS} for model in MODELS}
    for role in Role
}


def verified_client(user: Any) -> Client:
    """A client logged in with password and a confirmed two-factor code."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def instances(personas: Any) -> dict[type, Any]:
    organisation = Organisation.objects.create(
        name="Welzijn Noord",
        kind=Organisation.Kind.WELFARE,
        municipality=personas.north.district.municipality,
    )
    return {
        Team: personas.team_north,
        Municipality: personas.north.district.municipality,
        District: personas.north.district,
        Neighbourhood: personas.north,
        Organisation: organisation,
        Location: Location.objects.create(
            id="loc-spil", location_type=Location.LocationType.PHYSICAL, name="De Spil"
        ),
        SignalCategory: SignalCategory.objects.get(code="loneliness"),
        RoutingRule: RoutingRule.objects.create(team=personas.team_north, priority=5),
    }


def url(model: type, action: str, pk: Any) -> str:
    meta = model._meta
    name = {"view": "changelist", "add": "add", "change": "change", "delete": "delete"}[action]
    args = [pk] if action in ("change", "delete") else []
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=args)


def test_each_role_gets_exactly_the_expected_admin_rights(personas) -> None:
    objects = instances(personas)
    found = {}
    for role, user in personas.by_role().items():
        client = verified_client(user)
        found[role] = {
            model: {
                action: client.get(url(model, action, objects[model].pk)).status_code == 200
                for action in ACTIONS
            }
            for model in MODELS
        }
    assert found == {role: EXPECTED[role] for role in personas.by_role()}


def test_a_change_is_audit_logged_with_the_changed_fields_only(personas) -> None:
    client = verified_client(personas.beheer)
    district = personas.north.district
    response = client.post(
        url(District, "change", district.pk),
        {"municipality": district.municipality_id, "name": "Emmerveld", "cbs_code": ""},
    )
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.name == "Emmerveld"
    entry = AuditEntry.objects.filter(verb=AuditVerb.CHANGE, purpose="beheer").get()
    assert entry.actor == personas.beheer and entry.fields == ["name"]
    assert not LogEntry.objects.exists()


def test_adding_and_deleting_are_audit_logged(personas) -> None:
    client = verified_client(personas.beheer)
    response = client.post(
        url(SignalCategory, "add", None),
        {"code": "zwerfafval", "name": "Zwerfafval", "route": "liveability", "description": ""},
    )
    assert response.status_code == 302
    category = SignalCategory.objects.get(code="zwerfafval")
    client.post(url(SignalCategory, "delete", category.pk), {"post": "yes"})
    assert not SignalCategory.objects.filter(code="zwerfafval").exists()
    verbs = list(
        AuditEntry.objects.filter(purpose="beheer").values_list("verb", flat=True).order_by("id")
    )
    assert verbs == [AuditVerb.CREATE, AuditVerb.DELETE]


def test_a_beheerder_with_a_team_sees_and_chooses_only_their_municipality(personas) -> None:
    other = MunicipalityFactory(name="Urk")
    District.objects.create(municipality=other, name="Westwijk")
    own_team = TeamFactory(municipality=personas.north.district.municipality)
    personas.beheer.teams.set([own_team])
    client = verified_client(personas.beheer)
    listing = client.get(url(District, "view", None)).content.decode()
    assert personas.north.district.name in listing and "Westwijk" not in listing
    form = client.get(url(District, "add", None)).content.decode()
    assert "Urk" not in form
    westwijk = District.objects.get(name="Westwijk")
    assert client.get(url(District, "change", westwijk.pk)).status_code != 200


def test_without_a_confirmed_code_the_beheerder_is_sent_to_the_two_factor_step(personas) -> None:
    client = Client()
    client.force_login(personas.beheer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    step = client.get(response["Location"])
    assert step.status_code == 302 and "/account/" in step["Location"]


def test_other_roles_and_strangers_never_reach_the_back_office(personas) -> None:
    anonymous = Client().get(reverse("admin:index"), follow=True)
    assert anonymous.redirect_chain[-1][0].startswith(reverse("login"))
    client = verified_client(personas.ingrid)
    assert client.get(reverse("admin:login")).status_code == 403
