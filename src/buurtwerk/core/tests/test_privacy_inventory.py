"""docs/privacy.md describes every model and field that exists: the register cannot drift.

A model of any installed app (ours, other domains', third-party) must either have a section
`### app_label.Model` with one table row per field, plus its legal basis, who sees it and its
retention, or be listed under "No personal data".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

PRIVACY_DOC = Path(settings.PACKAGE_DIR).parent.parent / "docs" / "privacy.md"
REQUIRED_STATEMENTS = ("**Legal basis**", "**Who sees it**", "**Retention**")


def _doc() -> str:
    return PRIVACY_DOC.read_text(encoding="utf-8")


def _sections() -> dict[str, str]:
    inventory = _doc().split("## Data inventory", 1)[1].split("\n## ", 1)[0]
    parts = re.split(r"^### (\S+)\s*$", inventory, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _without_personal_data() -> set[str]:
    listing = _doc().split("## No personal data", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^- `([\w.]+)`", listing, flags=re.MULTILINE))


def _documented_fields(section: str) -> set[str]:
    return set(re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE))


def _models() -> dict[str, type]:
    return {
        model._meta.label: model
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed
    }


def _fields(model: type) -> set[str]:
    return {
        field.name
        for field in model._meta.get_fields()
        if field.concrete or (field.many_to_many and not field.auto_created)
    }


def test_every_model_is_in_the_register() -> None:
    documented = set(_sections()) | _without_personal_data()
    missing = sorted(set(_models()) - documented)
    assert missing == [], f"describe these models in docs/privacy.md: {missing}"


def test_the_register_names_no_model_that_does_not_exist() -> None:
    documented = set(_sections()) | _without_personal_data()
    assert sorted(documented - set(_models())) == []
    assert not set(_sections()) & _without_personal_data()


@pytest.mark.parametrize("label", sorted(_sections()))
def test_every_field_of_a_personal_data_model_is_described(label: str) -> None:
    model = _models().get(label)
    if model is None:
        pytest.fail(f"{label} is in docs/privacy.md but is not a model")
    section = _sections()[label]
    documented = _documented_fields(section)
    assert sorted(_fields(model) - documented) == [], f"{label}: fields missing from the table"
    assert sorted(documented - _fields(model)) == [], f"{label}: rows for fields that do not exist"
    for statement in REQUIRED_STATEMENTS:
        assert statement in section, f"{label}: no {statement}"


def test_the_people_domain_is_covered_in_full() -> None:
    """The register is checked against live models, not against a copy of itself."""
    people = {model._meta.label for model in apps.get_app_config("people").get_models()}
    assert people <= set(_sections()) | _without_personal_data()
    assert "name" in _documented_fields(_sections()["people.Resident"])
