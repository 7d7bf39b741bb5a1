"""Address to location: the PDOK Locatieserver (faked here by a local HTTP server that answers
as the real one does), the fallback to the neighbourhood's middle, and no coordinates in forms."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from buurtwerk.core.testing import Personas, ResidentFactory, all_form_classes
from buurtwerk.people.geocoding import geocode, parse_locatieserver
from buurtwerk.people.models import Resident

pytestmark = pytest.mark.django_db

# One document as the Locatieserver's /free endpoint returns it for "8302AB 12", fq=type:adres.
ESPELERLAAN_12 = {
    "bron": "BAG",
    "woonplaatscode": "1712",
    "type": "adres",
    "woonplaatsnaam": "Emmeloord",
    "huis_nlt": "12",
    "openbareruimtetype": "Weg",
    "gemeentecode": "0171",
    "weergavenaam": "Espelerlaan 12, 8302AB Emmeloord",
    "straatnaam_verkort": "Espelerln",
    "id": "adr-7b3b2c4a7a2f2c8d1e2f",
    "gemeentenaam": "Noordoostpolder",
    "identificatie": "0171010000012345-0171200000012345",
    "openbareruimte_id": "0171300000001234",
    "provinciecode": "PV24",
    "postcode": "8302AB",
    "provincienaam": "Flevoland",
    "centroide_ll": "POINT(5.75231 52.71172)",
    "nummeraanduiding_id": "0171200000012345",
    "adresseerbaarobject_id": "0171010000012345",
    "huisnummer": 12,
    "provincieafkorting": "FL",
    "centroide_rd": "POINT(184523.1 521834.2)",
    "straatnaam": "Espelerlaan",
    "score": 14.5,
}


def _answer(docs: list[dict]) -> dict:
    return {"response": {"numFound": len(docs), "start": 0, "maxScore": 14.5, "docs": docs}}


class _Locatieserver(BaseHTTPRequestHandler):
    asked: list[dict[str, list[str]]] = []

    def do_GET(self) -> None:
        query = parse_qs(urlparse(self.path).query)
        self.asked.append(query)
        known = query.get("q") == ["8302AB 12"] and query.get("fq") == ["type:adres"]
        body = json.dumps(_answer([ESPELERLAAN_12] if known else [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def locatieserver(settings) -> Iterator[list[dict[str, list[str]]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Locatieserver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.BUURTWERK_GEOCODER_URL = (
        f"http://127.0.0.1:{server.server_port}/bzk/locatieserver/search/v3_1/free"
    )
    _Locatieserver.asked = []
    yield _Locatieserver.asked
    server.shutdown()
    server.server_close()


@pytest.fixture
def no_network(monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("no network when the geocoder is off")

    monkeypatch.setattr("urllib.request.urlopen", refuse)


NEW_RESIDENT = {
    "name": "Kees Bakker",
    "postcode": "8302ab",
    "house_number": "12",
    "lawful_basis": "6.1.e",
}


def test_the_locatieserver_answer_becomes_an_address() -> None:
    found = parse_locatieserver(_answer([ESPELERLAAN_12]))
    assert found is not None
    assert (found.street, found.house_number, found.postcode, found.city) == (
        "Espelerlaan", "12", "8302 AB", "Emmeloord",
    )  # fmt: skip
    assert (found.lat, found.lon) == (52.71172, 5.75231)
    assert found.label == "Espelerlaan 12, 8302 AB Emmeloord"


@pytest.mark.parametrize(
    "payload",
    [_answer([]), {}, {"response": {"docs": [{"centroide_ll": "POINT(x y)"}]}}, [], None],
)
def test_an_empty_or_strange_answer_finds_nothing(payload: object) -> None:
    assert parse_locatieserver(payload) is None


def test_postcode_and_house_number_fill_in_street_place_and_location(
    client, personas: Personas, locatieserver
) -> None:
    client.force_login(personas.fatima)
    response = client.post(
        reverse("people:resident_create"),
        {**NEW_RESIDENT, "neighbourhood": personas.north.pk},
        follow=True,
    )
    kees = Resident.objects.get(name="Kees Bakker")
    assert (kees.street, kees.city, kees.lat, kees.lon) == (
        "Espelerlaan", "Emmeloord", 52.71172, 5.75231,
    )  # fmt: skip
    assert "Adres gevonden: Espelerlaan 12, 8302 AB Emmeloord." in response.content.decode()
    assert locatieserver[-1]["fq"] == ["type:adres"] and locatieserver[-1]["q"] == ["8302AB 12"]


def test_an_unknown_address_places_the_resident_in_the_middle_of_the_neighbourhood(
    client, personas: Personas, locatieserver
) -> None:
    ResidentFactory(neighbourhood=personas.north, lat=52.70, lon=5.74)
    ResidentFactory(neighbourhood=personas.north, lat=52.72, lon=5.76)
    client.force_login(personas.fatima)
    response = client.post(
        reverse("people:resident_create"),
        {**NEW_RESIDENT, "house_number": "999", "neighbourhood": personas.north.pk},
        follow=True,
    )
    kees = Resident.objects.get(name="Kees Bakker")
    assert (kees.lat, kees.lon) == (52.71, 5.75)
    assert "in het midden van Noorderhof" in response.content.decode()
    assert locatieserver, "the fake server was asked"


def test_with_the_geocoder_off_nothing_goes_over_the_network(
    client, personas: Personas, settings, no_network
) -> None:
    settings.BUURTWERK_GEOCODER_URL = ""
    assert geocode("8302 AB", "12") is None
    Resident.objects.update(lat=None, lon=None)
    client.force_login(personas.fatima)
    response = client.post(
        reverse("people:resident_create"),
        {**NEW_RESIDENT, "neighbourhood": personas.north.pk},
        follow=True,
    )
    kees = Resident.objects.get(name="Kees Bakker")
    assert kees.lat is None and kees.lon is None
    assert "De bewoner staat nog niet op de kaart." in response.content.decode()


def test_an_unreachable_geocoder_falls_back_quietly(settings) -> None:
    settings.BUURTWERK_GEOCODER_URL = "http://127.0.0.1:9/free"
    assert geocode("8302 AB", "12") is None


def test_the_live_lookup_fills_in_street_and_place(client, personas, locatieserver) -> None:
    client.force_login(personas.fatima)
    url = reverse("people:address_lookup")
    page = client.post(url, {"postcode": "8302 AB", "house_number": "12"}).content.decode()
    assert "Gevonden: Espelerlaan 12, 8302 AB Emmeloord." in page
    assert 'id="id_street"' in page and 'value="Espelerlaan"' in page
    assert 'hx-swap-oob="true"' in page and 'value="Emmeloord"' in page
    page = client.post(url, {"postcode": "8302 AB", "house_number": "999"}).content.decode()
    assert "Dit adres konden we niet opzoeken" in page and "id_street" not in page


def test_an_area_partner_cannot_use_the_address_lookup(client, personas) -> None:
    client.force_login(personas.bakker)
    response = client.post(reverse("people:address_lookup"), {"postcode": "8302 AB"})
    assert response.status_code == 403


def test_no_form_asks_for_latitude_or_longitude() -> None:
    coordinates = {"lat", "lon", "latitude", "longitude"}
    asked = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in all_form_classes()
        for name in form.base_fields
        if name in coordinates
    ]
    assert asked == []
