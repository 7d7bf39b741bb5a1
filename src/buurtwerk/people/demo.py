"""Demo data for people: the polder town, the Espelerhof neighbourhood, teams, users, residents."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from buurtwerk.accounts.models import User
from buurtwerk.accounts.twofactor import demo_device
from buurtwerk.audit.log import record
from buurtwerk.audit.models import AuditVerb
from buurtwerk.core.auditing import Purpose
from buurtwerk.core.demo import DEMO_PASSWORD, DemoContext

from .generator import generate_residents
from .models import (
    Consent,
    District,
    Municipality,
    Neighbourhood,
    Organisation,
    ProcessingBasis,
    Relation,
    Resident,
    Team,
)

DEMO_MUNICIPALITY = "Noordoostpolder (demo)"
NEIGHBOURHOODS = [
    # code, name, CBS code, centre, share of residents
    ("espelerhof", "Espelerhof", "BU01710105", (52.7115, 5.7520), 0.7),
    ("zuiderkwartier", "Zuiderkwartier", "BU01710106", (52.7040, 5.7480), 0.2),
    ("poolsterbuurt", "Poolsterbuurt", "BU01710107", (52.7180, 5.7600), 0.1),
]
TEAM_WIJKTEAM = "Doen!-team Emmerveld"
TEAM_AREA = "Gebiedsteam Emmerveld"
TEAM_CENTRE = "Buurthuis De Espel"
DEMO_USERS = [
    # username, role, full name, job title, teams
    ("fatima", "buurtwerker", "Fatima Bouzid", "Buurtwerker", [TEAM_WIJKTEAM, TEAM_CENTRE]),
    ("joost", "buurtwerker", "Joost Hoekstra", "Buurtwerker", [TEAM_WIJKTEAM]),
    ("ingrid", "teamleider", "Ingrid Postma", "Teamleider Doen!-team", [TEAM_WIJKTEAM]),
    ("sanne", "wijkteam", "Sanne Visser", "Wijkverpleegkundige", [TEAM_WIJKTEAM]),
    ("mark", "wijkteam", "Mark de Jong", "Klantmanager gemeente", [TEAM_WIJKTEAM]),
    ("agent.bakker", "area_partner", "Peter Bakker", "Wijkagent", [TEAM_AREA]),
    ("corporatie.smit", "area_partner", "Linda Smit", "Woonconsulent Mercatus", [TEAM_AREA]),
    ("gebied.mulder", "area_partner", "Erik Mulder", "Gebiedsregisseur gemeente", [TEAM_AREA]),
    ("henk", "volunteer", "Henk Kuipers", "Gastheer buurthuis", [TEAM_CENTRE]),
    ("annie", "volunteer", "Annie Dijkstra", "Vrijwilliger koffieochtend", [TEAM_CENTRE]),
    ("beheer", "admin", "Bea Heer", "Functioneel beheerder", []),
]


def demo_exists() -> bool:
    return Municipality.objects.filter(name=DEMO_MUNICIPALITY).exists()


def remove() -> None:
    municipality = Municipality.objects.filter(name=DEMO_MUNICIPALITY).first()
    if municipality is None:
        return
    User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).delete()
    Resident.objects.filter(neighbourhood__district__municipality=municipality).delete()
    Team.objects.filter(municipality=municipality).delete()
    Organisation.objects.filter(municipality=municipality).delete()
    Neighbourhood.objects.filter(district__municipality=municipality).delete()
    District.objects.filter(municipality=municipality).delete()
    municipality.delete()


def populate(context: DemoContext, resident_count: int = 300) -> None:
    rng = context.rng
    municipality = Municipality.objects.create(name=DEMO_MUNICIPALITY, cbs_code="GM0171")
    district = District.objects.create(
        municipality=municipality, name="Emmerveld", cbs_code="WK017101"
    )
    neighbourhoods = {
        code: Neighbourhood.objects.create(district=district, code=code, name=name, cbs_code=cbs)
        for code, name, cbs, _centre, _share in NEIGHBOURHOODS
    }
    welfare = Organisation.objects.create(
        name="Welzijn Noordoostpolder", kind=Organisation.Kind.WELFARE, municipality=municipality
    )
    Organisation.objects.bulk_create(
        [
            Organisation(
                name="Politie Flevoland", kind=Organisation.Kind.POLICE, municipality=municipality
            ),
            Organisation(
                name="Mercatus", kind=Organisation.Kind.HOUSING, municipality=municipality
            ),
            Organisation(
                name="Gemeente Noordoostpolder",
                kind=Organisation.Kind.MUNICIPALITY,
                municipality=municipality,
            ),
        ]
    )
    teams = {
        TEAM_WIJKTEAM: Team.objects.create(
            name=TEAM_WIJKTEAM,
            kind=Team.Kind.WIJKTEAM,
            municipality=municipality,
            organisation=welfare,
        ),
        TEAM_AREA: Team.objects.create(
            name=TEAM_AREA, kind=Team.Kind.AREA_TEAM, municipality=municipality
        ),
        TEAM_CENTRE: Team.objects.create(
            name=TEAM_CENTRE,
            kind=Team.Kind.COMMUNITY,
            municipality=municipality,
            organisation=welfare,
        ),
    }
    for team in teams.values():
        team.neighbourhoods.set(neighbourhoods.values())
    teams[TEAM_CENTRE].neighbourhoods.set([neighbourhoods["espelerhof"]])

    users: dict[str, User] = {}
    for username, role, full_name, job_title, team_names in DEMO_USERS:
        first, _sep, last = full_name.partition(" ")
        user = User(
            username=username,
            role=role,
            first_name=first,
            last_name=last,
            job_title=job_title,
            is_staff=role == "admin",
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.teams.set([teams[name] for name in team_names])
        if role != "volunteer":
            # The demo's authenticator secret is published in the README, like its password.
            demo_device(user)
        users[username] = user

    residents = _create_residents(rng, neighbourhoods, users["fatima"], resident_count)
    _create_relations(rng, residents, users)
    record(None, AuditVerb.CREATE, Resident, purpose=Purpose.DEMO_CREATED)
    context.objects.update(
        municipality=municipality,
        district=district,
        neighbourhoods=neighbourhoods,
        teams=teams,
        users=users,
        residents=residents,
    )


def _create_residents(rng, neighbourhoods, creator, total):  # type: ignore[no-untyped-def]
    residents: list[Resident] = []
    consents_for: list[int] = []
    for code, _name, _cbs, centre, share in NEIGHBOURHOODS:
        count = round(total * share)
        for generated in generate_residents(rng, count, centre=centre, spread_km=0.5):
            residents.append(
                Resident(
                    name=generated.name,
                    phone=generated.phone,
                    street=generated.street,
                    house_number=generated.house_number,
                    postcode=generated.postcode,
                    city="Emmeloord",
                    neighbourhood=neighbourhoods[code],
                    lat=generated.lat,
                    lon=generated.lon,
                    birth_year=generated.birth_year,
                    languages=generated.languages,
                    notes=generated.notes,
                    seeks_participation=generated.seeks_participation,
                    certificate_of_conduct_on=(
                        date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
                        if generated.has_certificate
                        else None
                    ),
                    created_by=creator,
                )
            )
            consents_for.append(generated.consent)
    Resident.objects.bulk_create(residents)
    now = timezone.now()
    ProcessingBasis.objects.bulk_create(
        ProcessingBasis(
            resident=resident,
            purpose=ProcessingBasis.Purpose.WELFARE_SUPPORT,
            lawful_basis=ProcessingBasis.LawfulBasis.PUBLIC_TASK,
            special_category_exception=ProcessingBasis.SpecialCategoryException.SOCIAL_CARE,
            recorded_by=creator,
        )
        for resident in residents
    )
    Consent.objects.bulk_create(
        Consent(
            resident=resident,
            scope=Consent.Scope.MATCHING,
            statement="Vindt het goed om voorgesteld te worden aan buurtgenoten.",
            given_at=now,
            recorded_by=creator,
        )
        for resident, consent in zip(residents, consents_for, strict=True)
        if consent
    )
    return residents


def _create_relations(rng, residents, users):  # type: ignore[no-untyped-def]
    """About a fifth of the residents get no or one contact: the people the team looks for."""
    relations: list[Relation] = []
    kinds = [
        Relation.Kind.FAMILY,
        Relation.Kind.NEIGHBOUR,
        Relation.Kind.FRIEND,
        Relation.Kind.PARTNER,
    ]
    for resident in residents:
        roll = rng.random()
        contacts = 0 if roll < 0.1 else 1 if roll < 0.2 else rng.randint(2, 7)
        for _ in range(contacts):
            other = rng.choice(residents)
            if other.pk == resident.pk:
                continue
            kind = rng.choice(kinds)
            relations.append(
                Relation(
                    resident=resident,
                    other_resident=other,
                    kind=kind,
                    closeness=1
                    if kind in (Relation.Kind.FAMILY, Relation.Kind.PARTNER)
                    else rng.choice([1, 2, 3]),
                )
            )
        if rng.random() < 0.3:
            relations.append(
                Relation(
                    resident=resident,
                    contact_name="Huisartsenpraktijk De Espel",
                    contact_role="huisarts",
                    kind=Relation.Kind.PROFESSIONAL,
                    closeness=3,
                )
            )
    for resident in residents[:6]:
        relations.append(
            Relation(
                resident=resident, user=users["henk"], kind=Relation.Kind.VOLUNTEER, closeness=2
            )
        )
    Relation.objects.bulk_create(relations)
