"""Jinja environments for output templates, and turning template failures into Problems."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from jinja2 import StrictUndefined
from markupsafe import Markup, escape

from ..errors import Problem, display_path
from ..forms.kinds import kind_of
from ..pack import BREAK, Image, Inline, Pack
from ..wording.env import name_for_authors, undefined_message

name_for_authors(Pack, "pack")
T = TypeVar("T")


def file_env(templates: Path, *, autoescape: bool = True) -> jinja2.Environment:
    """Strict environment over a templates folder: an undefined variable is an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["runs"] = page_runs
    env.filters["lines"] = lines
    env.filters["kind"] = kind_of
    env.tests["picture"] = is_picture
    return env


def is_picture(value: object) -> bool:
    """The ``picture`` test: a table's cell (or any value) is a picture, not runs of text."""
    return isinstance(value, Image)


def lines(text: str) -> Markup:
    """Text with its hard line breaks as <br>, escaped."""
    return Markup("<br>\n".join(str(escape(line)) for line in text.split(BREAK)))


def run_html(text: str, *, bold: bool = False, italic: bool = False, href: str | None = None) -> str:
    """One run of text as HTML: escaped, inside <em>, <strong> and <a href> as it asks; line breaks as <br>."""
    piece = str(lines(text))
    if italic:
        piece = f"<em>{piece}</em>"
    if bold:
        piece = f"<strong>{piece}</strong>"
    if href:
        piece = f'<a href="{escape(href)}">{piece}</a>'
    return piece


def html_runs(runs: Inline, media: str = "screen") -> Markup:
    """Inline runs as HTML: <strong>, <em> and <a href>, text escaped; a footnote as a numbered
    link to the page's note list on screen, or its own text, floated to the foot of the page, in print."""
    out = []
    for r in runs:
        if r.note is None:
            out.append(run_html(r.text, bold=r.bold, italic=r.italic, href=r.href))
        elif media == "print":
            # print.css floats it to the foot of the page (float: footnote); render/pdf/pdfua.py tags it
            # as a PDF Note just after its call.
            out.append(f'<span class="footnote">{html_runs(r.note.runs, media)}</span>')
        else:
            n = r.note.number
            out.append(
                f'<sup class="note-call"><a href="#note-{n}" id="note-ref-{n}" role="doc-noteref" '
                f'aria-label="note {n}">{n}</a></sup>'
            )
    return Markup("".join(out))


@jinja2.pass_context
def page_runs(ctx: Any, runs: Inline) -> Markup:
    """The ``runs`` filter: runs as the page's media (``media``, screen by default) shows them."""
    return html_runs(runs, ctx.get("media", "screen"))


def picture_urls(project: Path) -> Callable[[Image, str], str]:
    """A picture's URL in a page: on screen a data: URL, so the page stands alone; for print its
    file under the project, which only the PDF renderer's fetcher (templates/ and assets/) serves."""
    cache: dict[str, str] = {}

    def url(image: Image, media: str) -> str:
        path = project / image.src
        if media == "print":
            return path.resolve().as_uri()
        if image.src not in cache:
            cache[image.src] = f"data:{image.media_type};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
        return cache[image.src]

    return url


class TemplateFailure(Exception):
    """A template could not be rendered; carries the Problem that says where."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def template_problem(exc: Exception, template: Path, root: Path | None) -> Problem:
    """Where in which template a Jinja error happened, as a Problem."""
    path, line = template, 0
    if isinstance(exc, jinja2.TemplateSyntaxError):
        if exc.filename:
            path = Path(exc.filename)
        line = exc.lineno or 0
        return Problem(
            display_path(path, root), line, 1 if line else 0, f"template syntax: {exc.message}", "template.syntax"
        )
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith(str(template.parent)) and os.path.isfile(name):
            path, line = Path(name), tb.tb_lineno
        tb = tb.tb_next
    if isinstance(exc, jinja2.UndefinedError):
        return Problem(
            display_path(path, root),
            line,
            1 if line else 0,
            f"template uses an undefined variable: {undefined_message(exc)}",
            "template.undefined",
        )
    return Problem(
        display_path(path, root),
        line,
        1 if line else 0,
        f"template failed: {exc or type(exc).__name__}",
        "template.error",
    )


def guarded(render: Callable[[], T], template: Path, root: Path | None) -> T:
    """Run a render, turning any error it raises into a TemplateFailure that names the template line."""
    try:
        return render()
    except TemplateFailure:
        raise
    except Exception as exc:
        raise TemplateFailure(template_problem(exc, template, root)) from None
