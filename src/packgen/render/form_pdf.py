"""PDF: the application form as a fillable AcroForm, laid out by WeasyPrint and finished in one pikepdf pass."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from ..forms import spec
from ..model.pack import Pack
from .base import FORM_IGNORES
from .form_html import PRINTED, ApplicationFormHtml
from .pdf import fieldfont
from .pdf.engine import PdfFromHtml


class ApplicationFormPdf(PdfFromHtml):
    document: ClassVar[str] = "application-form"
    format: ClassVar[str] = "pdf"
    html_renderer = ApplicationFormHtml
    reads: ClassVar[tuple[str, ...]] = PRINTED
    ignores: ClassVar[tuple[str, ...]] = FORM_IGNORES
    _last: tuple[Pack, bytes, tuple[str, ...]] | None = None  # the last form laid out: its pack, bytes and files read

    @classmethod
    def outside_files(cls) -> tuple[Path, ...]:
        """The installed font the fields' font is cut from (fieldfont.py): it decides every form's bytes."""
        return (fieldfont.source_font(),)

    def extra_css(self) -> tuple[str, ...]:
        return (fieldfont.placeholder_css(),)

    def render(self, pack: Pack) -> bytes:
        from .pdf.acroform import finish_fields  # imports pikepdf and fontTools: only when a form is laid out

        # The HTML form that shares this renderer (build.py) carries the PDF just made of the same
        # pack: the very object, never an equal one, so a new pack or template is laid out anew.
        last = self._last
        if last is not None and last[0] is pack:
            self.fetched = last[2]
            return last[1]
        finish = partial(finish_fields, fields=spec.answers(pack.form), identity=spec.identity(pack))
        data = self.pdf(pack, forms=True, finish=finish)
        self._last = (pack, data, self.fetched)
        return data
