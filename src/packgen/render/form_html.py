"""HTML: the application form as an accessible page, each answer a labelled control."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from markupsafe import Markup

from ..forms import spec
from ..model.pack import Pack
from .base import FORM_IGNORES
from .templating import file_env, guarded, picture_urls


class ApplicationFormHtml:
    document: ClassVar[str] = "application-form"
    format: ClassVar[str] = "html"
    template_name: ClassVar[str] = "application-form.html.j2"
    reads: ClassVar[tuple[str, ...]] = (template_name, "blocks.html.j2", "style.css", "form.css")
    ignores: ClassVar[tuple[str, ...]] = FORM_IGNORES

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        self.templates = templates
        self.root = root
        self.env = file_env(templates)
        self.css = Markup((templates / "style.css").read_text(encoding="utf-8"))
        self.form_css = Markup((templates / "form.css").read_text(encoding="utf-8"))
        self.picture_url = picture_urls(root if root is not None else templates.parent)

    @property
    def stylesheets(self) -> tuple[Markup, ...]:
        return (self.css, self.form_css)

    def html(self, pack: Pack, *, media: str = "screen") -> str:
        """The page as text; ``media="print"`` is the variant WeasyPrint makes the PDF from."""
        template = self.env.get_template(self.template_name)
        fields = {f.name: f for f in spec.answers(pack.form)}
        return template.render(
            pack=pack, form=pack.form, fields=fields, spec=spec, identity=spec.identity(pack),
            css=self.css, form_css=self.form_css, media=media, picture=lambda image: self.picture_url(image, media),
        )

    def render(self, pack: Pack) -> bytes:
        path = self.templates / self.template_name
        return guarded(lambda: self.html(pack).encode("utf-8"), path, self.root)
