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
