"""Personal data never leaks sideways: not into logs, error pages, URLs or public paths."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.urls import reverse
from django.views import static
from rest_framework.test import APIClient

from buurtwerk.core.testing import PERSONA_PASSWORD, Personas
from buurtwerk.core.tests.routes import route_paths
from buurtwerk.people.models import Relation

pytestmark = pytest.mark.django_db


def _secrets(personas: Personas) -> list[str]:
    """What must never appear: the personas' names, address parts, phone numbers, notes."""
    values = {"Vertrouwelijk: rouwt", "06-12345678", "Espelerlaan"}
    for resident in (personas.jan, personas.marie, personas.piet):
        values |= {resident.name, resident.postcode, resident.address}
    values |= {
        name for resident in (personas.jan, personas.marie) for name in resident.name.split()
    }
    return sorted(value for value in values if value)


def _representative_requests(personas: Personas) -> None:
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.post(reverse("login"), {"username": "fatima", "password": "Jan Smit verkeerd"})
    client.post(reverse("login"), {"username": "Jan Smit", "password": PERSONA_PASSWORD})
    client.force_login(personas.fatima)
    jan = personas.jan.pk
    client.get("/bewoners/")
    client.post("/bewoners/", {"q": "Jan Smit"})
    client.get("/bewoners/", {"q": "Marie Jansen"})
    client.get(f"/bewoners/{jan}/")
    client.get(f"/bewoners/{personas.piet.pk}/")
    client.get("/bewoners/Jan%20Smit/")
    client.post(f"/bewoners/{jan}/wijzigen/", {"name": "Jan Smit", "postcode": "Espelerlaan"})
    client.post("/bewoners/nieuw/", {"name": "Marie Jansen", "phone": "06-12345678"})
    client.post(f"/bewoners/{jan}/relaties/nieuw/", {"kind": "friend", "contact_name": "Jan Smit"})
    client.post(f"/bewoners/{jan}/toestemming/intrekken/")
    client.force_login(personas.bakker)
    client.get("/bewoners/")
    client.get(f"/bewoners/{jan}/")
    api = APIClient()
    api.force_authenticate(personas.fatima)
    api.get("/api/v1/residents", {"q": "Piet Visser"})
    api.get(f"/api/v1/residents/{personas.piet.pk}")
    api.post("/api/v1/residents", {"name": "Jan Smit", "postcode": "8302 AB"}, format="json")
    api.patch(
        f"/api/v1/residents/{jan}",
        {"postcode": "Vertrouwelijk: rouwt"},
        format="json",
        HTTP_IF_MATCH=str(personas.jan.version),
    )
    api.post(
        "/api/v1/relations",
        {"resident": personas.piet.pk, "contact_name": "Jan Smit"},
        format="json",
    )
    api.force_authenticate(personas.ingrid)
    api.get(f"/api/v1/residents/{jan}/export")
    api.post(f"/api/v1/residents/{personas.marie.pk}/erase")


def test_application_logs_hold_no_personal_data(caplog, personas) -> None:
    Relation.objects.create(resident=personas.jan, other_resident=personas.marie, kind="friend")
    caplog.set_level(logging.DEBUG)
    _representative_requests(personas)
    formatter = logging.Formatter()
    logged = [
        record.getMessage()
        + (formatter.formatException(record.exc_info) if record.exc_info else "")
        for record in caplog.records
    ]
    assert logged, "the requests above log at least their 403s and 404s"
    for secret in _secrets(personas):
        leaks = [line for line in logged if secret in line]
        assert leaks == [], secret


def test_error_pages_do_not_echo_the_request(client, personas) -> None:
    client.force_login(personas.fatima)
    not_found = client.get("/bewoners/Jan%20Smit%2006-12345678/")
    assert not_found.status_code == 404
    assert "Jan Smit" not in not_found.content.decode()
    api = APIClient()
    api.force_authenticate(personas.fatima)
    for path in ("/api/v1/residents/Jan%20Smit", f"/api/v1/residents/{personas.piet.pk}"):
        response = api.get(path)
        assert response.status_code == 404
        assert "Jan Smit" not in response.content.decode()
        assert "Piet" not in response.content.decode()


