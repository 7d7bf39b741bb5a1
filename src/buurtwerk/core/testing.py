"""Factories and named personas shared by the tests of every app.

Two teams in one municipality: team North works in Noorderhof, team South in Zuiderhof. The
personas are the people the tests speak of: `personas.fatima` (buurtwerker, North) may work
with `personas.jan` but not with `personas.piet` (South). A second municipality shares the
installation: `personas.olga` works there with `personas.kees` in Westerhaven, and nothing of it
may ever reach the first municipality's people.
"""

from __future__ import annotations

import inspect
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

import factory
from django.conf import settings
from django.utils import timezone

from buurtwerk.accounts.models import User
from buurtwerk.core.permissions import Role
from buurtwerk.people.models import (
    Consent,
    District,
    Municipality,
    Neighbourhood,
    ProcessingBasis,
    Relation,
    Resident,
    Team,
)

PERSONA_PASSWORD = "persona-wachtwoord-2026"  # noqa: S105


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = "Testgemeente"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("municipality", "name")

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Testwijk"


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    district = factory.SubFactory(DistrictFactory)
    code = factory.Sequence(lambda n: f"buurt-{n}")
    name = factory.Sequence(lambda n: f"Buurt {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Team.Kind.WIJKTEAM
    municipality = factory.SubFactory(MunicipalityFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = "Test"
    role = Role.BUURTWERKER
    password = factory.django.Password(PERSONA_PASSWORD)

    @factory.post_generation
    def teams(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.teams.set(extracted)


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bewoner {n}")
    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    postcode = "8302 AB"
    street = "Espelerlaan"
    house_number = factory.Sequence(lambda n: str(n + 1))
    city = "Emmeloord"
    phone = "06-12345678"
    birth_year = 1950
    languages = factory.LazyFunction(lambda: ["nl"])

    @factory.post_generation
    def consent(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            give_consent(self)


def give_consent(resident: Resident) -> Consent:
    return Consent.objects.create(
        resident=resident,
        scope=Consent.Scope.MATCHING,
        statement="Akkoord",
        given_at=timezone.now(),
    )


@dataclass
class Personas:
    north: Neighbourhood
    south: Neighbourhood
    team_north: Team
    team_south: Team
    area_team: Team
    fatima: User  # buurtwerker North
    ingrid: User  # teamleider North
    sanne: User  # wijkteam nurse North
    bakker: User  # area partner: police officer
    henk: User  # volunteer North, introduced to Jan
    beheer: User  # administrator
    karin: User  # buurtwerker South
    jan: Resident  # North, consent, introduced to Henk
    marie: Resident  # North, no consent
    piet: Resident  # South
    elsewhere: Neighbourhood  # Westerhaven, in the other municipality
    team_elsewhere: Team
    olga: User  # buurtwerker in the other municipality
    kees: Resident  # Westerhaven, consent

    def by_role(self) -> dict[Role, User]:
        return {
            Role.BUURTWERKER: self.fatima,
            Role.TEAMLEIDER: self.ingrid,
            Role.WIJKTEAM: self.sanne,
            Role.AREA_PARTNER: self.bakker,
            Role.VOLUNTEER: self.henk,
            Role.ADMIN: self.beheer,
        }


def make_personas() -> Personas:
    north = NeighbourhoodFactory(code="noorderhof", name="Noorderhof")
    south = NeighbourhoodFactory(code="zuiderhof", name="Zuiderhof")
    team_north = TeamFactory(name="Doen!-team Noord")
    team_north.neighbourhoods.set([north])
    team_south = TeamFactory(name="Doen!-team Zuid")
    team_south.neighbourhoods.set([south])
    area_team = TeamFactory(name="Gebiedsteam Noord", kind=Team.Kind.AREA_TEAM)
    area_team.neighbourhoods.set([north])
    jan = ResidentFactory(
        name="Jan Smit",
        neighbourhood=north,
        postcode="8302 AB",
        notes="Vertrouwelijk: rouwt",
        consent=True,
    )
    marie = ResidentFactory(name="Marie Jansen", neighbourhood=north, postcode="8302 AC")
    piet = ResidentFactory(
        name="Piet Visser", neighbourhood=south, postcode="8303 BB", consent=True
    )
    other_town = MunicipalityFactory(name="Buurgemeente")
    elsewhere = NeighbourhoodFactory(
        code="westerhaven",
        name="Westerhaven",
        district=DistrictFactory(municipality=other_town, name="Haven"),
    )
    team_elsewhere = TeamFactory(name="Wijkteam Buurgemeente", municipality=other_town)
    team_elsewhere.neighbourhoods.set([elsewhere])
    kees = ResidentFactory(
        name="Kees de Boer", neighbourhood=elsewhere, postcode="9000 AA", consent=True
    )
    for resident in (jan, marie, piet, kees):
        ProcessingBasis.objects.create(
            resident=resident,
            purpose=ProcessingBasis.Purpose.WELFARE_SUPPORT,
            lawful_basis=ProcessingBasis.LawfulBasis.PUBLIC_TASK,
        )
    henk = UserFactory(username="henk", first_name="Henk", role=Role.VOLUNTEER, teams=[team_north])
    Relation.objects.create(resident=jan, user=henk, kind=Relation.Kind.VOLUNTEER)
    return Personas(
        north=north,
        south=south,
        team_north=team_north,
        team_south=team_south,
        area_team=area_team,
        fatima=UserFactory(username="fatima", first_name="Fatima", teams=[team_north]),
        ingrid=UserFactory(username="ingrid", role=Role.TEAMLEIDER, teams=[team_north]),
        sanne=UserFactory(username="sanne", role=Role.WIJKTEAM, teams=[team_north]),
        bakker=UserFactory(username="bakker", role=Role.AREA_PARTNER, teams=[area_team]),
        henk=henk,
        beheer=UserFactory(username="beheer", role=Role.ADMIN, is_staff=True),
        karin=UserFactory(username="karin", teams=[team_south]),
        jan=jan,
        marie=marie,
        piet=piet,
        elsewhere=elsewhere,
        team_elsewhere=team_elsewhere,
        olga=UserFactory(username="olga", first_name="Olga", teams=[team_elsewhere]),
        kees=kees,
    )


def app_modules(module_name: str) -> Iterator[ModuleType]:
    """Each app's `module_name` (`api`, `forms`, `actions`), and its modules when a package."""
    for app in settings.LOCAL_APPS:
        if not find_spec(f"{app}.{module_name}"):
            continue
        package = import_module(f"{app}.{module_name}")
        yield package
        for info in pkgutil.walk_packages(getattr(package, "__path__", []), f"{package.__name__}."):
            yield import_module(info.name)


def all_form_classes() -> list[type[Any]]:
    """Every form class the apps define, for tests that hold all forms to a rule."""
    from django import forms

    return [
        cls
        for module in app_modules("forms")
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
    ]
