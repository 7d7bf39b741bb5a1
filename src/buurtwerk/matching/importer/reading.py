"""Reading import files into one document in the `buurtwerk-import/1` format (no Django here).

The same tables arrive as one JSON file, as CSV files (a folder or a zip, one `<table>.csv` per
table) or as an XLSX workbook (one sheet per table). Spreadsheet cells are text or whatever
type the spreadsheet stored; they are converted to the JSON types the schema expects. A cell
that cannot be converted is kept as it is, so schema validation reports it with its table, row
and field. Every item remembers the row it came from, for the messages.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from buurtwerk.core.untrusted import (
    UnsafeInput,
    check_text,
    check_zip,
    parse_json,
    read_zip_member,
)

FORMAT = "buurtwerk-import/1"
TABLES = ("neighbourhoods", "residents", "relations", "offers", "needs")
TABLE_LABELS = {
    "neighbourhoods": "buurten",
    "residents": "bewoners",
    "relations": "relaties",
    "offers": "aanbod",
    "needs": "hulpvragen",
}
# A spreadsheet cell says yes or no in many ways; these are the ones we understand.
TRUE_WORDS = frozenset({"true", "waar", "ja", "j", "yes", "y", "1", "x"})
FALSE_WORDS = frozenset({"false", "onwaar", "nee", "n", "no", "0"})
_LIST_SEPARATORS = re.compile(r"[;,\s]+")


class ImportProblem(Exception):
    """What is wrong with an import file, in Dutch, naming table, row, ref and field."""

    def __init__(
        self,
        message: str,
        *,
        table: str | None = None,
        row: int | None = None,
        ref: str | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.table = table
        self.row = row
        self.ref = ref
        self.field = field

    def where(self) -> str:
        parts = []
        if self.table:
            parts.append(f"tabel '{self.table}'")
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.ref:
            parts.append(f"kenmerk '{self.ref}'")
        if self.field:
            parts.append(f"veld '{self.field}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where[:1].upper()}{where[1:]}: {self.message}" if where else self.message


class ImportFailed(Exception):
    """The import was refused; nothing was written. Holds every problem found."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class Document:
    """The import as JSON data, with the source row of each item per table."""

    data: dict[str, Any]
    rows: dict[str, list[int]] = field(default_factory=dict)

    def row_of(self, table: str, index: int) -> int:
        numbers = self.rows.get(table)
        return numbers[index] if numbers and index < len(numbers) else index + 1


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema of the format (also in docs/import-format.schema.json)."""
    text = files(__package__).joinpath("import-format.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _resolve(definition: Mapping[str, Any]) -> Mapping[str, Any]:
    reference = definition.get("$ref")
    if reference:
        return schema()["$defs"][reference.rsplit("/", 1)[-1]]  # type: ignore[no-any-return]
    return definition


def _kind(definition: Mapping[str, Any]) -> str:
    definition = _resolve(definition)
    if "oneOf" in definition:
        return "boolean_or_text"
    if "enum" in definition:
        return "integer" if all(isinstance(v, int) for v in definition["enum"]) else "string"
    types = definition.get("type", "string")
    types = [types] if isinstance(types, str) else [t for t in types if t != "null"]
    return str(types[0])


@cache
def column_kinds() -> dict[str, dict[str, str]]:
    """Per table, per column, the kind of value a spreadsheet cell is converted to."""
    kinds = {}
    for table in TABLES:
        item = _resolve(schema()["properties"][table]["items"])
        kinds[table] = {name: _kind(prop) for name, prop in item["properties"].items()}
    return kinds


def _number(text: str) -> float | str:
    # Dutch spreadsheets write 3,5; accept that as long as it cannot mean anything else.
    candidate = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        value = float(candidate)
    except ValueError:
        return text
    return value if value == value and abs(value) != float("inf") else text


def _integer(text: str) -> int | str:
    number = _number(text)
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return text


def _boolean(text: str) -> bool | str:
    lowered = text.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    return text


def convert_cell(kind: str, value: Any) -> Any:
    """A spreadsheet cell as the JSON value of `kind`; `None` for an empty cell."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # the schema then says it must be a number
    if isinstance(value, int | float) and not isinstance(value, bool):
        if kind in ("number",):
            return float(value)
        if kind == "integer":
            return int(value) if float(value).is_integer() else value
        if kind in ("boolean", "boolean_or_text") and value in (0, 1):
            return bool(value)
        value = str(int(value)) if float(value).is_integer() else str(value)
    text = str(value).strip()
    if not text:
        return None
    if kind == "number":
        return _number(text)
    if kind == "integer":
        return _integer(text)
    if kind in ("boolean", "boolean_or_text"):
        return _boolean(text)
    if kind == "array":
        return [part for part in _LIST_SEPARATORS.split(text) if part]
    return text


def tables_to_document(tables: Mapping[str, Iterable[tuple[int, Mapping[str, Any]]]]) -> Document:
    """Rows of spreadsheet cells per table (with their row numbers) as an import document."""
    data: dict[str, Any] = {"format": FORMAT}
    rows: dict[str, list[int]] = {}
    for table, table_rows in tables.items():
        kinds = column_kinds()[table]
        items = []
        numbers = []
        for number, cells in table_rows:
            item = {}
            for column, value in cells.items():
                if isinstance(value, str):
                    try:
                        check_text(value)
                    except UnsafeInput as error:
                        raise ImportProblem(
                            str(error), table=table, row=number, field=column
                        ) from None
                converted = convert_cell(kinds.get(column, "string"), value)
                if converted is not None:
                    item[column] = converted
            if item:
                items.append(item)
                numbers.append(number)
        data[table] = items
        rows[table] = numbers
    return Document(data, rows)


