"""DOCX: the Word template under templates/ filled by docxtpl's tags, with autoescape on.

docxtpl re-parses its template on every render (its issue #110), so we use its tag
preprocessing once per worker, compile the Jinja source once, and per pack only render
and zip. Every part we write is checked to be well-formed XML.
"""

from __future__ import annotations

import io
import re
import zipfile
from abc import abstractmethod
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ...errors import Problem, display_path
from ..base import Carried, Renderer
from ..templating import TemplateFailure, guarded
from . import ooxml, wordparts

RENDERED_PART = re.compile(r"^(word/document\.xml|word/(header|footer)\d*\.xml|docProps/core\.xml)$")
RELS = "word/_rels/document.xml.rels"
DOCUMENT = "word/document.xml"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
WORD_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def patch_xml(xml: str) -> str:
    """docxtpl's clean-up of a part's XML that joins the Jinja tags Word splits across runs.

    docxtpl (and python-docx, which it imports: about a quarter of a second) is imported here, when
    the first Word template is loaded, so a command that loads none (--help, a build with nothing
    to do) does not pay for it. ``patch_xml`` reads nothing of the template object it is a method of.
    """
    from docxtpl import DocxTemplate

    return DocxTemplate.patch_xml(None, xml)


def _with_links(build: Callable[[Any, ooxml.Links], str]) -> Callable[..., Markup]:
    """A filter that builds WordprocessingML, numbering its hyperlinks in the document's Links."""

    @jinja2.pass_context
    def markup(ctx: Any, value: Any) -> Markup:
        return Markup(build(value, ctx["links"]))

    return markup


def docx_env() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(
        runs=_with_links(ooxml.runs),
        block=_with_links(ooxml.block),
        field_table=_with_links(ooxml.field_table),
        notice=_with_links(ooxml.notice),
        logos=_with_links(ooxml.logos),
        text_runs=lambda text: Markup(ooxml.text_runs(text)),
        keep=lambda xml: Markup(
            ooxml.keep_with_next(str(xml))
        ),  # on the page of what follows: a form group's own blocks
        signature_table=lambda c: Markup(ooxml.signature_table(c)),
    )
    return env


class WordTemplate:
    """A .docx template parsed once: its parts as compiled Jinja templates, the rest as bytes."""

    def __init__(self, path: Path, env: jinja2.Environment, root: Path | None = None):
        self.path = path
        self.root = root
        self.project = root if root is not None else path.parent.parent  # pictures are read from its assets/
        self.entries: dict[str, bytes] = {}  # every part of the package, in its order
        self.parts: dict[str, jinja2.Template] = {}
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                data = zf.read(info)
                self.entries[info.filename] = data
                if RENDERED_PART.match(info.filename):
                    source = patch_xml(data.decode("utf-8"))
                    try:
                        self.parts[info.filename] = env.from_string(source)
                    except jinja2.TemplateSyntaxError as exc:
                        shown = display_path(path, root)
                        raise TemplateFailure(
                            Problem(
                                shown, 0, 0, f"template syntax in {info.filename}: {exc.message}", "template.syntax"
                            )
                        ) from None
        if "word/document.xml" not in self.entries:
            raise ValueError("it is not a Word document: it has no word/document.xml")

    def render(
        self, context: dict[str, Any], extra_parts: dict[str, bytes] | None = None, links: ooxml.Links | None = None
    ) -> bytes:
        """Fill every templated part and zip the package with fixed timestamps. ``links`` holds what
        ``extra_parts`` refer to (the diff's own body), if they refer to anything."""
        return zip_parts(self.fill(context, extra_parts, links))

    def fill(
        self, context: dict[str, Any], extra_parts: dict[str, bytes] | None = None, links: ooxml.Links | None = None
    ) -> list[tuple[str, bytes]]:
        """The package's parts in their order, every templated one filled and checked to be well-formed
        XML: all that ``render`` does but zip them (what `packgen check` needs)."""
        links = links if links is not None else ooxml.Links(self.project)
        ctx = {**context, "links": links}
        rendered: dict[str, bytes] = {}
        for name, template in self.parts.items():
            rendered[name] = guarded(partial(_fill, template, ctx), self.path, self.root)
        rendered.update(extra_parts or {})
        document = rendered.get(DOCUMENT, self.entries.get(DOCUMENT))
        rendered.update(wordparts.package_parts({**self.entries, **rendered}, links, document))
        for name, data in rendered.items():
            if name.endswith((".xml", ".rels")):
                _check_xml(name, data, self.path, self.root)
        # The template's parts in their order, rendered ones replaced, new ones at the end.
        return list({**self.entries, **rendered}.items())


class WordRenderer(Renderer):
    """A renderer that fills a Word template: ``filling`` says with what; `packgen check` fills and
    checks every part without zipping the package (the deflate was a fifth of a check's time)."""

    template: WordTemplate

    @abstractmethod
    def filling(self, pack: Any) -> tuple[dict[str, Any], dict[str, bytes]]:
        """The template's context for ``pack``, and the parts it adds to the package."""

    def render(self, pack: Any, carried: Carried | None = None) -> bytes:
        return self.template.render(*self.filling(pack))

    def check(self, pack: Any) -> None:
        self.template.fill(*self.filling(pack))


def _fill(template: jinja2.Template, context: dict[str, Any]) -> bytes:
    return template.render(context).encode("utf-8")


def _check_xml(name: str, data: bytes, template: Path, root: Path | None) -> None:
    from lxml import etree

    try:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        shown = display_path(template, root)
        raise TemplateFailure(Problem(shown, 0, 0, f"rendering {name} gave malformed XML: {exc}", "docx.xml")) from None


def zip_parts(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip whose bytes depend only on its contents: fixed times, fixed order, fixed modes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()
