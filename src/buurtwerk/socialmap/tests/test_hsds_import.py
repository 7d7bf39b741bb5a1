import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from buurtwerk.audit.models import AuditEntry
from buurtwerk.socialmap.hsds.reader import HsdsFileError, read_csv_files, read_json_data, read_path
from buurtwerk.socialmap.hsds.spec import HERE as HSDS_PACKAGE
from buurtwerk.socialmap.hsds.spec import tables
from buurtwerk.socialmap.interchange import MapSnapshot, csv_files, export_json, hsds_columns
from buurtwerk.socialmap.models import HSDS_MODELS, Phone, Service

from .factories import HSDS_EXAMPLES, load_testdorp, services_of_testdorp, write_testdorp

pytestmark = pytest.mark.django_db

OFFICIAL_SCHEMAS = HSDS_PACKAGE / "schema"
EXAMPLES = sorted(HSDS_EXAMPLES.glob("*.json")) + [HSDS_EXAMPLES / "csv"]


def _official_validator(name: str) -> Draft202012Validator:
    """An official schema (the package ships them unchanged) with its $refs resolved from the
    local files, never the network."""
    resources = [
        (p.name, Resource.from_contents(json.loads(p.read_text()), DRAFT202012))
        for p in OFFICIAL_SCHEMAS.glob("*.json")
    ]
    schema = json.loads((OFFICIAL_SCHEMAS / name).read_text())
    return Draft202012Validator(schema, registry=Registry().with_resources(resources))


def _stored_tables() -> dict[str, dict[str, dict]]:
    return {name: dict(rows) for name, rows in MapSnapshot().rows.items()}


def _reimport(text_or_path, tmp_path: Path, name: str):
    from buurtwerk.socialmap.actions import do_import_hsds

    for model in HSDS_MODELS.values():
        model._default_manager.all().delete()
    if isinstance(text_or_path, str):
        target = tmp_path / name
        target.write_text(text_or_path)
        text_or_path = target
    do_import_hsds(read_path(text_or_path), None)


def test_every_hsds_field_has_a_column_in_its_model() -> None:
    for name, table in tables().items():
        assert set(table.fields) == set(hsds_columns(HSDS_MODELS[name])), name


def test_an_import_over_a_service_raises_its_version_so_an_open_form_cannot_save_over_it() -> None:
    load_testdorp()
    assert Service.objects.get(pk="svc-schuld").version == 1
    load_testdorp()
    assert Service.objects.get(pk="svc-schuld").version == 2
    assert "version" not in hsds_columns(Service)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_official_example_imports_without_error(example: Path, tmp_path: Path) -> None:
    read = read_path(example)
    _reimport(example, tmp_path, example.name)
    stored = _stored_tables()
    for table, rows in read.records.items():
        assert set(rows) <= set(stored[table]), table


def test_json_export_validates_against_the_official_service_schema() -> None:
    load_testdorp()
    call_command("socialmap", "import", str(HSDS_EXAMPLES / "service_full.json"))
    call_command("socialmap", "import", str(HSDS_EXAMPLES / "tabular.json"))
    validator = _official_validator("service.json")
    services = json.loads(export_json(MapSnapshot()))
    assert len(services) == Service.objects.count() > len(services_of_testdorp())
    for exported in services:
        assert not list(validator.iter_errors(exported)), exported["id"]


def test_csv_export_has_the_official_columns_and_valid_rows() -> None:
    call_command("socialmap", "import", str(HSDS_EXAMPLES / "csv"))
    load_testdorp()
    package = json.loads((HSDS_PACKAGE / "datapackage.json").read_text())
    files = csv_files(MapSnapshot())
    for resource in package["resources"]:
        header = next(csv.reader(io.StringIO(files[resource["path"]])))
        assert header == [field["name"] for field in resource["schema"]["fields"]]
    read_back = read_csv_files({k: v for k, v in files.items() if k.endswith(".csv")})
    assert read_back.counts()["service"] == Service.objects.count()
    for table, records in read_back.records.items():
        validator = _official_validator(f"{table}.json")
        for record in records.values():
            assert not list(validator.iter_errors(record)), (table, record["id"])


