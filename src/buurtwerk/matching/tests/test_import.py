"""Importing residents, relations, offers and needs: all or nothing, and re-import updates."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from buurtwerk.matching.actions import do_suggest_match
from buurtwerk.matching.engine import CATEGORIES, SLOTS
from buurtwerk.matching.importer import Document, ImportFailed
from buurtwerk.matching.importer.reading import read_csv_files, read_upload, schema
from buurtwerk.matching.importing import FIRST_MUNICIPALITY, do_import
from buurtwerk.matching.models import Match, Need, Offer
from buurtwerk.matching.tests.import_samples import sample_document, to_csv_files, to_xlsx, to_zip
from buurtwerk.people.models import (
    Consent,
    Municipality,
    Neighbourhood,
    ProcessingBasis,
    Relation,
    Resident,
)

pytestmark = pytest.mark.django_db

REPOSITORY = Path(__file__).resolve().parents[4]


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Neighbourhood, Resident, Relation, Offer, Need, Consent)
    )


@pytest.fixture
def municipality() -> Municipality:
    return Municipality.objects.create(name="Noordoostpolder")


def test_the_example_from_the_issue_is_imported(municipality):
    report = do_import(Document(sample_document()), None)
    assert report.created["residents"] == 2 and report.created["needs"] == 1
    jan = Resident.objects.get(ref="r1")
    assert jan.neighbourhood.district.municipality == municipality
    assert jan.has_matching_consent
    basis = ProcessingBasis.objects.get(resident=jan)
    assert basis.lawful_basis == ProcessingBasis.LawfulBasis.PUBLIC_TASK
    gerrit = Resident.objects.get(ref="r2")
    assert str(gerrit.certificate_of_conduct_on) == "2025-11-03"
    assert Relation.objects.get(resident=jan).other_resident == gerrit
    offer = Offer.objects.get(ref="o1")
    assert offer.resident == gerrit and offer.availability == ["mon-morning", "wed-afternoon"]
    assert Need.objects.get(ref="n1").recurring is True


def test_importing_the_same_refs_again_updates_without_duplicates(municipality):
    do_import(Document(sample_document()), None)
    before = counts()
    changed = sample_document()
    changed["offers"][0]["per_week"] = 3
    changed["residents"][0]["name"] = "Jan Smit-de Boer"
    report = do_import(Document(changed), None)
    assert counts() == before
    assert report.updated["offers"] == 1 and report.created["offers"] == 0
    assert Offer.objects.get(ref="o1").per_week == 3
    assert Resident.objects.get(ref="r1").name == "Jan Smit-de Boer"


def test_consent_false_on_reimport_withdraws_it_and_declines_suggestions(municipality):
    do_import(Document(sample_document()), None)
    match = do_suggest_match(Need.objects.get(), Offer.objects.get(), None)
    changed = sample_document()
    changed["residents"][1]["consent"] = False
    do_import(Document(changed), None)
    assert not Resident.objects.get(ref="r2").has_matching_consent
    match.refresh_from_db()
    assert match.state == Match.State.DECLINED


def test_a_need_without_a_vog_choice_gets_the_taxonomy_default(municipality):
    document = sample_document()
    del document["needs"][0]["requires_certificate"]
    document["needs"][0]["category"] = "paperwork"
    do_import(Document(document), None)
    assert Need.objects.get(ref="n1").requires_certificate is True


def broken(table: str, index: int, **changes) -> dict:
    document = sample_document()
    for key, value in changes.items():
        if value is None:
            del document[table][index][key]
        else:
            document[table][index][key] = value
    return document


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            broken("needs", 0, category="gardening"),
            "Tabel 'needs', rij 1, kenmerk 'n1', veld 'category': 'gardening' kan niet",
        ),
        (
            broken("offers", 0, availability=["mon-morning", "monday-evening"]),
            "Tabel 'offers', rij 1, kenmerk 'o1', veld 'availability': 'monday-evening' kan niet",
        ),
        (
            broken("residents", 1, name=None),
            "Tabel 'residents', rij 2, kenmerk 'r2', veld 'name': dit veld ontbreekt",
        ),
        (
            broken("residents", 0, lat="52,7"),
            "Tabel 'residents', rij 1, kenmerk 'r1', veld 'lat': '52,7' moet een getal",
        ),
        (
            broken("residents", 0, lon=None),
            "Tabel 'residents', rij 1, kenmerk 'r1', veld 'lat': vul lat en lon allebei in",
        ),
        (
            broken("needs", 0, resident="r9"),
            "Tabel 'needs', rij 1, kenmerk 'n1', veld 'resident': bewoner 'r9' bestaat niet",
        ),
        (
            broken("residents", 1, neighbourhood="nergenshuizen"),
            "Tabel 'residents', rij 2, kenmerk 'r2', veld 'neighbourhood': buurt 'nergenshuizen'",
        ),
        (
            broken("residents", 1, ref="r1"),
            "Tabel 'residents', rij 2, kenmerk 'r1', veld 'ref': 'r1' staat al in rij 1",
        ),
        (
            broken("residents", 1, certificate_of_conduct="2025-02-30"),
            "veld 'certificate_of_conduct': '2025-02-30' is geen bestaande datum",
        ),
        (
            broken("residents", 0, postcode="1234"),
            "veld 'postcode': '1234' is geen geldige postcode",
        ),
        (
            broken("needs", 0, urgency=5),
            "Tabel 'needs', rij 1, kenmerk 'n1', veld 'urgency': '5' kan niet",
        ),
        (
            broken("offers", 0, colour="blue"),
            "Tabel 'offers', rij 1, kenmerk 'o1', veld 'colour': dit veld is onbekend",
        ),
        (
            {**sample_document(), "format": "buurtwerk-import/2"},
            "Veld 'format': het formaat moet 'buurtwerk-import/1' zijn.",
        ),
    ],
)
def test_any_error_aborts_everything_with_a_dutch_message(municipality, document, expected):
    with pytest.raises(ImportFailed) as failed:
        do_import(Document(document), None)
    assert expected in str(failed.value)
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_a_late_error_rolls_back_what_was_written_before_it(municipality):
    do_import(Document(sample_document()), None)
    before = counts()
    document = sample_document()
    document["residents"][0]["name"] = "Niet Opgeslagen"
    document["needs"][0]["resident"] = "onbekend"
    with pytest.raises(ImportFailed):
        do_import(Document(document), None)
    assert counts() == before
    assert Resident.objects.get(ref="r1").name == "Jan Smit"


def test_with_two_municipalities_the_import_asks_which_one():
    Municipality.objects.create(name="Noordoostpolder")
    Municipality.objects.create(name="Urk")
    with pytest.raises(ImportFailed) as failed:
        do_import(Document(sample_document()), None)
    assert "--municipality" in str(failed.value)
    assert counts() == (0, 0, 0, 0, 0, 0)
    do_import(Document(sample_document()), None, municipality="Noordoostpolder")
    assert Neighbourhood.objects.get().district.municipality.name == "Noordoostpolder"


def documented_example() -> str:
    text = (REPOSITORY / "docs" / "import-format.md").read_text()
    return text.split("## Example")[1].split("```json")[1].split("```")[0]


def test_the_documented_example_imports_on_a_freshly_migrated_database(tmp_path):
    assert not Municipality.objects.exists()
    path = tmp_path / "voorbeeld.json"
    path.write_text(documented_example())
    out = io.StringIO()
    call_command("import", str(path), stdout=out)
    assert "Ingelezen." in out.getvalue()
    assert counts() == (1, 2, 1, 1, 1, 2)
    district = Neighbourhood.objects.get(code="espelerhof").district
    assert district.name == "Emmerveld"
    assert district.municipality.name == FIRST_MUNICIPALITY
    call_command("import", str(path), stdout=io.StringIO())
    assert Municipality.objects.count() == 1 and counts() == (1, 2, 1, 1, 1, 2)


@pytest.mark.parametrize(
    "read",
    [
        lambda document: read_csv_files(to_csv_files(document)),
        lambda document: read_csv_files(to_csv_files(document, delimiter=";")),
        lambda document: read_upload("export.zip", to_zip(document)),
        lambda document: read_upload("export.xlsx", to_xlsx(document)),
        lambda document: read_upload("export.json", json.dumps(document).encode()),
    ],
    ids=["csv", "csv-semicolon", "zip", "xlsx", "json"],
)
def test_csv_zip_and_xlsx_give_the_same_result_as_json(municipality, read):
    do_import(read(sample_document()), None)
    assert counts() == (1, 2, 1, 1, 1, 2)
    assert Offer.objects.get().max_distance_km == 3.0
    assert Resident.objects.get(ref="r2").languages == ["fy", "nl"]


def test_csv_errors_name_the_spreadsheet_row(municipality):
    document = sample_document()
    document["residents"][1]["birth_year"] = "negentienvijftig"
    with pytest.raises(ImportFailed) as failed:
        do_import(read_csv_files(to_csv_files(document)), None)
    assert "Tabel 'residents', rij 3, kenmerk 'r2', veld 'birth_year'" in str(failed.value)


def test_the_command_line_reports_problems_and_imports_nothing(municipality, tmp_path):
    path = tmp_path / "import.json"
    path.write_text(json.dumps(broken("offers", 0, per_week=9)))
    with pytest.raises(CommandError) as error:
        call_command("import", str(path))
    assert "Er is niets ingelezen" in str(error.value) and "'per_week'" in str(error.value)
    path.write_text(json.dumps(sample_document()))
    call_command("import", str(path))
    assert counts() == (1, 2, 1, 1, 1, 2)


def test_the_command_line_reads_a_folder_of_csv_files(municipality, tmp_path):
    for name, content in to_csv_files(sample_document()):
        (tmp_path / name).write_bytes(content)
    call_command("import", str(tmp_path))
    assert Need.objects.get().ref == "n1"


def upload(client, document: dict, name: str = "bestand.json"):
    content = SimpleUploadedFile(name, json.dumps(document).encode())
    return client.post(reverse("matching:import_upload"), {"file": content}, follow=True)


def test_a_buurtwerker_uploads_residents_of_their_own_neighbourhood(client, personas):
    document = sample_document()
    del document["neighbourhoods"]
    for resident in document["residents"]:
        resident["neighbourhood"] = "noorderhof"
    client.force_login(personas.fatima)
    response = upload(client, document)
    assert "Het bestand is ingelezen" in response.content.decode()
    assert Resident.objects.get(ref="r1").created_by == personas.fatima


def test_an_upload_outside_the_team_area_is_refused_entirely(client, personas):
    document = sample_document()
    del document["neighbourhoods"]
    document["residents"][0]["neighbourhood"] = "noorderhof"
    document["residents"][1]["neighbourhood"] = "zuiderhof"
    client.force_login(personas.fatima)
    html = upload(client, document).content.decode()
    assert "Er is niets ingelezen" in html
    assert "kenmerk &#x27;r2&#x27;" in html and "buiten de buurten van uw team" in html
    assert not Resident.objects.filter(ref__isnull=False).exists()


def test_an_upload_may_not_create_neighbourhoods(client, personas):
    client.force_login(personas.fatima)
    html = upload(client, sample_document()).content.decode()
    assert "Nieuwe buurten voegt de beheerder toe" in html
    assert not Neighbourhood.objects.filter(code="espelerhof").exists()


def test_volunteers_and_area_partners_cannot_open_the_upload_page(client, personas):
    for user in (personas.henk, personas.bakker):
        client.force_login(user)
        assert client.get(reverse("matching:import_upload")).status_code == 403


def test_the_documented_schema_is_the_one_the_importer_uses():
    documented = json.loads((REPOSITORY / "docs" / "import-format.schema.json").read_text())
    assert documented == schema()


def test_the_schema_lists_exactly_the_taxonomy():
    assert schema()["$defs"]["slot"]["enum"] == list(SLOTS)
    assert schema()["$defs"]["category"]["enum"] == list(CATEGORIES)


def many_residents(count: int) -> dict:
    document = sample_document()
    template = document["residents"][0]
    document["residents"] = [
        {**template, "ref": f"bulk-{number}", "name": f"Bewoner {number}"}
        for number in range(count)
    ]
    document["relations"] = []
    document["offers"] = [{**document["offers"][0], "resident": "bulk-1"}]
    document["needs"] = [{**document["needs"][0], "resident": "bulk-2"}]
    return document


def test_the_number_of_queries_does_not_grow_with_the_number_of_rows(
    municipality, django_assert_max_num_queries
):
    with django_assert_max_num_queries(60):
        report = do_import(Document(many_residents(1500)), None)
    assert report.created["residents"] == 1500
    assert Consent.objects.count() == ProcessingBasis.objects.count() == 1500


def test_a_bad_row_near_the_end_of_a_large_file_writes_nothing_and_is_named(municipality):
    document = many_residents(3000)
    document["residents"][2998]["neighbourhood"] = "nergens"
    with pytest.raises(ImportFailed) as failed:
        do_import(Document(document), None)
    assert "rij 2999" in str(failed.value) and "bulk-2998" in str(failed.value)
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_every_imported_record_is_in_the_audit_log_with_one_summary(municipality):
    from buurtwerk.audit.log import verify_chain
    from buurtwerk.audit.models import AuditEntry

    do_import(Document(many_residents(30)), None)
    created = AuditEntry.objects.filter(purpose="import", verb="create")
    assert created.filter(object_type="people.resident").count() == 30
    assert created.filter(object_type="people.consent").count() == 30
    [summary] = AuditEntry.objects.filter(object_type="matching.import")
    assert "30 nieuw" in summary.purpose
    assert verify_chain() == []


def test_progress_is_reported_per_table(municipality):
    seen = []
    do_import(Document(many_residents(20)), None, progress=lambda *step: seen.append(step))
    assert ("residents", 20, 20) in seen and ("needs", 1, 1) in seen


def test_the_command_line_shows_progress_per_table(municipality, tmp_path):
    import io

    path = tmp_path / "import.json"
    path.write_text(json.dumps(sample_document()))
    shown = io.StringIO()
    call_command("import", str(path), stderr=shown)
    assert "bewoners: 2 van 2 rijen" in shown.getvalue()
    assert "hulpvragen: 1 van 1 rijen" in shown.getvalue()
