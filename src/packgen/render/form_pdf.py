"""PDF: the application form as a fillable AcroForm, laid out by WeasyPrint and finished in one pikepdf pass."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from ..forms import spec
from ..model.pack import Pack
from .acroform import finish_fields
from .fieldfont import placeholder_css
from .form_html import ApplicationFormHtml
from .pdf import PdfFromHtml


class ApplicationFormPdf(PdfFromHtml):
    document: ClassVar[str] = "application-form"
    format: ClassVar[str] = "pdf"
    html_renderer = ApplicationFormHtml
    reads: ClassVar[tuple[str, ...]] = ApplicationFormHtml.reads

    def extra_css(self) -> tuple[str, ...]:
        return (placeholder_css(),)

    def render(self, pack: Pack) -> bytes:
        finish = partial(finish_fields, fields=spec.answers(pack.form), identity=spec.identity(pack))
        return self.pdf(pack, forms=True, finish=finish)
