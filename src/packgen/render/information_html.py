"""HTML: a standalone page with semantic headings and its stylesheet inline."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from markupsafe import Markup

from ..pack import Pack
from .base import Carried, Renderer
from .design import css_variables
from .templating import file_env, guarded, picture_urls


class InformationHtml(Renderer):
    document: ClassVar[str] = "information"
    format: ClassVar[str] = "html"
    title: ClassVar[str] = "Information pack"
    format_title: ClassVar[str] = "HTML"
    media_type: ClassVar[str] = "text/html; charset=utf-8"
    template_name: ClassVar[str] = "information.html.j2"
    reads: ClassVar[tuple[str, ...]] = (template_name, "blocks.html.j2", "style.css")
    print_reads: ClassVar[tuple[str, ...]] = (*reads, "print.css")
    """What the print variant (the PDF) reads: the page's files and the paged-media sheet browsers never get."""

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        super().__init__(templates, root)
        self.env = file_env(templates)
        self.house = Markup(css_variables())  # a sheet of its own: style.css may still begin with @import
        self.css = Markup((templates / "style.css").read_text(encoding="utf-8"))
        self.print_css = Markup((templates / "print.css").read_text(encoding="utf-8"))
        self.picture_url = picture_urls(root if root is not None else templates.parent)

    @property
    def stylesheets(self) -> tuple[Markup, ...]:
        """What the print version needs applied, in order (the PDF renderer parses them once)."""
        return (self.house, self.css, self.print_css)

    def html(self, pack: Pack, *, media: str = "screen") -> str:
        """The page as text; ``media="print"`` is the variant WeasyPrint lays out."""
        template = self.env.get_template(self.template_name)
        return template.render(
            pack=pack, house=self.house, css=self.css, media=media, picture=lambda image: self.picture_url(image, media)
        )

    def render(self, pack: Pack, carried: Carried | None = None) -> bytes:
        path = self.templates / self.template_name
        return guarded(lambda: self.html(pack).encode("utf-8"), path, self.root)
