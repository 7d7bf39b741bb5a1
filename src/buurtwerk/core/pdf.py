"""The one page set-up for the PDFs the platform makes: A4, 2 cm margins, Dutch, with a title.

Escape user text before it goes into a ReportLab `Paragraph`: paragraphs read markup.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate

MARGIN = 2 * cm


class PdfDocument:
    def __init__(self, *, title: str, author: str) -> None:
        self._buffer = BytesIO()
        self.document = SimpleDocTemplate(
            self._buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=title,
            author=author,
            lang="nl",
        )
        self.styles = getSampleStyleSheet()

    @property
    def width(self) -> float:
        """The width between the margins, for tables and drawings."""
        return float(self.document.width)

    def render(self, story: list[Any]) -> bytes:
        self.document.build(story)
        return self._buffer.getvalue()
