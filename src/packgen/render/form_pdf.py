"""PDF: the application form as a fillable AcroForm, laid out by WeasyPrint and finished in one pikepdf pass."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from ..forms import spec
from ..pack import Pack
from .base import FORM_IGNORES, Carried
from .form_html import PRINTED, ApplicationFormHtml
from .pdf import fieldfont
from .pdf.engine import PdfFromHtml


class ApplicationFormPdf(PdfFromHtml):
    document: ClassVar[str] = "application-form"
    format: ClassVar[str] = "pdf"
    title: ClassVar[str] = ApplicationFormHtml.title
    html_renderer = ApplicationFormHtml
    reads: ClassVar[tuple[str, ...]] = PRINTED
    ignores: ClassVar[tuple[str, ...]] = FORM_IGNORES

    @classmethod
    def makes(cls, pack: Pack) -> bool:
        return pack.form is not None

    @classmethod
    def outside_files(cls) -> tuple[Path, ...]:
        """The installed font the fields' font is cut from (fieldfont.py): it decides every form's bytes."""
        return (fieldfont.source_font(),)

    def extra_css(self) -> tuple[str, ...]:
        return (fieldfont.placeholder_css(),)

    def render(self, pack: Pack, carried: Carried | None = None) -> bytes:
        from .pdf.acroform import finish_fields  # imports pikepdf and fontTools: only when a form is laid out

        finish = partial(finish_fields, fields=spec.answers(pack.form), identity=spec.identity(pack))
        return self.pdf(pack, forms=True, finish=finish)