@pytest.mark.parametrize(
    ("source", "export_format"),
    [
        (None, "json"),
        (None, "csv"),
        (HSDS_EXAMPLES / "service_full.json", "json"),
        (HSDS_EXAMPLES / "csv", "csv"),
        (HSDS_EXAMPLES / "tabular.json", "csv"),
    ],
    ids=lambda value: getattr(value, "name", value or "testdorp"),
)
def test_round_trip_keeps_every_stored_field(
    source: Path | None, export_format: str, tmp_path
) -> None:
    call_command("socialmap", "import", str(source or write_testdorp(tmp_path)))
    before = _stored_tables()
    out = tmp_path / ("kaart.json" if export_format == "json" else "kaart.zip")
    call_command("socialmap", "export", "--format", export_format, str(out))
    _reimport(out, tmp_path, out.name)
    assert _stored_tables() == before


def test_a_bad_file_changes_nothing_and_names_the_record_and_field(tmp_path) -> None:
    load_testdorp()
    before = _stored_tables()
    services = services_of_testdorp()
    services[0]["name"] = "Schuldhulp (nieuwe naam)"
    services[2]["phones"][0].pop("number")
    services[1]["minimum_age"] = "achttien"
    bad = tmp_path / "kaart.json"
    bad.write_text(json.dumps(services))
    with pytest.raises(CommandError) as raised:
        call_command("socialmap", "import", str(bad))
    message = str(raised.value)
    assert "niets ingelezen" in message
    assert "telefoonnummer 'tel-svc-taal'" in message and "'number' ontbreekt" in message
    assert "dienst 'svc-tuin'" in message and "'minimum_age' moet een getal zijn" in message
    assert _stored_tables() == before


def test_an_unknown_status_is_refused_with_the_allowed_values() -> None:
    services = services_of_testdorp()
    services[0]["status"] = "open"
    with pytest.raises(HsdsFileError) as raised:
        read_json_data(services)
    assert "dienst 'svc-schuld': het veld 'status'" in raised.value.messages[0]
    assert "active" in raised.value.messages[0]


def test_one_record_with_two_different_values_in_a_file_is_refused() -> None:
    services = services_of_testdorp()
    services[1]["organization"] = {**services[1]["organization"], "name": "Andere naam"}
    with pytest.raises(HsdsFileError) as raised:
        read_json_data(services)
    assert "organisatie 'org-welzijn'" in raised.value.messages[0]


def test_a_broken_csv_package_changes_nothing(tmp_path) -> None:
    load_testdorp()
    folder = tmp_path / "pakket"
    folder.mkdir()
    (folder / "services.csv").write_text(
        "id,organization_id,name,status\nsvc-x,org-welzijn,Nieuw,active\nsvc-y,org-welzijn,,gesloten\n"
    )
    with pytest.raises(CommandError) as raised:
        call_command("socialmap", "import", str(folder))
    assert "dienst 'svc-y': het verplichte veld 'name' ontbreekt" in str(raised.value)
    assert "dienst 'svc-y': het veld 'status' heeft de onbekende waarde 'gesloten'" in str(
        raised.value
    )
    assert not Service.objects.filter(pk="svc-x").exists()


def test_import_accepts_a_single_service_object(tmp_path) -> None:
    one = tmp_path / "dienst.json"
    one.write_text(json.dumps(services_of_testdorp()[0]))
    call_command("socialmap", "import", str(one))
    assert Phone.objects.get(pk="tel-svc-schuld").service_id == "svc-schuld"


def test_import_is_written_to_the_audit_log(personas) -> None:
    load_testdorp(personas.fatima)
    entry = AuditEntry.objects.filter(purpose="sociale kaart importeren").get()
    assert entry.actor == personas.fatima and "service" in entry.fields


def test_a_volunteer_may_not_import(personas) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        load_testdorp(personas.henk)
    assert not Service.objects.exists()


TEXT = st.text(max_size=20)
VALUES = st.one_of(st.none(), TEXT, st.integers(), st.floats(allow_nan=False), st.booleans())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["id", "name", "status", "minimum_age", "phones", "organization"]),
            VALUES,
        ),
        max_size=4,
    )
)
def test_reader_either_reads_or_explains_in_dutch(records) -> None:
    try:
        read = read_json_data(records)
    except HsdsFileError as error:
        assert error.messages and all(isinstance(m, str) and m for m in error.messages)
    else:
        for rows in read.records.values():
            assert all(isinstance(key, str) for key in rows)
