"""HSDS in and out of the database: saving read tables, the map as HSDS JSON and CSV.

`MapSnapshot` loads every HSDS table in one query each and assembles services in the nested
shape of HSDS `compiled/service.json`. The JSON export, the API and the search index all use
it, so they show the same thing. The CSV export writes every table, so nothing that was
imported is left out.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.db import models
from django.db.models import F

from buurtwerk.core.text import spreadsheet_safe

from .hsds.reader import HsdsTables
from .hsds.spec import DATAPACKAGE, tables
from .models import HSDS_MODELS, HsdsRecord, MapRevision

# Contacts name individual staff, `assurer_email` is the address of whoever checked the service,
# `attention` names the person an address is for: the public pages and the anonymous API leave
# them out.
PERSONAL_KEYS = frozenset({"contacts", "assurer_email", "attention"})
# Change history (HSDS `metadata`) says who changed what from which value to which; HSDS requires
# these keys, so anonymous readers get them empty: the date and kind of change stay.
PERSONAL_METADATA_KEYS = frozenset({"updated_by", "previous_value", "replacement_value"})


def hsds_columns(model: type[HsdsRecord]) -> dict[str, str]:
    """HSDS field name -> model attribute name (a reference `organization_id` is a column)."""
    return {
        str(field.column): field.attname
        for field in model._meta.concrete_fields
        if field.column not in model.platform_columns
    }


def save_tables(read: HsdsTables) -> dict[str, int]:
    """Insert or update every record read from a file; returns the count per table.

    A record that exists is overwritten with the file's values: the file is the source for the
    records it contains. Callers run this inside a transaction (see actions.do_import_hsds).
    """
    counts: dict[str, int] = {}
    for table_name, rows in read.records.items():
        if not rows:
            continue
        model = HSDS_MODELS[table_name]
        columns = hsds_columns(model)
        fields = {field.attname: field for field in model._meta.concrete_fields}
        hsds_fields = [name for name in tables()[table_name].fields if name in columns]
        existing: set[str] = set()
        ids = list(rows)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            existing |= set(
                model._default_manager.filter(pk__in=chunk).values_list("pk", flat=True)
            )
        new: list[HsdsRecord] = []
        changed: list[HsdsRecord] = []
        for record_id, row in rows.items():
            values = {
                columns[name]: _stored(fields[columns[name]], row.get(name)) for name in hsds_fields
            }
            instance = model(**values)
            (changed if record_id in existing else new).append(instance)
        model._default_manager.bulk_create(new, batch_size=500)
        update_fields = [columns[name] for name in hsds_fields if name != "id"]
        if changed and update_fields:
            model._default_manager.bulk_update(changed, fields=update_fields, batch_size=500)
            if "version" in model.platform_columns:
                # A form opened before the import must not save over what the file brought.
                stale = model._default_manager.filter(pk__in=[record.pk for record in changed])
                stale.update(**{"version": F("version") + 1})
        counts[table_name] = len(rows)
    return counts


def _stored(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None if field.null else field.get_default()
    if isinstance(field, models.FloatField):
        return float(value)
    return value


def _exported(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def bump_revision() -> int:
    """Raise the map's revision: cached search indexes and snapshots rebuild on next use."""
    revision, _created = MapRevision.objects.select_for_update().get_or_create(pk=1)
    revision.number += 1
    revision.token = uuid.uuid4().hex
    revision.save(update_fields=["number", "token"])
    return revision.number


def current_revision_token() -> str:
    return MapRevision.objects.filter(pk=1).values_list("token", flat=True).first() or ""


