"""PDF: the HTML pack laid out by WeasyPrint; A4, tagged (PDF/UA-1), titled, en-GB."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import ClassVar

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..model.pack import Pack
from .html import InformationHtml
from .templating import guarded


class PdfFromHtml:
    """A PDF laid out by WeasyPrint from one of the HTML renderers' pages, media="print"."""

    html_renderer: ClassVar[type] = InformationHtml  # any renderer with html(), template_name, stylesheets

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        self.templates = templates
        self.root = root
        self.html = self.html_renderer(templates, root)
        # One FontConfiguration and parsed stylesheets per worker: WeasyPrint's font cache
        # grows per instance (#2130), and parsing the CSS for every document is wasted work.
        self.fonts = FontConfiguration()
        self.css = [CSS(string=str(sheet), font_config=self.fonts) for sheet in self.html.stylesheets]

    def source(self, pack: Pack) -> str:
        """The print HTML; a template error names the template and line."""
        path = self.templates / self.html.template_name
        return guarded(lambda: self.html.html(pack, media="print"), path, self.root)

    def check(self, pack: Pack) -> None:
        """Only the templating of render(), without laying out the PDF: what `packgen check` runs."""
        self.source(pack)


class InformationPdf(PdfFromHtml):
    document: ClassVar[str] = "information"
    format: ClassVar[str] = "pdf"
    reads: ClassVar[tuple[str, ...]] = InformationHtml.reads

    def render(self, pack: Pack) -> bytes:
        return write_pdf(self.source(pack), self.fonts, self.css)


def write_pdf(source: str, fonts: FontConfiguration, stylesheets: list[CSS], *, forms: bool = False) -> bytes:
    """Lay out HTML as a reproducible PDF: the identifier comes from the content, not the clock."""
    identifier = hashlib.sha256(source.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = HTML(string=source, base_url=None).render(stylesheets=stylesheets, font_config=fonts, pdf_forms=forms)
    return document.write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=identifier,
        pdf_forms=forms,
    )
