"""PDF: the application form as a fillable AcroForm, laid out by WeasyPrint and finished with pypdf."""

from __future__ import annotations

from typing import ClassVar

from ..forms import spec
from ..model.pack import Pack
from .base import FORM_IGNORES
from .form_html import ApplicationFormHtml
from .pdf import PdfFromHtml


class ApplicationFormPdf(PdfFromHtml):
    document: ClassVar[str] = "application-form"
    format: ClassVar[str] = "pdf"
    html_renderer = ApplicationFormHtml
    reads: ClassVar[tuple[str, ...]] = ApplicationFormHtml.reads
    ignores: ClassVar[tuple[str, ...]] = FORM_IGNORES

    def render(self, pack: Pack) -> bytes:
        from .acroform import finish_fields  # imports pypdf: only when a form is laid out

        pdf = self.pdf(pack, forms=True)
        return finish_fields(pdf, spec.answers(pack.form), spec.identity(pack))
