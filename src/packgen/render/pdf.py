"""PDF: the HTML pack laid out by WeasyPrint; A4, tagged (PDF/UA-1), titled, en-GB."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import ClassVar

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..model.pack import Pack
from .base import register
from .html import InformationHtml
from .templating import guarded


@register
class InformationPdf:
    document: ClassVar[str] = "information"
    format: ClassVar[str] = "pdf"

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        self.templates = templates
        self.root = root
        self.html = InformationHtml(templates, root)
        # One FontConfiguration and one parsed stylesheet per worker: WeasyPrint's font cache
        # grows per instance (#2130), and parsing the CSS for every document is wasted work.
        self.fonts = FontConfiguration()
        self.css = CSS(string=str(self.html.css), font_config=self.fonts)

    def render(self, pack: Pack) -> bytes:
        path = self.templates / InformationHtml.template_name
        source = guarded(lambda: self.html.html(pack, media="print"), path, self.root)
        return write_pdf(source, self.fonts, [self.css])


def write_pdf(source: str, fonts: FontConfiguration, stylesheets: list[CSS], *, forms: bool = False) -> bytes:
    """Lay out HTML as a reproducible PDF: the identifier comes from the content, not the clock."""
    identifier = hashlib.sha256(source.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = HTML(string=source, base_url=None).render(stylesheets=stylesheets, font_config=fonts, pdf_forms=forms)
    return document.write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=identifier,
        pdf_forms=forms,
        font_config=fonts,
    )