def _table_name(filename: str) -> str:
    stem = Path(filename).stem.strip().lower()
    if stem not in TABLES:
        expected = ", ".join(f"{table}.csv" for table in TABLES)
        raise ImportProblem(f"Onbekend bestand '{Path(filename).name}'. Verwacht: {expected}.")
    return stem


def _decode(content: bytes, name: str) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem(
            f"Het bestand '{name}' is geen UTF-8-tekst. Sla het op als 'CSV UTF-8'."
        ) from None
    try:
        return check_text(text)
    except UnsafeInput as error:
        raise ImportProblem(f"Het bestand '{name}': {error}") from None


def read_csv(content: bytes, name: str) -> list[tuple[int, dict[str, Any]]]:
    """One CSV file: header row with the field names, then one row per item.

    The separator is a comma, semicolon or tab, whichever the header row uses most.
    """
    text = _decode(content, name)
    header_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [column.strip() for column in next(reader, [])]
        rows = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                raise ImportProblem(
                    "Deze rij heeft meer kolommen dan de kopregel.",
                    table=Path(name).stem,
                    row=reader.line_num,
                )
            rows.append((reader.line_num, {c: v for c, v in zip(header, cells, strict=False) if c}))
    except csv.Error as error:
        raise ImportProblem(f"Het CSV-bestand '{name}' is niet te lezen: {error}.") from None
    return rows


def read_csv_files(named_contents: Iterable[tuple[str, bytes]]) -> Document:
    """Several CSV files, one per table, named after the table (residents.csv, ...)."""
    tables: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for name, content in named_contents:
        table = _table_name(name)
        if table in tables:
            raise ImportProblem(f"De tabel '{table}' staat er twee keer in.")
        tables[table] = read_csv(content, name)
    if not tables:
        raise ImportProblem("Er staan geen CSV-bestanden in.")
    return tables_to_document({table: tables[table] for table in TABLES if table in tables})


def read_zip(content: bytes) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise ImportProblem("Het zip-bestand is beschadigd of geen zip-bestand.") from None
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and info.filename.lower().endswith(".csv")
        ]
        check_zip(archive, members)
        return read_csv_files((info.filename, read_zip_member(archive, info)) for info in members)


def read_xlsx(content: bytes) -> Document:
    """An XLSX workbook with one sheet per table; the first row holds the field names."""
    from openpyxl import load_workbook

    # A workbook is a zip archive: the same limits as any zip, before openpyxl unpacks it.
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            check_zip(archive)
    except zipfile.BadZipFile:
        raise ImportProblem("Het Excel-bestand is beschadigd of geen .xlsx-bestand.") from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean the same here
        raise ImportProblem("Het Excel-bestand is beschadigd of geen .xlsx-bestand.") from None
    tables: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    try:
        for sheet in workbook.worksheets:
            table = sheet.title.strip().lower()
            if table not in TABLES:
                raise ImportProblem(
                    f"Onbekend werkblad '{sheet.title}'. Verwacht: {', '.join(TABLES)}."
                )
            rows = sheet.iter_rows(values_only=True)
            header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
            found = []
            for number, cells in enumerate(rows, start=2):
                if all(cell is None or str(cell).strip() == "" for cell in cells):
                    continue
                found.append((number, {c: v for c, v in zip(header, cells, strict=False) if c}))
            tables[table] = found
    finally:
        workbook.close()
    return tables_to_document({table: tables[table] for table in TABLES if table in tables})


def read_json(content: bytes) -> Document:
    try:
        data = parse_json(_decode(content, "JSON"))
    except json.JSONDecodeError as error:
        raise ImportProblem(
            f"Het JSON-bestand is niet te lezen (regel {error.lineno}, kolom {error.colno})."
        ) from None
    if not isinstance(data, dict):
        raise ImportProblem("Het JSON-bestand moet één object zijn met 'format' en de tabellen.")
    return Document(data)


def read_upload(name: str, content: bytes) -> Document:
    """One uploaded file: .json, .zip (of CSV files), .csv (one table) or .xlsx."""
    suffix = Path(name).suffix.lower()
    readers = {
        ".json": read_json,
        ".zip": read_zip,
        ".csv": lambda data: read_csv_files([(name, data)]),
        ".xlsx": read_xlsx,
    }
    if suffix in readers:
        try:
            return readers[suffix](content)
        except UnsafeInput as error:
            raise ImportProblem(str(error)) from None
    raise ImportProblem(
        f"Dit soort bestand ('{suffix or name}') kan niet worden ingelezen. "
        "Gebruik .json, .xlsx, .zip met CSV-bestanden, of een los CSV-bestand."
    )


def read_path(path: Path) -> Document:
    """A file or a folder of CSV files on disk."""
    if path.is_dir():
        csv_files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv")
        return read_csv_files((p.name, p.read_bytes()) for p in csv_files)
    if not path.exists():
        raise ImportProblem(f"Het bestand '{path}' bestaat niet.")
    return read_upload(path.name, path.read_bytes())
