"""A small import document and helpers to write it as CSV files or an XLSX workbook."""

from __future__ import annotations

import copy
import csv
import io
import zipfile
from typing import Any

from buurtwerk.matching.importer import TABLES


def sample_document() -> dict[str, Any]:
    return copy.deepcopy(
        {
            "format": "buurtwerk-import/1",
            "neighbourhoods": [
                {"code": "espelerhof", "name": "Espelerhof", "district": "Emmerveld"}
            ],
            "residents": [
                {
                    "ref": "r1",
                    "name": "Jan Smit",
                    "neighbourhood": "espelerhof",
                    "lat": 52.711,
                    "lon": 5.752,
                    "birth_year": 1948,
                    "languages": ["nl"],
                    "certificate_of_conduct": False,
                    "seeks_participation": False,
                    "consent": True,
                },
                {
                    "ref": "r2",
                    "name": "Gerrit de Vries",
                    "neighbourhood": "espelerhof",
                    "lat": 52.712,
                    "lon": 5.753,
                    "languages": ["nl", "fy"],
                    "certificate_of_conduct": "2025-11-03",
                    "seeks_participation": True,
                    "consent": True,
                },
            ],  # fmt: skip
            "relations": [{"from": "r1", "to": "r2", "kind": "neighbour"}],
            "offers": [
                {
                    "ref": "o1",
                    "resident": "r2",
                    "category": "garden",
                    "description": "Oud-hovenier, snoeit graag",
                    "availability": ["mon-morning", "wed-afternoon"],
                    "per_week": 2,
                    "max_distance_km": 3.0,
                }
            ],  # fmt: skip
            "needs": [
                {
                    "ref": "n1",
                    "resident": "r1",
                    "category": "garden",
                    "description": "De heg moet gesnoeid",
                    "availability": ["mon-morning"],
                    "urgency": 2,
                    "requires_certificate": False,
                    "recurring": True,
                }
            ],  # fmt: skip
        }
    )


def cell(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ";".join(value)
    return "" if value is None else str(value)


def to_csv_files(document: dict[str, Any], delimiter: str = ",") -> list[tuple[str, bytes]]:
    files = []
    for table in TABLES:
        if table not in document:
            continue
        columns: list[str] = []
        for item in document[table]:
            columns += [key for key in item if key not in columns]
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerow(columns)
        for item in document[table]:
            writer.writerow([cell(item.get(column)) for column in columns])
        files.append((f"{table}.csv", buffer.getvalue().encode()))
    return files


def to_zip(document: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in to_csv_files(document):
            archive.writestr(f"export/{name}", content)
    return buffer.getvalue()


def to_xlsx(document: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in (table for table in TABLES if table in document):
        sheet = workbook.create_sheet(table)
        columns: list[str] = []
        for item in document.get(table, []):
            columns += [key for key in item if key not in columns]
        sheet.append(columns)
        for item in document.get(table, []):
            sheet.append(
                [";".join(v) if isinstance(v, list) else v for v in map(item.get, columns)]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
