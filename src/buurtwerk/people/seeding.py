"""Bulk generation of a large fictional municipality for scale tests and benchmarks."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from .generator import generate_residents
from .models import (
    Consent,
    District,
    Municipality,
    Neighbourhood,
    ProcessingBasis,
    Relation,
    Resident,
)

BATCH = 5000
RESIDENTS_PER_NEIGHBOURHOOD = 2500
# A 15 x 15 km city around this point, cut into a grid of neighbourhoods.
CITY_CENTRE = (52.37, 4.90)
CITY_SIZE_KM = 15.0


def seed_city(
    resident_count: int,
    *,
    name: str = "Seedstad",
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Municipality:
    """Create (or extend) municipality `name` with `resident_count` generated residents."""
    rng = random.Random(seed)
    municipality, _created = Municipality.objects.get_or_create(name=name)
    neighbourhood_count = max(1, resident_count // RESIDENTS_PER_NEIGHBOURHOOD)
    side = max(1, round(neighbourhood_count**0.5))
    cell_km = CITY_SIZE_KM / side
    neighbourhoods = []
    for index in range(side * side):
        row, column = divmod(index, side)
        district, _ = District.objects.get_or_create(
            municipality=municipality, name=f"{name} wijk {row + 1}"
        )
        centre = (
            CITY_CENTRE[0] + ((row + 0.5) * cell_km - CITY_SIZE_KM / 2) / 111.0,
            CITY_CENTRE[1] + ((column + 0.5) * cell_km - CITY_SIZE_KM / 2) / 67.5,
        )
        neighbourhood, _ = Neighbourhood.objects.get_or_create(
            code=f"{name.lower()}-{index + 1}",
            defaults={"district": district, "name": f"{name} buurt {index + 1}"},
        )
        neighbourhoods.append((neighbourhood, centre, cell_km / 2))

    made = 0
    now = timezone.now()
    while made < resident_count:
        size = min(BATCH, resident_count - made)
        batch: list[Resident] = []
        consenting: list[bool] = []
        for offset in range(size):
            neighbourhood, centre, radius = neighbourhoods[(made + offset) % len(neighbourhoods)]
            generated = generate_residents(
                rng, 1, centre=centre, spread_km=radius, postcode_prefix=1011
            )
            person = next(generated)
            batch.append(
                Resident(
                    name=person.name,
                    phone=person.phone,
                    street=person.street,
                    house_number=person.house_number,
                    postcode=person.postcode,
                    city=name,
                    neighbourhood=neighbourhood,
                    lat=person.lat,
                    lon=person.lon,
                    birth_year=person.birth_year,
                    languages=person.languages,
                    seeks_participation=person.seeks_participation,
                )
            )
            consenting.append(person.consent)
        with transaction.atomic():
            Resident.objects.bulk_create(batch, batch_size=BATCH)
            ProcessingBasis.objects.bulk_create(
                (
                    ProcessingBasis(
                        resident=resident,
                        purpose=ProcessingBasis.Purpose.WELFARE_SUPPORT,
                        lawful_basis=ProcessingBasis.LawfulBasis.PUBLIC_TASK,
                    )
                    for resident in batch
                ),
                batch_size=BATCH,
            )
            Consent.objects.bulk_create(
                (
                    Consent(
                        resident=resident,
                        scope=Consent.Scope.MATCHING,
                        statement="Seed",
                        given_at=now,
                    )
                    for resident, consent in zip(batch, consenting, strict=True)
                    if consent
                ),
                batch_size=BATCH,
            )
            Relation.objects.bulk_create(
                (
                    Relation(
                        resident=resident,
                        other_resident=rng.choice(batch),
                        kind=Relation.Kind.NEIGHBOUR,
                    )
                    for resident in batch
                    for _ in range(rng.choice([0, 1, 2, 3, 4]))
                ),
                batch_size=BATCH,
                ignore_conflicts=True,
            )
        made += size
        if progress:
            progress(made)
    return municipality