def test_the_server_error_page_is_fixed_text(client, personas, monkeypatch) -> None:
    from django.test import Client

    def broken(user):
        raise RuntimeError(f"fout bij {personas.jan.name}, {personas.jan.phone}")

    crashing = Client(raise_request_exception=False)
    crashing.force_login(personas.fatima)
    monkeypatch.setattr("buurtwerk.core.views.panels_for", broken)
    response = crashing.get("/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Er ging iets mis" in content
    assert "Jan Smit" not in content and "06-12345678" not in content


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            is_url = name in {"href", "action", "src"} or name.startswith("hx-")
            # A tel: or mailto: link is dialled on the phone; it never reaches a server.
            if value and is_url and not value.startswith(("tel:", "mailto:")):
                self.urls.append(unquote(value))


def test_no_page_puts_personal_data_in_a_url(client, personas) -> None:
    client.force_login(personas.ingrid)
    jan = personas.jan.pk
    urls: list[str] = []
    for path in ("/", "/bewoners/", f"/bewoners/{jan}/", f"/bewoners/{jan}/wijzigen/",
                 f"/bewoners/{jan}/inzage/", f"/bewoners/{jan}/relaties/nieuw/"):  # fmt: skip
        parser = _Links()
        parser.feed(client.get(path).content.decode())
        urls += parser.urls
    parser = _Links()
    parser.feed(client.post("/bewoners/", {"q": "Jan"}).content.decode())
    urls += parser.urls
    assert len(urls) > 20
    for secret in _secrets(personas):
        assert [url for url in urls if secret in url] == [], secret


def test_the_resident_search_is_posted_not_put_in_the_address(client, personas) -> None:
    client.force_login(personas.fatima)
    page = client.get("/bewoners/").content.decode()
    form = re.search(r'<form[^>]*id="resident-search"[^>]*>', page)
    assert form and 'method="post"' in form.group(0) and "hx-push-url" not in form.group(0)
    found = client.post("/bewoners/", {"q": "smit"}).content.decode()
    assert "Jan Smit" in found and "Marie Jansen" not in found


def test_no_url_serves_files_from_disk() -> None:
    """Uploads and exports live in private storage (var/private) that no URL maps to."""
    for path, pattern in route_paths():
        assert pattern.callback is not static.serve, path
        assert not re.search(r"^/(media|var|private)/", path), path
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"


def test_private_storage_is_outside_the_public_static_files() -> None:
    from buurtwerk.settings import base

    private = Path(base.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    static_root = Path(base.STATIC_ROOT).resolve()
    assert private.name == "private"
    assert static_root not in private.parents and private != static_root
    assert private not in static_root.parents


@pytest.mark.parametrize(
    "path", ["/media/x.json", "/var/private/x.json", "/private/x.json", "/static/../private/x"]
)
def test_guessing_a_file_path_finds_nothing(client, personas, path) -> None:
    client.force_login(personas.fatima)
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/bewoners/12/", "/bewoners/12/"),
        ("/bewoners/Jan Smit/", "/[onbekend pad]"),
        ("/api/v1/residents/Jan Smit", "/api/v1/residents/…"),
        ("/bewoners/?q=Jan", "/bewoners/"),
    ],
)
def test_logged_paths_keep_our_own_parts_and_ids_only(path, logged) -> None:
    from buurtwerk.core.logs import RedactRequestPaths

    record = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "%s: %s", ("Not Found", path), None
    )
    RedactRequestPaths().filter(record)
    assert record.getMessage() == f"Not Found: {logged}"
    line = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"%s" %s %s',
        (f"GET {path.replace(' ', '%20')} HTTP/1.1", 404, 0),
        None,
    )
    RedactRequestPaths().filter(line)
    assert line.getMessage() == f'"GET {logged} HTTP/1.1" 404 0'
