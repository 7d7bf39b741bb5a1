"""Bad input through the real doors: the API, Open311, the upload page and both importers.

Each is refused with a clear Dutch message, answers no 500 and writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from buurtwerk.casework.models import Signal
from buurtwerk.core.tests.test_untrusted import zip_bomb
from buurtwerk.matching.importer import Document, ImportFailed, ImportProblem, read_upload
from buurtwerk.matching.importing import do_import
from buurtwerk.matching.tests.import_samples import sample_document
from buurtwerk.people.models import District, Municipality, Neighbourhood, Resident
from buurtwerk.socialmap.hsds.reader import HsdsFileError, read_path
from buurtwerk.socialmap.interchange import MapSnapshot, csv_files
from buurtwerk.socialmap.models import HSDS_MODELS

pytestmark = pytest.mark.django_db

OPEN311 = "/api/v1/open311/requests"
LITTER = {"service_code": "litter", "description": "Zwerfvuil", "neighbourhood": "noorderhof"}


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@given(depth=st.integers(min_value=65, max_value=100_000))
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_deeply_nested_json_gets_a_dutch_400_on_every_api_post(api, personas, depth) -> None:
    body = '{"description": ' + deep(depth) + "}"
    anonymous = api.post(OPEN311, body, content_type="application/json")
    assert anonymous.status_code == 400 and "te diep genest" in anonymous.content.decode()
    api.force_authenticate(personas.henk)
    signed_in = api.post("/api/v1/signals", body, content_type="application/json")
    assert signed_in.status_code == 400 and "te diep genest" in signed_in.json()["detail"]
    api.force_authenticate(None)
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/api/v1/residents?search=Jan%00", None),
        ("get", "/api/v1/signals?neighbourhood=noord%00erhof", None),
        ("get", "/api/v1/residents/1%00", None),
        ("post", OPEN311, {**LITTER, "description": "Zwerf\x00vuil"}),
        ("post", OPEN311, {**LITTER, "neighbourhood": "noorderhof\x00"}),
        ("get", "/sociale-kaart/?vraag=eten%00", None),
    ],
)
def test_a_nul_character_is_refused_with_400_and_never_stored(
    api, personas, method, url, data
) -> None:
    api.force_authenticate(personas.fatima if method == "get" else None)
    response = getattr(api, method)(url, data) if data else getattr(api, method)(url)
    assert response.status_code == 400 and "NUL-teken" in response.content.decode()
    assert not Signal.objects.exists()


def test_a_nul_character_in_api_json_is_refused(api, personas) -> None:
    api.force_authenticate(personas.henk)
    body = {"category": "loneliness", "description": "Jan\x00", "neighbourhood": "noorderhof",
            "source": "walk_in"}  # fmt: skip
    response = api.post("/api/v1/signals", body, format="json")
    assert response.status_code == 400 and "NUL-teken" in response.json()["detail"]
    assert not Signal.objects.exists()


def test_open311_refuses_a_json_body_that_is_no_object(api, personas) -> None:
    response = api.post(OPEN311, [LITTER], format="json")
    assert response.status_code == 400 and not Signal.objects.exists()


# The matching import ---------------------------------------------------------------------------


@pytest.fixture
def municipality() -> Municipality:
    return Municipality.objects.create(name="Noordoostpolder")


def test_a_zip_bomb_upload_is_refused_quickly_and_imports_nothing(client, personas) -> None:
    client.force_login(personas.fatima)
    upload = SimpleUploadedFile("bewoners.zip", zip_bomb(), content_type="application/zip")
    response = client.post(reverse("matching:import_upload"), {"file": upload}, follow=True)
    assert "zip-bom" in response.content.decode()
    assert not Resident.objects.filter(ref__isnull=False).exists()


def test_an_xlsx_zip_bomb_is_refused_before_openpyxl_unpacks_it() -> None:
    with pytest.raises(ImportProblem, match="zip-bom"):
        read_upload("bewoners.xlsx", zip_bomb())


@given(depth=st.integers(min_value=65, max_value=100_000))
@settings(max_examples=10, deadline=None)
def test_deeply_nested_import_json_is_a_clear_problem(depth: int) -> None:
    content = ('{"format": "buurtwerk-import/1", "residents": ' + deep(depth) + "}").encode()
    with pytest.raises(ImportProblem, match="te diep genest"):
        read_upload("import.json", content)


@pytest.mark.parametrize("name", ["residents.csv", "import.json"])
def test_a_nul_character_in_an_import_file_is_a_clear_problem(name: str) -> None:
    if name.endswith(".csv"):
        content = b"ref,name,neighbourhood\nr1,Jan\x00,espelerhof\n"
    else:
        content = json.dumps({"format": "buurtwerk-import/1", "residents": [{"ref": "r\x00"}]})
        content = content.encode()
    with pytest.raises(ImportProblem, match="NUL-teken"):
        read_upload(name, content)


@pytest.mark.parametrize("constant", ["NaN", "Infinity"])
def test_lat_nan_or_infinity_is_refused_and_nothing_is_written(municipality, constant) -> None:
    text = json.dumps(sample_document()).replace("52.711", constant)
    with pytest.raises(ImportProblem, match="geen getal"):
        read_upload("import.json", text.encode())
    assert not Resident.objects.exists()


def test_a_spreadsheet_nan_becomes_a_schema_problem(municipality) -> None:
    document = sample_document()
    document["residents"][0]["lat"] = "nan"
    with pytest.raises(ImportFailed, match="lat"):
        do_import(Document(document), None)
    assert not Resident.objects.exists()


def test_an_import_does_not_move_another_municipalitys_neighbourhood(personas) -> None:
    home = personas.north.district.municipality
    other = Municipality.objects.create(name="Andere Gemeente")
    District.objects.create(municipality=other, name="Emmerveld")
    document = sample_document()
    hijack = {"code": "noorderhof", "name": "Gekaapt", "district": "Emmerveld"}
    document["neighbourhoods"] = [hijack]
    for resident in document["residents"]:
        resident["neighbourhood"] = "noorderhof"
    for municipality in ("Andere Gemeente", None):
        with pytest.raises(ImportFailed, match=f"hoort bij gemeente {home.name}"):
            do_import(Document(document), None, municipality=municipality)
    north = Neighbourhood.objects.get(code="noorderhof")
    assert north.district.municipality == home and north.name == "Noorderhof"
    assert not Resident.objects.filter(ref__isnull=False).exists()


# The HSDS import and export -------------------------------------------------------------------


def _service(**fields) -> dict:
    return {"id": str(uuid.uuid4()), "name": "Buurthuis", "status": "active", **fields}


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", " JAVASCRIPT:alert(1)", "data:text/html,x"]
)
def test_an_hsds_link_that_runs_code_is_refused(tmp_path, url: str) -> None:
    path = tmp_path / "service.json"
    path.write_text(json.dumps([_service(url=url)]))
    with pytest.raises(HsdsFileError, match="moet een webadres zijn"):
        read_path(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "x", "name": ' + "[" * 5000 + "]" * 5000 + "}", "te diep genest"),
        (json.dumps([_service(name="Buurt\x00huis")]), "NUL-teken"),
        ('[{"id": "a", "name": "b", "status": "active", "x": NaN}]', "geen getal"),
    ],
)
def test_bad_hsds_json_is_a_clear_error(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "service.json"
    path.write_text(content)
    with pytest.raises(HsdsFileError, match=message):
        read_path(path)


def test_an_hsds_zip_bomb_is_refused(tmp_path) -> None:
    path = tmp_path / "package.zip"
    path.write_bytes(zip_bomb())
    with pytest.raises(HsdsFileError, match="zip-bom"):
        read_path(path)


def test_an_hsds_csv_latitude_of_nan_is_refused(tmp_path) -> None:
    location = {"id": str(uuid.uuid4()), "location_type": "physical", "latitude": "NaN",
                "longitude": "5.1"}  # fmt: skip
    folder = tmp_path / "package"
    folder.mkdir()
    with open(folder / "locations.csv", "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(location))
        writer.writeheader()
        writer.writerow(location)
    with pytest.raises(HsdsFileError, match="latitude"):
        read_path(folder)


def test_the_hsds_csv_export_neutralises_formulas() -> None:
    service = HSDS_MODELS["service"]
    organization = HSDS_MODELS["organization"]
    org = organization.objects.create(id=str(uuid.uuid4()), name="Org")
    service.objects.create(
        id=str(uuid.uuid4()), organization_id=org.pk, status="active",
        name='=HYPERLINK("http://x","klik")', description=" =1+1",
        alternate_name="＝1+1",
    )  # fmt: skip
    text = csv_files(MapSnapshot())["services.csv"]
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["name"].startswith("'=") and row["description"].startswith("' =")
    assert row["alternate_name"].startswith("'＝")


def test_the_zip_the_bomb_helper_makes_is_valid() -> None:
    with zipfile.ZipFile(io.BytesIO(zip_bomb(2))) as archive:
        assert archive.testzip() is None
