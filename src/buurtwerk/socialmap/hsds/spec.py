"""The HSDS 3.0 tables, their fields, how they nest in JSON, and record validation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from buurtwerk.core.untrusted import is_safe_link

HERE = Path(__file__).resolve().parent
SCHEMA_DIR = HERE / "schema"
DATAPACKAGE = HERE / "datapackage.json"

# Dutch names of the tables, for messages that a buurtwerker can act on.
TABLE_LABELS = {
    "organization": "organisatie",
    "program": "programma",
    "service": "dienst",
    "attribute": "kenmerk",
    "service_at_location": "dienst op locatie",
    "location": "locatie",
    "phone": "telefoonnummer",
    "contact": "contactpersoon",
    "address": "adres",
    "schedule": "openingstijd",
    "funding": "financiering",
    "service_area": "werkgebied",
    "required_document": "document",
    "language": "taal",
    "accessibility": "toegankelijkheid",
    "taxonomy_term": "thema",
    "metadata": "wijzigingsgegeven",
    "meta_table_description": "tabelbeschrijving",
    "cost_option": "tarief",
    "organization_identifier": "registratienummer",
    "taxonomy": "indeling",
}

# JSON nesting: property -> table of the records in a list under a parent record.
NESTED_LISTS: dict[str, dict[str, str]] = {
    "organization": {
        "funding": "funding", "contacts": "contact", "phones": "phone", "locations": "location",
        "programs": "program", "organization_identifiers": "organization_identifier",
        "services": "service",
    },
    "service": {
        "phones": "phone", "schedules": "schedule", "service_areas": "service_area",
        "service_at_locations": "service_at_location", "languages": "language",
        "funding": "funding", "cost_options": "cost_option",
        "required_documents": "required_document", "contacts": "contact",
    },
    "service_at_location": {"contacts": "contact", "phones": "phone", "schedules": "schedule"},
    "location": {
        "languages": "language", "addresses": "address", "contacts": "contact",
        "accessibility": "accessibility", "phones": "phone", "schedules": "schedule",
    },
    "contact": {"phones": "phone"},
    "phone": {"languages": "language"},
}  # fmt: skip

# JSON nesting: property -> (table, field of the parent that holds the nested record's id).
NESTED_OBJECTS: dict[str, dict[str, tuple[str, str]]] = {
    "service": {
        "organization": ("organization", "organization_id"),
        "program": ("program", "program_id"),
    },
    "service_at_location": {
        "location": ("location", "location_id"),
        "service": ("service", "service_id"),
    },
    "attribute": {"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", "taxonomy_id")},
}

# Attributes and metadata may hang under any record: property -> (table, id field, type field).
GENERIC_LISTS: dict[str, tuple[str, str, str]] = {
    "attributes": ("attribute", "link_id", "link_entity"),
    "metadata": ("metadata", "resource_id", "resource_type"),
}


@dataclass(frozen=True)
class Table:
    """One HSDS table: its name, CSV file and fields in the official column order."""

    name: str
    path: str
    fields: tuple[str, ...]
    number_fields: frozenset[str]

    @property
    def label(self) -> str:
        return TABLE_LABELS.get(self.name, self.name)


@cache
def tables() -> dict[str, Table]:
    """All HSDS tables, in the order of the official data package."""
    package = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    result = {}
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        result[resource["name"]] = Table(
            name=resource["name"],
            path=resource["path"],
            fields=tuple(field["name"] for field in fields),
            number_fields=frozenset(f["name"] for f in fields if f["type"] == "number"),
        )
    return result


def table_for_path(path: str) -> Table | None:
    return next((table for table in tables().values() if table.path == path), None)


@cache
def _registry() -> Registry:
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text("utf-8")), DRAFT202012))
        for path in SCHEMA_DIR.glob("*.json")
    ]
    return Registry().with_resources(resources)


@cache
def _validator(table: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{table}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=_registry())


TYPE_WORDS = {
    "string": "een tekst",
    "number": "een getal",
    "array": "een lijst",
    "object": "een record",
}


def _dutch_message(table: Table, record_id: str, error: SchemaError) -> str:
    where = f"{table.label} '{record_id}'" if record_id else f"{table.label} zonder id"
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else "?"
        return f"{where}: het verplichte veld '{missing}' ontbreekt."
    field = ".".join(str(part) for part in error.absolute_path) or "?"
    shown = repr(error.instance)[:40]
    if error.validator == "type":
        expected = TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
        return f"{where}: het veld '{field}' moet {expected} zijn, niet {shown}."
    if error.validator == "enum":
        allowed = ", ".join(str(value) for value in error.validator_value)
        return (
            f"{where}: het veld '{field}' heeft de onbekende waarde {shown}; kies uit: {allowed}."
        )
    return f"{where}: het veld '{field}' klopt niet ({error.validator})."


@cache
def link_fields(table_name: str) -> frozenset[str]:
    """Fields the schema calls a URI: shown as links, so only safe schemes may be in them."""
    schema = json.loads((SCHEMA_DIR / f"{table_name}.json").read_text(encoding="utf-8"))
    properties = schema.get("properties", {})
    return frozenset(name for name, prop in properties.items() if prop.get("format") == "uri")


def validate_record(table_name: str, record: dict[str, Any]) -> list[str]:
    """Dutch messages for everything wrong with one flat record (empty when it is valid)."""
    table = tables()[table_name]
    record_id = record.get("id")
    shown_id = record_id if isinstance(record_id, str) else ""
    messages = [
        _dutch_message(table, shown_id, error)
        for error in sorted(_validator(table_name).iter_errors(record), key=str)
    ]
    if isinstance(record_id, str) and not record_id.strip():
        messages.append(f"{table.label}: het veld 'id' is leeg.")
    if isinstance(record_id, str) and len(record_id) > 255:
        messages.append(f"{table.label} '{record_id[:40]}...': het id is langer dan 255 tekens.")
    for name in sorted(link_fields(table_name)):
        link = record.get(name)
        if isinstance(link, str) and not is_safe_link(link):
            messages.append(
                f"{table.label} '{shown_id}': het veld '{name}' moet een webadres zijn dat begint "
                f"met http:// of https://, niet {link[:40]!r}."
            )
    unknown = sorted(set(record) - set(table.fields))
    if unknown:
        messages.append(f"{table.label} '{shown_id}': onbekend veld '{unknown[0]}'.")
    return messages
