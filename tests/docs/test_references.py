"""What the documentation names exists: files, `buurtwerk` commands, `make` targets, settings.

Docs drift when code moves; this keeps every concrete reference in README.md and docs/*.md tied
to the code. Examples of a user's own files are written without a folder (`FILE`, `kaart.json`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "buurtwerk"
DOCS = sorted([ROOT / "README.md", ROOT / "bench" / "README.md", *(ROOT / "docs").glob("*.md")])
CODE_SPAN = re.compile(r"`([^`\n]+)`")
PATH = re.compile(r"^[\w.-]+(?:/[\w.-]+)*(?:/|\.(?:py|md|json|yaml|txt|html|toml|csv|js|css))$")
# Made at run time or kept beside the repository, not part of it.
NOT_IN_REPOSITORY = ("var/", "../")
TEMPLATE_DIRS = [folder for folder in PACKAGE.glob("*/templates")]
COMMAND = re.compile(r"(?:^|\.venv/bin/|\s)buurtwerk ([a-z_]+)")
MAKE = re.compile(r"(?:^|\s)make ([a-z-]+)")
SETTING = re.compile(r"\bBUURTWERK_[A-Z0-9_]+\b")
CODE_FILES = [
    *PACKAGE.rglob("*.py"),
    *(ROOT / "scripts").iterdir(),
    *(ROOT / "bench").glob("*.py"),
    *(ROOT / "tests").rglob("*.py"),
    ROOT / "Makefile",
    *(ROOT / ".ci").iterdir(),
]


def spans(doc: Path) -> list[str]:
    text = doc.read_text(encoding="utf-8")
    fenced = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    return CODE_SPAN.findall(text) + [line for block in fenced for line in block.splitlines()]


def exists(reference: str) -> bool:
    reference = reference.rstrip("/")
    candidates = [ROOT / reference, ROOT / "src" / reference, PACKAGE / reference]
    candidates += [ROOT / "docs" / reference, *(folder / reference for folder in TEMPLATE_DIRS)]
    return reference.startswith(NOT_IN_REPOSITORY) or any(path.exists() for path in candidates)


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_every_file_a_doc_names_exists(doc: Path) -> None:
    named = {span for span in spans(doc) if PATH.match(span) and "/" in span.rstrip("/")}
    assert sorted(span for span in named if not exists(span)) == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_every_buurtwerk_command_a_doc_names_exists(doc: Path) -> None:
    known = set(get_commands())
    named = {match for span in spans(doc) for match in COMMAND.findall(span)}
    assert sorted(named - known) == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda doc: str(doc.relative_to(ROOT)))
def test_every_make_target_a_doc_names_exists(doc: Path) -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z-]+):", makefile, flags=re.M))
    named = {match for span in spans(doc) for match in MAKE.findall(span)}
    assert sorted(named - targets) == []


def test_every_setting_the_docs_name_is_read_by_the_code() -> None:
    code = "\n".join(path.read_text(encoding="utf-8") for path in CODE_FILES if path.is_file())
    named = {name for doc in DOCS for name in SETTING.findall(doc.read_text(encoding="utf-8"))}
    assert named, "the docs name no setting at all: is the pattern still right?"
    assert sorted(name for name in named if name not in code) == []
