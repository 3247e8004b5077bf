"""The decision letters' renderers: the same pipeline as the packs, a letter instead of a pack.

HTML from ``templates/letters/<kind>.html.j2`` (each extends ``letters/letter.html.j2`` and uses the
packs' ``blocks`` macro); the PDF laid out from its print page by WeasyPrint as a tagged PDF/UA
(pdf/engine.py); DOCX from ``templates/letters/letter.docx`` (word/template.py, the packs' Word
blocks); and the email's plain text and HTML bodies. They are not in RENDERERS: a build makes no
letters; ``packgen letters`` and the server's outbox do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from markupsafe import Markup

from .. import pack as p
from ..letter import Letter
from .base import Carried, Renderer
from .design import css_variables
from .pdf.engine import PdfFromHtml
from .templating import file_env, guarded, picture_urls
from .word.template import WORD_MEDIA_TYPE, WordRenderer, WordTemplate, docx_env

FOLDER = "letters"
DECISION_LABELS = {
    "offered": "Place offered",
    "waiting": "Waiting list",
    "not_offered": "Not offered a place",
    "place_freed": "Place offered from the waiting list",
}
"""How a letter and the receipt page name each decision."""


def decision_label(kind: str) -> str:
    return DECISION_LABELS[kind]


class LetterHtml(Renderer):
    """A letter as a standalone HTML page; ``media="print"`` is the page the PDF lays out."""

    document: ClassVar[str] = "letter"
    format: ClassVar[str] = "html"
    title: ClassVar[str] = "Decision letter"
    format_title: ClassVar[str] = "HTML"
    media_type: ClassVar[str] = "text/html; charset=utf-8"
    template_name: ClassVar[str] = f"{FOLDER}/letter.html.j2"
    reads: ClassVar[tuple[str, ...]] = (template_name, "blocks.html.j2", "style.css", f"{FOLDER}/letter.css")

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        super().__init__(templates, root)
        self.env = file_env(templates)
        self.house = Markup(css_variables())
        self.css = Markup(
            (templates / "style.css").read_text(encoding="utf-8")
            + "\n"
            + (templates / FOLDER / "letter.css").read_text(encoding="utf-8")
        )
        self.picture_url = picture_urls(root if root is not None else templates.parent)

    @property
    def stylesheets(self) -> tuple[Markup, ...]:
        return (self.house, self.css)

    def html(self, letter: Letter, *, media: str = "screen") -> str:
        template = self.env.get_template(f"{FOLDER}/{letter.kind}.html.j2")
        return template.render(
            letter=letter,
            decision=decision_label(letter.kind),
            house=self.house,
            css=self.css,
            media=media,
            picture=lambda image: self.picture_url(image, media),
        )

    def render(self, pack: Any, carried: Carried | None = None) -> bytes:
        path = self.templates / FOLDER / f"{pack.kind}.html.j2"
        return guarded(lambda: self.html(pack).encode("utf-8"), path, self.root)


class LetterPdf(PdfFromHtml):
    """A letter as a tagged PDF (PDF/UA-1), laid out from its print page."""

    document: ClassVar[str] = "letter"
    reads: ClassVar[tuple[str, ...]] = LetterHtml.reads
    title: ClassVar[str] = LetterHtml.title
    html_renderer = LetterHtml

    def source(self, pack: Any) -> str:
        path = self.templates / FOLDER / f"{pack.kind}.html.j2"
        return guarded(lambda: self.html.html(pack, media="print"), path, self.root)

    def render(self, pack: Any, carried: Carried | None = None) -> bytes:
        return self.pdf(pack)


class LetterDocx(WordRenderer):
    """A letter as a Word document from ``templates/letters/letter.docx``."""

    document: ClassVar[str] = "letter"
    format: ClassVar[str] = "docx"
    template_name: ClassVar[str] = f"{FOLDER}/letter.docx"
    reads: ClassVar[tuple[str, ...]] = (template_name,)
    title: ClassVar[str] = LetterHtml.title
    format_title: ClassVar[str] = "DOCX"
    media_type: ClassVar[str] = WORD_MEDIA_TYPE

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        super().__init__(templates, root)
        self.template = WordTemplate(templates / self.template_name, docx_env(), root)

    def filling(self, pack: Any) -> tuple[dict[str, Any], dict[str, bytes]]:
        return {"letter": pack, "decision": decision_label(pack.kind)}, {}


class LetterEmail:
    """A letter as an email's bodies: plain text (``letters/email.txt.j2``) and HTML (``letters/email.html.j2``)."""

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        self.templates, self.root = templates, root
        self.text_env = file_env(templates, autoescape=False)
        self.text_env.filters["text"] = blocks_text
        self.text_env.filters["plain"] = lambda runs: p.plain(runs)
        self.html_env = file_env(templates)

    def text(self, letter: Letter) -> str:
        path = self.templates / FOLDER / "email.txt.j2"
        template = self.text_env.get_template(f"{FOLDER}/email.txt.j2")
        return guarded(lambda: template.render(letter=letter, decision=decision_label(letter.kind)), path, self.root)

    def html(self, letter: Letter) -> str:
        path = self.templates / FOLDER / "email.html.j2"
        template = self.html_env.get_template(f"{FOLDER}/email.html.j2")
        return guarded(
            lambda: template.render(
                letter=letter, decision=decision_label(letter.kind), media="screen", picture=lambda image: ""
            ),
            path,
            self.root,
        )


def blocks_text(blocks: tuple[p.Block, ...]) -> str:
    """Blocks as plain text: paragraphs apart, list items with a bullet or number, a table's rows
    one a line with its cells apart, a notice's heading and blocks, a picture by its alt text."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, p.Paragraph):
            out.append(p.plain(block.runs))
        elif isinstance(block, p.ItemList):
            out.append("\n".join(_items(block)))
        elif isinstance(block, p.Heading):
            out.append(block.text)
        elif isinstance(block, p.Table):
            rows = (block.header, *block.rows)
            out.append("\n".join(" | ".join(p.plain(p.cell_runs(c)) for c in row) for row in rows))
        elif isinstance(block, p.Notice):
            out.append("\n\n".join(x for x in (block.heading, blocks_text(block.blocks)) if x))
        elif isinstance(block, p.Image):
            out.append(f"[Picture: {block.alt}]")
        else:  # a kind of block registered from outside: its text fields
            out.extend(v for k, v in vars(block).items() if k != "kind" and isinstance(v, str) and v)
    return "\n\n".join(out)


def _items(block: p.ItemList, depth: int = 0) -> list[str]:
    lines = []
    for n, item in enumerate(block.items, block.start):
        mark = f"{n}." if block.numbered else "-"
        lines.append(f"{'  ' * depth}{mark} {p.plain(item.runs)}")
        if item.sublist is not None:
            lines += _items(item.sublist, depth + 1)
    return lines
