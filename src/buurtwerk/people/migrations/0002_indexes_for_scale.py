"""Indexes for large municipalities; trigram search indexes on PostgreSQL only.

Resident search is a case-insensitive substring match (`icontains`, on PostgreSQL
`UPPER(col) LIKE UPPER('%...%')`): a B-tree cannot serve it, a trigram GIN index on the same
expression can. pg_trgm is a trusted extension, so the database owner may create it; where
that is refused, search still works, by scanning, and the migration says so.
"""

import logging

from django.conf import settings
from django.db import DatabaseError, migrations, models, transaction

logger = logging.getLogger(__name__)

TRIGRAM_COLUMNS = ("name", "street", "postcode")


def _index_name(column: str) -> str:
    return f"resident_{column}_trgm_idx"


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning("pg_trgm not available (%s); resident search will scan instead", error)
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index_name(column)} ON people_resident "
            f"USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in TRIGRAM_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index_name(column)}")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="resident",
            name="people_resi_name_87bd0e_idx",
        ),
        migrations.AddIndex(
            model_name="resident",
            index=models.Index(fields=["name", "id"], name="resident_name_id_idx"),
        ),
        migrations.AddIndex(
            model_name="resident",
            index=models.Index(
                condition=models.Q(("erased_at__isnull", True)),
                fields=["neighbourhood"],
                name="resident_active_hood_idx",
            ),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
