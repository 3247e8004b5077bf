"""PDF: the information pack laid out by WeasyPrint from its HTML page (pdf/engine.py)."""

from __future__ import annotations

from typing import ClassVar

from ..pack import Pack
from .base import Carried
from .information_html import InformationHtml
from .pdf.engine import PdfFromHtml


class InformationPdf(PdfFromHtml):
    document: ClassVar[str] = "information"
    format: ClassVar[str] = "pdf"
    reads: ClassVar[tuple[str, ...]] = InformationHtml.print_reads
    title: ClassVar[str] = InformationHtml.title
    html_renderer = InformationHtml

    def render(self, pack: Pack, carried: Carried | None = None) -> bytes:
        return self.pdf(pack)
