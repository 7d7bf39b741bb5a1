"""Read HSDS 3.0 files (nested JSON, tabular JSON, CSV data packages) into flat tables.

Whatever the shape of the file, the result is the same: per table, per HSDS id, one flat
record with the table's own fields, references to other records by id. A record nested in
another gets the reference to its parent filled in when it does not carry one itself (a phone
under a service gets `service_id`). A record that occurs more than once (the same location
under several services) is merged; two different values for one field are an error.
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from buurtwerk.core.untrusted import (
    UnsafeInput,
    check_text,
    check_zip,
    parse_json,
    read_zip_member,
)

from .spec import (
    GENERIC_LISTS,
    NESTED_LISTS,
    NESTED_OBJECTS,
    TABLE_LABELS,
    Table,
    table_for_path,
    tables,
    validate_record,
)

MAX_MESSAGES = 20
API_DESCRIPTION_KEYS = frozenset({"openapi_url", "profile", "version"})


class HsdsFileError(ValueError):
    """The file cannot be imported; `messages` says in Dutch which record and field is wrong."""

    def __init__(self, messages: list[str]) -> None:
        shown = messages[:MAX_MESSAGES]
        if len(messages) > MAX_MESSAGES:
            shown.append(f"... en nog {len(messages) - MAX_MESSAGES} fouten.")
        super().__init__("\n".join(shown))
        self.messages = shown


@dataclass
class HsdsTables:
    """Flat HSDS records per table: {table: {id: record}}."""

    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    _implied: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    _where: dict[tuple[str, str], str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.records.items() if rows}

    def add(
        self, table: str, row: Mapping[str, Any], where: str, implied: Mapping[str, Any] = {}
    ) -> None:
        """Add or merge one record; `implied` fields come from nesting and never conflict."""
        record_id = row.get("id")
        key = record_id if isinstance(record_id, str) and record_id else f"#{where}"
        explicit = {name: value for name, value in row.items() if value is not None}
        rows = self.records.setdefault(table, {})
        existing = rows.get(key)
        if existing is None:
            rows[key] = explicit
            self._where[(table, key)] = where
            self._implied[(table, key)] = set()
            existing = explicit
        else:
            implied_before = self._implied[(table, key)]
            for name, value in explicit.items():
                if name in existing and existing[name] != value and name not in implied_before:
                    label = TABLE_LABELS.get(table, table)
                    self.errors.append(
                        f"{label} '{key}': het veld '{name}' heeft twee verschillende waarden "
                        f"in het bestand ({where} en {self._where[(table, key)]})."
                    )
                existing[name] = value
                implied_before.discard(name)
        for name, value in implied.items():
            if value is not None and name not in existing:
                existing[name] = value
                self._implied[(table, key)].add(name)

    def validated(self) -> HsdsTables:
        """Self when every record is valid HSDS; else HsdsFileError with all messages."""
        messages = list(self.errors)
        for table, rows in self.records.items():
            for key, row in rows.items():
                for message in validate_record(table, row):
                    where = self._where[(table, key)]
                    messages.append(message if key in message else f"{message} ({where})")
        if messages:
            raise HsdsFileError(messages)
        return self


def kind_from_name(name: str) -> str:
    """The table a JSON file holds, from its name ("organization_list.json"), else service."""
    stem = Path(name).name.lower()
    for table in sorted(tables(), key=len, reverse=True):
        if table in stem:
            return table
    return "service"


def _flatten(
    result: HsdsTables, table: str, obj: Any, where: str, implied: Mapping[str, Any]
) -> None:
    label = TABLE_LABELS.get(table, table)
    if not isinstance(obj, Mapping):
        result.errors.append(f"{where}: verwacht een {label} (een JSON-object), niet {obj!r:.40}.")
        return
    record_id = obj.get("id")
    row: dict[str, Any] = {}
    own_implied: dict[str, Any] = dict(implied)
    for key, value in obj.items():
        if value is None:
            continue
        nested_list = NESTED_LISTS.get(table, {}).get(key)
        generic = GENERIC_LISTS.get(key) if table != "metadata" else None
        nested_object = NESTED_OBJECTS.get(table, {}).get(key)
        if nested_list or generic:
            if not isinstance(value, list):
                result.errors.append(
                    f"{label} '{record_id}': het veld '{key}' moet een lijst zijn."
                )
                continue
            if generic:
                child_table, id_field, type_field = generic
                link = {id_field: record_id, type_field: table}
            else:
                child_table = nested_list or ""
                link = {f"{table}_id": record_id}
            for position, child in enumerate(value, start=1):
                child_where = f"{where} > {TABLE_LABELS.get(child_table, child_table)} {position}"
                _flatten(result, child_table, child, child_where, link)
        elif nested_object:
            child_table, parent_field = nested_object
            child_where = f"{where} > {TABLE_LABELS.get(child_table, child_table)}"
            _flatten(result, child_table, value, child_where, {})
            if isinstance(value, Mapping) and value.get("id") is not None:
                own_implied.setdefault(parent_field, value["id"])
        else:
            row[key] = value
    result.add(table, row, where, own_implied)


def _records_of(data: Any) -> Iterable[Any]:
    if isinstance(data, Mapping) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, list):
        return data
    return [data]


def read_json_data(data: Any, kind: str = "service") -> HsdsTables:
    """Tables from parsed JSON: a record, a list, an API page ("contents") or tabular JSON."""
    result = HsdsTables()
    if isinstance(data, Mapping) and data and all(str(key).endswith(".csv") for key in data):
        for path, rows in data.items():
            _add_tabular_rows(result, path, rows if isinstance(rows, list) else [rows])
        return result.validated()
    if isinstance(data, Mapping) and "id" not in data and API_DESCRIPTION_KEYS & set(data):
        return result  # an API's base description: no records in it
    if kind not in tables():
        raise HsdsFileError([f"Onbekende soort HSDS-record: '{kind}'."])
    label = TABLE_LABELS.get(kind, kind)
    for position, record in enumerate(_records_of(data), start=1):
        _flatten(result, kind, record, f"{label} {position}", {})
    return result.validated()


def _add_tabular_rows(result: HsdsTables, path: str, rows: list[Any]) -> None:
    table = table_for_path(Path(path).name)
    if table is None:
        result.errors.append(f"{path}: geen HSDS-tabel.")
        return
    for line, row in enumerate(rows, start=2):
        if not isinstance(row, Mapping):
            result.errors.append(f"{path} regel {line}: verwacht een record.")
            continue
        cells = {column: _cell(table, column, value) for column, value in row.items()}
        result.add(table.name, cells, f"{path} regel {line}")


def _number(value: str) -> int | float | str:
    """A CSV cell of a number field; text that is no number stays text so validation names it."""
    try:
        number = float(value.replace(",", ".") if value.count(",") == 1 else value)
    except ValueError:
        return value
    if not math.isfinite(number):
        return value  # NaN and Infinity are no place: validation names the field
    return int(number) if number.is_integer() and "." not in value else number


def _cell(table: Table, column: str, value: Any) -> Any:
    """A tabular cell in the column's type: tabular JSON writes '1234567' as a number too."""
    if column in table.number_fields:
        return _number(value) if isinstance(value, str) else value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return value


