"""The OpenAPI schema in the repository is the one the code serves, and it documents itself."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command

CHECKED_IN = Path(settings.PACKAGE_DIR).parent.parent / "docs" / "openapi.yaml"
METHODS = {"get", "post", "put", "patch", "delete"}


def generated(tmp_path: Path) -> str:
    target = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(target))
    return target.read_text(encoding="utf-8")


def test_the_checked_in_schema_is_the_one_the_code_generates(tmp_path) -> None:
    assert generated(tmp_path) == CHECKED_IN.read_text(encoding="utf-8"), (
        "docs/openapi.yaml is out of date: run `make schema` and commit the result."
    )


def test_every_operation_has_a_summary_and_a_description() -> None:
    schema = yaml.safe_load(CHECKED_IN.read_text(encoding="utf-8"))
    operations = [
        (method.upper(), path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method in METHODS
    ]
    assert len(operations) > 60
    undocumented = [
        f"{method} {path}"
        for method, path, operation in operations
        if not operation.get("summary") or not operation.get("description")
    ]
    assert undocumented == []


def test_the_title_and_description_are_dutch_and_english() -> None:
    info = yaml.safe_load(CHECKED_IN.read_text(encoding="utf-8"))["info"]
    assert "sociale wijkteams" in info["title"] and "neighbourhood work" in info["title"]
    assert "**Nederlands.**" in info["description"] and "**English.**" in info["description"]