class MapSnapshot:
    """Every HSDS record in memory, indexed by id and by the references pointing at it."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[str, dict[str, Any]]] = {}
        self._by: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}
        for table_name, model in HSDS_MODELS.items():
            columns = hsds_columns(model)
            order = tables()[table_name].fields
            rows = {}
            for values in model._default_manager.order_by("pk").values(*columns.values()):
                row = {
                    name: _exported(values[columns[name]])
                    for name in order
                    if name in columns and values[columns[name]] is not None
                }
                rows[row["id"]] = row
            self.rows[table_name] = rows

    def by(self, table: str, field: str, parent_id: str) -> list[dict[str, Any]]:
        """Records of `table` whose `field` holds `parent_id`, in id order."""
        key = (table, field)
        if key not in self._by:
            index: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in self.rows[table].values():
                if row.get(field) is not None:
                    index[row[field]].append(row)
            self._by[key] = index
        return self._by[key].get(parent_id, [])

    def _with_metadata(self, row: dict[str, Any]) -> dict[str, Any]:
        record = dict(row)
        metadata = [dict(m) for m in self.by("metadata", "resource_id", row["id"])]
        if metadata:
            record["metadata"] = metadata
        return record

    def _generic(self, row: dict[str, Any]) -> dict[str, Any]:
        record = self._with_metadata(row)
        attributes = [self._attribute(a) for a in self.by("attribute", "link_id", row["id"])]
        if attributes:
            record["attributes"] = attributes
        return record

    def _attribute(self, row: dict[str, Any]) -> dict[str, Any]:
        record = self._with_metadata(row)
        term = self.rows["taxonomy_term"].get(row.get("taxonomy_term_id", ""))
        if term is not None:
            record["taxonomy_term"] = self._term(term)
        return record

    def _term(self, row: dict[str, Any]) -> dict[str, Any]:
        record = self._with_metadata(row)
        taxonomy = self.rows["taxonomy"].get(row.get("taxonomy_id", ""))
        if taxonomy is not None:
            record["taxonomy_detail"] = self._with_metadata(taxonomy)
        return record

    def _nest(
        self, record: dict[str, Any], field: str, parent_id: str, children: dict[str, Any]
    ) -> dict[str, Any]:
        for key, (table, build) in children.items():
            nested = [build(row) for row in self.by(table, field, parent_id)]
            if nested:
                record[key] = nested
        return record

    def phone(self, row: dict[str, Any]) -> dict[str, Any]:
        return self._nest(
            self._generic(row), "phone_id", row["id"], {"languages": ("language", self._generic)}
        )

    def contact(self, row: dict[str, Any]) -> dict[str, Any]:
        return self._nest(
            self._generic(row), "contact_id", row["id"], {"phones": ("phone", self.phone)}
        )

    def location(self, row: dict[str, Any]) -> dict[str, Any]:
        return self._nest(
            self._generic(row),
            "location_id",
            row["id"],
            {
                "languages": ("language", self._generic),
                "addresses": ("address", self._generic),
                "contacts": ("contact", self.contact),
                "accessibility": ("accessibility", self._generic),
                "phones": ("phone", self.phone),
                "schedules": ("schedule", self._generic),
            },
        )

    def service_at_location(self, row: dict[str, Any]) -> dict[str, Any]:
        record = self._nest(
            self._generic(row),
            "service_at_location_id",
            row["id"],
            {
                "contacts": ("contact", self.contact),
                "phones": ("phone", self.phone),
                "schedules": ("schedule", self._generic),
            },
        )
        location = self.rows["location"].get(row.get("location_id", ""))
        if location is not None:
            record["location"] = self.location(location)
        return record

    def organization(self, row: dict[str, Any]) -> dict[str, Any]:
        return self._nest(
            self._generic(row),
            "organization_id",
            row["id"],
            {
                "funding": ("funding", self._generic),
                "contacts": ("contact", self.contact),
                "phones": ("phone", self.phone),
                "programs": ("program", self._generic),
                "organization_identifiers": ("organization_identifier", self._generic),
            },
        )

    def service(self, row: dict[str, Any]) -> dict[str, Any]:
        """One service in the nested shape of HSDS compiled/service.json."""
        record = self._nest(
            self._generic(row),
            "service_id",
            row["id"],
            {
                "phones": ("phone", self.phone),
                "schedules": ("schedule", self._generic),
                "service_areas": ("service_area", self._generic),
                "service_at_locations": ("service_at_location", self.service_at_location),
                "languages": ("language", self._generic),
                "funding": ("funding", self._generic),
                "cost_options": ("cost_option", self._generic),
                "required_documents": ("required_document", self._generic),
                "contacts": ("contact", self.contact),
            },
        )
        organization = self.rows["organization"].get(row.get("organization_id", ""))
        if organization is not None:
            record["organization"] = self.organization(organization)
        program = self.rows["program"].get(row.get("program_id", ""))
        if program is not None:
            record["program"] = self._generic(program)
        return record

    def services(self, *, active_only: bool = False) -> list[dict[str, Any]]:
        rows = self.rows["service"].values()
        return [
            self.service(row) for row in rows if not active_only or row.get("status") == "active"
        ]


def _history_without_names(metadata: Any) -> Any:
    if not isinstance(metadata, list):
        return without_personal_data(metadata)
    return [
        {key: "" if key in PERSONAL_METADATA_KEYS else value for key, value in change.items()}
        if isinstance(change, dict)
        else change
        for change in metadata
    ]


def without_personal_data(record: Any) -> Any:
    """The record without personal data, at any depth, for anonymous readers: no contact
    persons, no assurer's e-mail address, no attention line, and change history without who
    changed it or the values before and after."""
    if isinstance(record, dict):
        return {
            key: _history_without_names(value)
            if key == "metadata"
            else without_personal_data(value)
            for key, value in record.items()
            if key not in PERSONAL_KEYS
        }
    if isinstance(record, list):
        return [without_personal_data(item) for item in record]
    return record


def export_json(snapshot: MapSnapshot) -> str:
    return json.dumps(snapshot.services(), ensure_ascii=False, indent=2) + "\n"


def csv_files(snapshot: MapSnapshot) -> dict[str, str]:
    """The HSDS tabular data package: one CSV per table with the official columns.

    A cell a spreadsheet would run as a formula gets a leading apostrophe (spreadsheet_safe).
    """
    files = {}
    for table in tables().values():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.fields)
        for row in snapshot.rows[table.name].values():
            writer.writerow(
                [
                    "" if row.get(name) is None else spreadsheet_safe(row[name])
                    for name in table.fields
                ]
            )
        files[table.path] = buffer.getvalue()
    files["datapackage.json"] = DATAPACKAGE.read_text(encoding="utf-8")
    return files


def write_csv_package(snapshot: MapSnapshot, out: Path) -> list[str]:
    """Write the data package to a folder, or to a zip when `out` ends in .zip."""
    files = csv_files(snapshot)
    if out.suffix.lower() == ".zip":
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, text in files.items():
                archive.writestr(name, text)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (out / name).write_text(text, encoding="utf-8")
    return sorted(files)
