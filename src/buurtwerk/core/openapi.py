"""How the OpenAPI schema describes each operation (drf-spectacular)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import extend_schema, extend_schema_view


def _first_sentence(text: str) -> str:
    return text.strip().split("\n")[0].split(". ")[0].rstrip(".")


def described(**operations: str) -> Callable[[Any], Any]:
    """Document a viewset's operations in the OpenAPI schema: per action one text, whose first
    sentence is the summary and which as a whole is the description."""
    return extend_schema_view(
        **{
            action: extend_schema(summary=_first_sentence(text), description=text)
            for action, text in operations.items()
        }
    )


class AutoSchema(SpectacularAutoSchema):
    """Every operation gets a summary: the first sentence of its description (the docstring)
    when none is given, so the documentation's menu never shows a bare path."""

    def get_summary(self) -> str | None:
        return super().get_summary() or _first_sentence(self.get_description() or "") or None


# Bounds Django derives from the database's column types (they differ between SQLite and
# PostgreSQL); they describe storage, not the API, so the schema leaves them out.
_STORAGE_BOUNDS = {
    32767,
    2147483647,
    9223372036854775807,
    -32768,
    -2147483648,
    -9223372036854775808,
}


def without_storage_bounds(result: Any, generator: Any, request: Any, public: Any) -> Any:
    """Postprocessing hook: the same schema on every database."""

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for bound in ("maximum", "minimum"):
                if node.get(bound) in _STORAGE_BOUNDS:
                    del node[bound]
            if node.get("type") == "integer" and node.get("format") == "int64":
                del node["format"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
