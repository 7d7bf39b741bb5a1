"""Bulk generation of a large fictional municipality for scale tests and benchmarks.

A million residents must load in minutes. On PostgreSQL the rows stream in with COPY (several
times faster than INSERT); elsewhere bulk_create. Resident ids are handed out by this module
(under a table lock) so that legal bases, consents and relations can be written in the same
pass without reading the residents back.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
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

CHUNK = 20_000
RESIDENTS_PER_NEIGHBOURHOOD = 2500
# A 15 x 15 km city around this point, cut into a grid of neighbourhoods.
CITY_CENTRE = (52.37, 4.90)
CITY_SIZE_KM = 15.0
# Neighbours are found among the residents generated just before or after in the same
# neighbourhood, at most this many neighbourhood-rounds away.
NEIGHBOUR_REACH = 20

Place = tuple[Neighbourhood, tuple[float, float], float]


def seed_city(
    resident_count: int,
    *,
    name: str = "Seedstad",
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Municipality:
    """Create (or extend) municipality `name` with `resident_count` generated residents."""
    rng = random.Random(seed)
    municipality, places = _places(name, resident_count)
    write = _copy_rows if connection.vendor == "postgresql" else _insert_rows
    made = 0
    now = timezone.now()
    while made < resident_count:
        size = min(CHUNK, resident_count - made)
        with transaction.atomic():
            first_id = _reserve_ids(Resident)
            residents, bases, consents, relations = _generate_chunk(
                rng, places, made, size, first_id, city=name, now=now
            )
            write(Resident, residents)
            write(ProcessingBasis, bases)
            write(Consent, consents)
            write(Relation, relations)
            _reset_sequences([Resident])
        made += size
        if progress:
            progress(made)
    _refresh_statistics([Resident, ProcessingBasis, Consent, Relation])
    return municipality


def _refresh_statistics(model_list: list[type[models.Model]]) -> None:
    """Planner statistics for the new rows: without them PostgreSQL plans for an empty table.

    Outside a transaction VACUUM also marks the pages all-visible, which lets the resident
    counts run as index-only scans.
    """
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in model_list)
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{command} {tables}")
        else:
            cursor.execute("ANALYZE")


def _places(name: str, resident_count: int) -> tuple[Municipality, list[Place]]:
    municipality, _created = Municipality.objects.get_or_create(name=name)
    neighbourhood_count = max(1, resident_count // RESIDENTS_PER_NEIGHBOURHOOD)
    side = max(1, round(neighbourhood_count**0.5))
    cell_km = CITY_SIZE_KM / side
    places = []
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
        places.append((neighbourhood, centre, cell_km / 2))
    return municipality, places


Row = dict[str, Any]


def _generate_chunk(
    rng: random.Random,
    places: Sequence[Place],
    made: int,
    size: int,
    first_id: int,
    *,
    city: str,
    now: datetime,
) -> tuple[list[Row], list[Row], list[Row], list[Row]]:
    """Rows as dicts of column values: building model instances would cost more than writing."""
    residents, bases, consents, relations = [], [], [], []
    stride = len(places)
    for offset in range(size):
        neighbourhood, centre, radius = places[(made + offset) % stride]
        person = next(
            generate_residents(rng, 1, centre=centre, spread_km=radius, postcode_prefix=1011)
        )
        resident_id = first_id + offset
        residents.append(
            {
                "id": resident_id,
                "name": person.name,
                "phone": person.phone,
                "street": person.street,
                "house_number": person.house_number,
                "postcode": person.postcode,
                "city": city,
                "neighbourhood_id": neighbourhood.pk,
                "lat": person.lat,
                "lon": person.lon,
                "birth_year": person.birth_year,
                "languages": person.languages,
                "seeks_participation": person.seeks_participation,
                "created_at": now,
                "updated_at": now,
            }
        )
        bases.append(
            {
                "resident_id": resident_id,
                "purpose": ProcessingBasis.Purpose.WELFARE_SUPPORT.value,
                "lawful_basis": ProcessingBasis.LawfulBasis.PUBLIC_TASK.value,
                "recorded_at": now,
            }
        )
        if person.consent:
            consents.append(
                {
                    "resident_id": resident_id,
                    "scope": Consent.Scope.MATCHING.value,
                    "statement": "Seed",
                    "given_at": now,
                }
            )
        for _ in range(rng.choice([0, 1, 2, 3, 4])):
            # Another resident of the same neighbourhood within this chunk, never oneself.
            rounds = rng.randint(1, NEIGHBOUR_REACH)
            other = offset + rounds * stride
            if other >= size:
                other = offset - rounds * stride
            if other < 0:
                continue
            relations.append(
                {
                    "resident_id": resident_id,
                    "other_resident_id": first_id + other,
                    "kind": Relation.Kind.NEIGHBOUR.value,
                    "created_at": now,
                }
            )
    return residents, bases, consents, relations


def _reserve_ids(model: type[models.Model]) -> int:
    """First free id, with the table locked against other writers until the transaction ends."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")  # noqa: S608
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0])


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    """After explicit ids, the database's own counter must continue above them."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _fields(model: type[models.Model], rows: Sequence[Row]) -> list[models.Field]:
    """The model's columns; the id only when the rows carry it."""
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key or field.attname in rows[0]
    ]


def _full_rows(model: type[models.Model], rows: Sequence[Row]) -> Iterable[Row]:
    """Each row completed with the model's defaults for the columns it leaves out."""
    defaults = {field.attname: field.get_default() for field in _fields(model, rows)}
    for row in rows:
        yield {**defaults, **row}


def _copy_rows(model: type[models.Model], rows: Sequence[Row]) -> None:
    """PostgreSQL COPY ... FROM STDIN: rows stream in without one INSERT each."""
    if not rows:
        return
    from psycopg.types.json import Jsonb

    fields = _fields(model, rows)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    attnames = [field.attname for field in fields]
    json_fields = {field.attname for field in fields if isinstance(field, models.JSONField)}

    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in _full_rows(model, rows):
                copy.write_row(
                    [Jsonb(row[name]) if name in json_fields else row[name] for name in attnames]
                )


def _insert_rows(model: type[models.Model], rows: Sequence[Row]) -> None:
    if not rows:
        return
    # SQLite allows at most 32766 variables per statement; 500 rows stay well below it.
    model._default_manager.bulk_create(
        [model(**row) for row in _full_rows(model, rows)], batch_size=500
    )
