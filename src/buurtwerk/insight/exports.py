"""Tables as CSV and XLSX, and the monthly report as PDF, all made in memory.

Nothing is written to disk or to a public folder: the view streams the bytes to the one user
who asked, after checking access and writing the audit entry.
"""

from __future__ import annotations

import csv
from io import BytesIO, StringIO
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from buurtwerk.core.charts.svg import PALETTE
from buurtwerk.core.pdf import PdfDocument
from buurtwerk.core.text import spreadsheet_safe

from .dashboard import Dashboard
from .figures.base import Table

# Free text (a referral topic) must never become a formula in a spreadsheet.
safe_cell = spreadsheet_safe


def table_csv(table: Table) -> bytes:
    """Semicolon-separated with a byte order mark: what Excel in Dutch opens correctly."""
    buffer = StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str, taken: set[str]) -> str:
    base = "".join(char for char in title if char not in "[]:*?/\\")[:28] or "Tabel"
    name, number = base, 2
    while name in taken:
        name, number = f"{base[:26]} {number}", number + 1
    taken.add(name)
    return name


def tables_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table, header in bold; numbers stay numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, taken))
        sheet.append([safe_cell(column) for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([safe_cell(value) for value in row])
        sheet.column_dimensions["A"].width = max(
            12, min(50, max((len(str(row[0])) for row in table.rows), default=0) + 2)
        )
    if not tables:
        workbook.create_sheet("Inzicht").append(["Geen cijfers voor deze plek."])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bars(table: Table, width: float) -> Drawing | None:
    """A plain bar chart of the first series, for paper."""
    # A table without a chart (the map's) may hold "–" for withheld counts: no numbers to plot.
    if not table.chart or len(table.columns) < 2:
        return None
    values = list(table.column(1))
    if not any(values):
        return None
    height = 3.5 * cm
    # Room below for the month names and above so the tallest bar clears the text before it.
    drawing = Drawing(width, height + 24)
    slot = width / len(values)
    top = max(values)
    for index, value in enumerate(values):
        bar_height = height * value / top
        drawing.add(
            Rect(
                index * slot + slot * 0.15,
                14,
                slot * 0.7,
                bar_height,
                fillColor=colors.HexColor(PALETTE[0]),
                strokeColor=None,
            )
        )
        if len(values) <= 12:
            # Seven-point text takes about 3.5 points a character.
            label = str(table.rows[index][0])[: max(6, int(slot / 3.5))]
            drawing.add(String(index * slot + slot / 2, 2, label, fontSize=7, textAnchor="middle"))
    return drawing


def report_pdf(dashboard: Dashboard, month_label: str) -> bytes:
    """The monthly report: key figures, then every table (with a bar chart where it helps)."""
    title = f"Maandrapport {dashboard.area.name}, {month_label}"
    pdf = PdfDocument(title=title, author="Buurtwerk")
    styles = pdf.styles
    period = dashboard.period
    story: list[Any] = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(
            escape(
                f"{dashboard.area.kind_label} {dashboard.area.name}. Cijfers over "
                f"{period.labels[0]} tot en met {period.labels[-1]}."
            ),
            styles["Normal"],
        ),
    ]
    if not dashboard.care:
        story.append(Paragraph(escape("Alleen cijfers over leefbaarheid."), styles["Normal"]))
    for section in dashboard.sections:
        story += [Spacer(1, 0.4 * cm), Paragraph(escape(section.title), styles["Heading2"])]
        if section.key_figures:
            figures = "; ".join(f"{f.label}: {f.value}" for f in section.key_figures)
            story.append(Paragraph(escape(figures), styles["Normal"]))
        for table in section.tables:
            story.append(_table_block(table, styles, pdf.width))
    if dashboard.map is not None:
        story += [Spacer(1, 0.4 * cm), Paragraph(escape("Kaart in vakken"), styles["Heading2"])]
        story.append(_table_block(dashboard.map.table, styles, pdf.width))
    return pdf.render(story)


def _table_block(table: Table, styles: Any, width: float) -> KeepTogether:
    parts: list[Any] = [
        Paragraph(escape(table.title), styles["Heading4"]),
        Paragraph(escape(table.description), styles["Italic"]),
    ]
    drawing = _bars(table, width)
    if drawing is not None:
        parts.append(drawing)
    rows = [[escape(str(column)) for column in table.columns]]
    rows += [[escape(str(value)) for value in row] for row in table.rows] or [["Geen gegevens"]]
    pdf_table = PdfTable(rows, repeatRows=1, hAlign="LEFT")
    pdf_table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    parts += [pdf_table, Spacer(1, 0.3 * cm)]
    return KeepTogether(parts)