def read_csv_files(files: Mapping[str, str]) -> HsdsTables:
    """Tables from the CSV files of a data package: {file name: text}."""
    result = HsdsTables()
    known = 0
    for name, text in sorted(files.items()):
        table = table_for_path(Path(name).name)
        if table is None:
            continue
        known += 1
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        header = reader.fieldnames or []
        unknown = [column for column in header if column not in table.fields]
        if unknown:
            result.errors.append(f"{table.path}: onbekende kolom '{unknown[0]}'.")
            continue
        for line, raw in enumerate(reader, start=2):
            if None in raw:
                result.errors.append(f"{table.path} regel {line}: meer waarden dan kolommen.")
                continue
            row: dict[str, Any] = {}
            for column, cell in raw.items():
                if cell is None or cell == "":
                    continue
                row[column] = _cell(table, column, cell)
            result.add(table.name, row, f"{table.path} regel {line}")
    if not known:
        raise HsdsFileError(["Geen HSDS-tabellen gevonden (zoals services.csv)."])
    return result.validated()


def _zip_files(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        members = [info for info in archive.infolist() if info.filename.endswith(".csv")]
        check_zip(archive, members)
        return {
            Path(info.filename).name: read_zip_member(archive, info).decode("utf-8-sig")
            for info in members
        }


def read_path(path: Path, kind: str | None = None) -> HsdsTables:
    """Read an HSDS file: JSON, a folder with CSV files, or a zip with CSV files."""
    try:
        if path.is_dir():
            files = {
                p.name: check_text(p.read_text(encoding="utf-8-sig")) for p in path.glob("*.csv")
            }
            return read_csv_files(files)
        if zipfile.is_zipfile(path):
            return read_csv_files({name: check_text(t) for name, t in _zip_files(path).items()})
        text = path.read_text(encoding="utf-8-sig")
        data = parse_json(text)
    except UnsafeInput as error:
        raise HsdsFileError([f"{path.name}: {error}"]) from None
    except FileNotFoundError:
        raise HsdsFileError([f"Bestand niet gevonden: {path}"]) from None
    except UnicodeDecodeError:
        raise HsdsFileError([f"{path.name}: het bestand is geen UTF-8-tekst."]) from None
    except zipfile.BadZipFile:
        raise HsdsFileError([f"{path.name}: het zip-bestand is beschadigd."]) from None
    except json.JSONDecodeError as error:
        raise HsdsFileError(
            [f"{path.name}: geen geldige JSON (regel {error.lineno}, kolom {error.colno})."]
        ) from None
    return read_json_data(data, kind or kind_from_name(path.name))
