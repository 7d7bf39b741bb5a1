"""Checking an import document against the JSON Schema, with Dutch messages per row and field."""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from .reading import FORMAT, TABLES, Document, ImportProblem, schema

# Enough to fix a file in one go without burying the first problem.
MAX_PROBLEMS = 25

TYPE_NAMES = {
    "string": "tekst",
    "number": "een getal",
    "integer": "een geheel getal",
    "boolean": "ja of nee (true of false)",
    "array": "een lijst",
    "object": "een rij met velden",
    "null": "leeg",
}
FIELD_HINTS = {
    "code": "gebruik alleen letters, cijfers, - en _",
    "neighbourhood": "gebruik de code van de buurt: alleen letters, cijfers, - en _",
    "languages": "gebruik taalcodes zoals nl, tr of ar",
    "ref": "een kenmerk mag niet beginnen of eindigen met een spatie",
    "resident": "een kenmerk mag niet beginnen of eindigen met een spatie",
    "from": "een kenmerk mag niet beginnen of eindigen met een spatie",
    "to": "een kenmerk mag niet beginnen of eindigen met een spatie",
}


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


@cache
def _quick_validator() -> jsonschema_rs.Draft202012Validator:
    """The same schema compiled in Rust: a large valid file is checked in a fraction of the time.

    Only the Python validator explains what is wrong, so it runs once this one finds a problem.
    """
    return jsonschema_rs.Draft202012Validator(schema())


def _choices(values: list[Any]) -> str:
    shown = ", ".join(str(value) for value in values[:12])
    return shown + (", ..." if len(values) > 12 else "")


def _message(error: SchemaError, field: str | None) -> tuple[str, str | None]:
    """The Dutch message for one schema error, and the field it is about."""
    kind = error.validator
    value = error.instance
    if kind == "required":
        present = value if isinstance(value, dict) else {}
        missing = [name for name in error.validator_value if name not in present]
        return "dit veld ontbreekt en is verplicht.", missing[0] if missing else field
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        return "dit veld is onbekend; controleer de spelling.", extra[0] if extra else field
    if kind == "const" and field == "format":
        return f"het formaat moet '{FORMAT}' zijn.", field
    if kind == "type":
        types = error.validator_value
        types = [types] if isinstance(types, str) else types
        wanted = " of ".join(TYPE_NAMES.get(t, t) for t in types)
        return f"'{value}' moet {wanted} zijn.", field
    if kind == "enum":
        return f"'{value}' kan niet; kies uit: {_choices(error.validator_value)}.", field
    if kind == "minimum":
        return f"{value} is te klein; het minimum is {error.validator_value}.", field
    if kind == "maximum":
        return f"{value} is te groot; het maximum is {error.validator_value}.", field
    if kind == "minLength":
        return "dit veld mag niet leeg zijn.", field
    if kind == "maxLength":
        return f"de tekst is te lang (hoogstens {error.validator_value} tekens).", field
    if kind == "minItems":
        return "kies minstens één dagdeel.", field
    if kind == "uniqueItems":
        return "er staat iets dubbel in de lijst.", field
    if kind == "pattern":
        hint = FIELD_HINTS.get(field or "", "de vorm klopt niet")
        return f"'{value}' kan niet: {hint}.", field
    if kind == "oneOf" and field == "certificate_of_conduct":
        return (
            f"'{value}' kan niet: gebruik true, false of de datum van de VOG (JJJJ-MM-DD).",
            field,
        )
    return f"'{value}' is ongeldig.", field


def _problem(error: SchemaError, document: Document) -> ImportProblem:
    path = list(error.absolute_path)
    table = path[0] if path and path[0] in TABLES else None
    row = ref = None
    field = next((part for part in path[2:] if isinstance(part, str)), None)
    if table and len(path) > 1 and isinstance(path[1], int):
        row = document.row_of(table, path[1])
        item = document.data[table][path[1]]
        if isinstance(item, dict) and isinstance(item.get("ref"), str):
            ref = item["ref"]
    elif path and isinstance(path[0], str) and table is None:
        field = path[0]
    message, field = _message(error, field)
    if table and len(path) == 1:
        message = f"de tabel moet een lijst met rijen zijn; {message}"
    return ImportProblem(message, table=table, row=row, ref=ref, field=field)


def _file_order(error: SchemaError) -> tuple[int, list[str]]:
    path = list(error.absolute_path)
    table = TABLES.index(path[0]) if path and path[0] in TABLES else -1
    return table, [str(part).zfill(9) if isinstance(part, int) else str(part) for part in path]


def validate(document: Document) -> list[ImportProblem]:
    """Every way in which `document` breaks the schema (at most MAX_PROBLEMS), in file order."""
    if _quick_validator().is_valid(document.data):
        return []
    errors = sorted(_validator().iter_errors(document.data), key=_file_order)
    problems = []
    seen = set()
    for error in errors:
        problem = _problem(error, document)
        if str(problem) not in seen:
            seen.add(str(problem))
            problems.append(problem)
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems
