import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

TRIGRAM_INDEXES = {
    "resident_name_trgm_idx",
    "resident_street_trgm_idx",
    "resident_postcode_trgm_idx",
}


def _resident_indexes() -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "people_resident")
    return {name for name, details in constraints.items() if details["index"]}


def test_resident_lists_and_counts_have_their_indexes() -> None:
    assert {"resident_name_id_idx", "resident_active_hood_idx"} <= _resident_indexes()


def test_substring_search_has_trigram_indexes_on_postgresql_only() -> None:
    present = _resident_indexes() & TRIGRAM_INDEXES
    if connection.vendor == "postgresql":
        assert present == TRIGRAM_INDEXES
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "EXPLAIN SELECT id FROM people_resident WHERE UPPER(postcode::text) LIKE UPPER(%s)",
                ["%02 a%"],
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "resident_postcode_trgm_idx" in plan
    else:
        assert present == set()
