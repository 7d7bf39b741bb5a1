"""Layer contracts, read from the import statements of the source (no Django needed).

- The pure parts (`<app>/engine/`, `core/charts/`) import no Django and nothing outside the pure
  parts, so they can be tested and benchmarked as plain Python.
- `core` imports no other app: apps plug into core through registries and hooks.
- `insight` reads other domain apps through their `queries` (its own models may point at
  theirs for foreign keys).
- `core`, `audit`, `accounts` and `people` form a ladder without cycles, in that order.

Imports inside functions count too (they hide a dependency, they do not remove it); imports
under `if TYPE_CHECKING:` do not, as they never run. Test code is not a layer and is skipped.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import buurtwerk

ROOT = Path(buurtwerk.__file__).parent
DOMAIN_APPS = ("people", "matching", "socialmap", "community", "casework", "insight")
OTHER_APPS = ("accounts", "audit", *DOMAIN_APPS)
LADDER = ("core", "audit", "accounts", "people")

# Figures that still count rows of another app directly. Moving each count into that app's
# queries shrinks this list; the test fails when an entry is no longer needed, so it stays true.
INSIGHT_READS_MODELS = {
    ("buurtwerk.insight.figures.casework", "buurtwerk.casework.models"),
    ("buurtwerk.insight.figures.community", "buurtwerk.community.models"),
    ("buurtwerk.insight.figures.matching", "buurtwerk.matching.models"),
    ("buurtwerk.insight.figures.people", "buurtwerk.community.models"),
    ("buurtwerk.insight.figures.people", "buurtwerk.matching.models"),
    ("buurtwerk.insight.figures.people", "buurtwerk.people.models"),
    ("buurtwerk.insight.figures.places", "buurtwerk.matching.models"),
    ("buurtwerk.insight.figures.places", "buurtwerk.people.models"),
    ("buurtwerk.insight.figures.socialmap", "buurtwerk.socialmap.models"),
}


@dataclass(frozen=True)
class Import:
    module: str
    target: str
    line: int

    def __str__(self) -> str:
        return f"{self.module}:{self.line} imports {self.target}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in (
        "TYPE_CHECKING",
        "typing.TYPE_CHECKING",
    )


def _runtime_nodes(node: ast.AST) -> Iterator[ast.AST]:
    for child in ast.iter_child_nodes(node):
        if _is_type_checking(child):
            continue
        yield child
        yield from _runtime_nodes(child)


def _imports_of(path: Path) -> Iterator[Import]:
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield Import(module, target, node.lineno)
            # `from . import queries` imports the submodule `queries`.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                if (ROOT.parent / candidate.replace(".", "/")).exists() or (
                    ROOT.parent / (candidate.replace(".", "/") + ".py")
                ).exists():
                    yield Import(module, candidate, node.lineno)


def _is_test_code(path: Path) -> bool:
    return "tests" in path.parts or path.name == "testing.py" or "migrations" in path.parts


def all_imports() -> list[Import]:
    return [
        found
        for path in sorted(ROOT.rglob("*.py"))
        if not _is_test_code(path)
        for found in _imports_of(path)
    ]


def _app(module: str) -> str:
    return module.split(".")[1] if module.startswith("buurtwerk.") else ""


def _is_pure(module: str) -> bool:
    parts = module.split(".")
    return (len(parts) > 2 and parts[2] == "engine") or module.startswith("buurtwerk.core.charts")


def test_the_pure_parts_import_no_django_and_nothing_impure() -> None:
    wrong = [
        str(found)
        for found in all_imports()
        if _is_pure(found.module)
        and (
            found.target.split(".")[0] in ("django", "rest_framework", "drf_spectacular")
            or (found.target.startswith("buurtwerk") and not _is_pure(found.target))
        )
    ]
    assert wrong == []


def test_core_imports_no_other_app() -> None:
    wrong = [
        str(found)
        for found in all_imports()
        if _app(found.module) == "core" and _app(found.target) in OTHER_APPS
    ]
    assert wrong == []


def test_insight_reads_other_apps_through_their_queries() -> None:
    reads: set[tuple[str, str]] = set()
    wrong = []
    for found in all_imports():
        if _app(found.module) != "insight" or _app(found.target) not in DOMAIN_APPS:
            continue
        if _app(found.target) == "insight":
            continue
        layer = found.target.split(".")[2] if found.target.count(".") >= 2 else ""
        if layer == "queries":
            continue
        if layer == "models" and found.module == "buurtwerk.insight.models":
            continue
        reads.add((found.module, found.target))
        if (found.module, found.target) not in INSIGHT_READS_MODELS:
            wrong.append(str(found))
    assert wrong == []
    assert reads >= INSIGHT_READS_MODELS, "an exception is no longer needed: remove it"


def test_core_audit_accounts_and_people_import_only_down_the_ladder() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    wrong = []
    for found in all_imports():
        source, target = _app(found.module), _app(found.target)
        if source in LADDER and target in LADDER and source != target:
            graph[source].add(target)
            if LADDER.index(target) > LADDER.index(source):
                wrong.append(str(found))
    assert wrong == []
    assert all(LADDER.index(t) < LADDER.index(s) for s, targets in graph.items() for t in targets)
