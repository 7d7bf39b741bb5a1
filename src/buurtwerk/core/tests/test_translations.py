"""English beside Dutch: the catalogue covers every text and the staff can switch language."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

PACKAGE = Path(settings.PACKAGE_DIR)
CATALOGUE = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|\{\w*\}")


def entries() -> list[polib.POEntry]:
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def test_every_text_in_the_catalogue_has_an_english_translation() -> None:
    missing = [
        entry.msgid
        for entry in entries()
        if "fuzzy" in entry.flags
        or (entry.msgid_plural and not all(entry.msgstr_plural.values()))
        or (not entry.msgid_plural and not entry.msgstr)
    ]
    assert missing == [], "run `make messages` and translate these in django.po"


def test_translations_keep_every_placeholder() -> None:
    for entry in entries():
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        targets = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for source, target in zip(sources, targets, strict=False):
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), (
                entry.msgid
            )


def test_the_compiled_catalogue_is_the_one_in_the_po_file() -> None:
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    stale = [
        entry.msgid
        for entry in entries()
        if not entry.msgid_plural and translations.gettext(entry.msgid) != entry.msgstr
    ]
    assert stale == [], "run `make messages` to compile django.mo"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_every_text_in_the_code_is_in_the_catalogue(tmp_path) -> None:
    copy = tmp_path / "buurtwerk"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("tests", "__pycache__", "*.mo"))
    (copy / "locale" / "en" / "LC_MESSAGES" / "django.po").unlink()
    subprocess.run(  # noqa: S603 - our own interpreter and Django's makemessages
        [sys.executable, "-m", "django", "makemessages", "--locale", "en", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "buurtwerk.settings.test",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(PACKAGE.parent),
        },
    )
    in_code = {entry.msgid for entry in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))}
    in_catalogue = {entry.msgid for entry in entries()}
    assert sorted(in_code - in_catalogue) == [], "run `make messages` and translate the new texts"


@pytest.fixture
def back_to_dutch() -> Iterator[None]:
    """LocaleMiddleware leaves the last request's language active in this thread."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
def test_dutch_is_the_default_and_staff_can_switch_to_english(
    client, personas, back_to_dutch
) -> None:
    client.force_login(personas.fatima)
    dutch = client.get("/").content.decode()
    assert (
        '<html lang="nl">' in dutch and "Uitloggen" in dutch and 'action="/taal/setlang/"' in dutch
    )
    response = client.post("/taal/setlang/", {"language": "en", "next": "/bewoners/"})
    assert response.status_code == 302 and response["Location"] == "/bewoners/"
    english = client.get("/").content.decode()
    assert '<html lang="en">' in english and "Log out" in english and "Uitloggen" not in english
