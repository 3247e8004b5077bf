"""PDF: the application form as a fillable AcroForm, laid out by WeasyPrint and finished with pypdf."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration

from ..forms import spec
from ..model.pack import Pack
from .acroform import finish_fields
from .base import register
from .form_html import ApplicationFormHtml
from .pdf import write_pdf
from .templating import guarded


@register
class ApplicationFormPdf:
    document: ClassVar[str] = "application-form"
    format: ClassVar[str] = "pdf"

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        self.templates = templates
        self.root = root
        self.html = ApplicationFormHtml(templates, root)
        # One FontConfiguration (WeasyPrint #2130) and the stylesheets parsed once per worker.
        self.fonts = FontConfiguration()
        self.css = [CSS(string=str(sheet), font_config=self.fonts) for sheet in (self.html.css, self.html.form_css)]

    def render(self, pack: Pack) -> bytes:
        path = self.templates / ApplicationFormHtml.template_name
        source = guarded(lambda: self.html.html(pack, media="print"), path, self.root)
        pdf = write_pdf(source, self.fonts, self.css, forms=True)
        return finish_fields(pdf, spec.answers(pack.form), spec.identity(pack))
