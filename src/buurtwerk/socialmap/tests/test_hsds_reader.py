"""The HSDS reader on its own, without a database."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from buurtwerk.socialmap.hsds.reader import HsdsFileError, kind_from_name, read_csv_files
from buurtwerk.socialmap.hsds.spec import tables, validate_record

CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda text: text.strip() == text)

SERVICE_ROW = st.fixed_dictionaries(
    {
        "id": st.uuids().map(str),
        "organization_id": st.uuids().map(str),
        "name": CELL,
        "status": st.sampled_from(["active", "inactive", "defunct", "temporarily closed"]),
    },
    optional={
        "description": CELL,
        "application_process": CELL,
        "minimum_age": st.integers(min_value=0, max_value=120),
    },
)


def _services_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=tables()["service"].fields)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@settings(max_examples=50, deadline=None)
@given(st.lists(SERVICE_ROW, max_size=5, unique_by=lambda row: row["id"]))
def test_csv_rows_read_back_exactly_as_written(rows) -> None:
    read = read_csv_files({"services.csv": _services_csv(rows)})
    assert read.records.get("service", {}) == {row["id"]: row for row in rows}


def test_a_number_column_with_text_is_named_in_dutch() -> None:
    text = "id,organization_id,name,status,minimum_age\ns1,o1,Naam,active,achttien\n"
    with pytest.raises(HsdsFileError) as raised:
        read_csv_files({"services.csv": text})
    assert raised.value.messages == [
        "dienst 's1': het veld 'minimum_age' moet een getal zijn, niet 'achttien'."
    ]


def test_an_unknown_column_is_refused_rather_than_dropped() -> None:
    text = "id,organization_id,name,status,favoriete_kleur\ns1,o1,Naam,active,blauw\n"
    with pytest.raises(HsdsFileError) as raised:
        read_csv_files({"services.csv": text})
    assert raised.value.messages == ["services.csv: onbekende kolom 'favoriete_kleur'."]


def test_the_kind_of_a_json_file_follows_its_name() -> None:
    assert kind_from_name("service_at_location_list.json") == "service_at_location"
    assert kind_from_name("taxonomy_term.json") == "taxonomy_term"
    assert kind_from_name("organization_full.json") == "organization"
    assert kind_from_name("sociale-kaart.json") == "service"


def test_validation_names_the_missing_required_field() -> None:
    assert validate_record("phone", {"id": "t1"}) == [
        "telefoonnummer 't1': het verplichte veld 'number' ontbreekt."
    ]
