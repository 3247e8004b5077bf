"""HTML: the application form as an accessible page, each answer a labelled control.

On screen the page carries the form's own fillable PDF, so that "Download as PDF" fills it in the
browser (templates/form.js, render/pdf/browserfill.py): a school's way to send its answers
that works offline and from a copy of the page, and gives the AcroForm `packgen collect` reads.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from markupsafe import Markup

from ..forms import spec
from ..pack import Pack
from .base import FORM_IGNORES, Carried, Key, Renderer
from .design import css_variables
from .templating import file_env, guarded, picture_urls

if TYPE_CHECKING:
    from .pdf.browserfill import BrowserFill

PRINTED: tuple[str, ...] = ("application-form.html.j2", "blocks.html.j2", "style.css", "form.css", "print.css")
"""The templates the page's print variant (the fillable PDF) is made from."""
FORM_PDF: Key = ("application-form", "pdf")


class ApplicationFormHtml(Renderer):
    document: ClassVar[str] = "application-form"
    format: ClassVar[str] = "html"
    title: ClassVar[str] = "Application form"
    format_title: ClassVar[str] = "HTML"
    media_type: ClassVar[str] = "text/html; charset=utf-8"
    template_name: ClassVar[str] = PRINTED[0]
    reads: ClassVar[tuple[str, ...]] = (*PRINTED, "form.js")  # and what the PDF it carries reads: PRINTED
    ignores: ClassVar[tuple[str, ...]] = FORM_IGNORES
    carries: ClassVar[tuple[Key, ...]] = (FORM_PDF,)  # its fillable PDF, for "Download as PDF"

    @classmethod
    def makes(cls, pack: Pack) -> bool:
        return pack.form is not None

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        super().__init__(templates, root)
        self.env = file_env(templates)
        self.env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
        self.house = Markup(css_variables())  # a sheet of its own: style.css may still begin with @import
        self.css = Markup((templates / "style.css").read_text(encoding="utf-8"))
        self.form_css = Markup((templates / "form.css").read_text(encoding="utf-8"))
        self.print_css = Markup((templates / "print.css").read_text(encoding="utf-8"))
        self.form_js = Markup((templates / "form.js").read_text(encoding="utf-8"))
        self.picture_url = picture_urls(root if root is not None else templates.parent)

    @property
    def stylesheets(self) -> tuple[Markup, ...]:
        """What the print version needs applied, in order: print.css where it stood in style.css, before form.css."""
        return (self.house, self.css, self.print_css, self.form_css)

    def html(self, pack: Pack, *, media: str = "screen", download: BrowserFill | None = None) -> str:
        """The page as text; ``media="print"`` is the variant WeasyPrint makes the PDF from."""
        template = self.env.get_template(self.template_name)
        fields = {f.name: f for f in spec.answers(pack.form)}
        return template.render(
            pack=pack,
            form=pack.form,
            fields=fields,
            spec=spec,
            identity=spec.identity(pack),
            house=self.house,
            css=self.css,
            form_css=self.form_css,
            form_js=self.form_js,
            download=download,
            media=media,
            picture=lambda image: self.picture_url(image, media),
        )

    def check(self, pack: Pack) -> None:
        """The templating only, without laying out the PDF the page carries: what `packgen check` runs."""
        path = self.templates / self.template_name
        guarded(lambda: self.html(pack), path, self.root)

    def render(self, pack: Pack, carried: Carried | None = None) -> bytes:
        """The page, carrying ``carried[FORM_PDF]``: the form's PDF of the same pack, as the PDF renderer
        wrote it (the document service renders it first and passes it here)."""
        from .pdf.browserfill import browser_fill  # imports pikepdf: only when a page is made

        if carried is None or FORM_PDF not in carried:
            raise TypeError("the HTML form carries the form's PDF: render it through the document service")
        download = browser_fill(carried[FORM_PDF])
        path = self.templates / self.template_name
        return guarded(lambda: self.html(pack, download=download).encode("utf-8"), path, self.root)
