"""Jinja environments for output templates, and turning template failures into Problems."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from types import CodeType, FunctionType
from typing import Any, TypeVar
from urllib.parse import quote

import jinja2
from jinja2 import StrictUndefined
from jinja2.bccache import Bucket
from jinja2.utils import _PassArg  # Jinja's own reading of pass_context & co.; public API would retire it
from markupsafe import Markup, escape

from ..errors import Problem, display_path
from ..forms.kinds import kind_of
from ..pack import BREAK, Image, Inline, Pack
from ..recent import Recent
from ..wording.env import name_for_authors, undefined_message

name_for_authors(Pack, "pack")
T = TypeVar("T")


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates kept in this process, by the template's name and source and the
    settings of the environment that compiled it, so a template is compiled once however many
    environments load it: every renderer and site has its own, and the server, the preview and a
    test run make new ones over copies of the same folder. (Compiling is most of a first render.)

    The code a template compiles to names its file, and Jinja takes the template's ``filename``
    (which its error tracebacks name, and `template_problem` with them) from it: a template kept
    from another folder's file of the same source is given this one's name."""

    def __init__(self, size: int):
        super().__init__()
        self._kept: Recent[CodeType] = Recent(size)

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        settings = _settings(environment, name)
        if settings is None:
            return Bucket(environment, "", "")  # not kept: compiled as without a cache
        key = (settings, name, source)
        bucket = _Kept(environment, key)
        code = self._kept.get(key)
        if code is not None:
            bucket.code = _named(code, filename or "<template>")
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        if not isinstance(bucket, _Kept) or bucket.code is None:
            return
        self._kept.put(bucket.kept_as, bucket.code)


class _Kept(Bucket):
    """A bucket that knows its key as a tuple (Jinja's own key is a string made for file names)."""

    def __init__(self, environment: jinja2.Environment, kept_as: Hashable):
        super().__init__(environment, "", "")
        self.kept_as = kept_as


def _settings(env: jinja2.Environment, name: str) -> Hashable | None:
    """What in an environment decides the code a template compiles to: its syntax, whether it
    escapes, its finalize, and its filters' and tests' names, what each is passed and its definition.
    None (not kept) for an environment with extensions, whose instances' settings compile too."""
    if env.extensions:
        return None
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    syntax = (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string)
    syntax += (env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix)
    layout = (env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline)
    finalize = None if env.finalize is None else (_PassArg.from_obj(env.finalize), _definition(env.finalize))
    compiler = (type(env), env.optimized, env.is_async, autoescape, finalize)
    return (compiler, syntax, layout, _passed(env.filters), _passed(env.tests))


def _passed(table: dict[str, Callable[..., Any]]) -> tuple[tuple[str, _PassArg | None, Hashable], ...]:
    """Each filter's or test's name, what Jinja passes it besides its value (compiled into the calls),
    and its definition: Jinja runs a filter on a constant while compiling, so two filters of one name
    must be the same code (the same lambda made by each renderer counts as one)."""
    return tuple((name, _PassArg.from_obj(f), _definition(f)) for name, f in sorted(table.items()))


def _definition(f: Callable[..., Any]) -> Hashable:
    """A function by its code, where that says all it does; one that holds values of its own (a
    closure's, its defaults) by itself, so that two such are never taken for one another."""
    if isinstance(f, FunctionType) and not (f.__closure__ or f.__defaults__ or f.__kwdefaults__):
        return (f.__code__, id(f.__globals__))
    return f


def _named(code: CodeType, filename: str) -> CodeType:
    """``code`` with every code object in it naming ``filename``."""
    if code.co_filename == filename:
        return code
    consts = tuple(_named(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


COMPILED = CompiledTemplates(256)  # the repo's templates are about 40 files


def file_env(templates: Path, *, autoescape: bool = True) -> jinja2.Environment:
    """Strict environment over a templates folder: an undefined variable is an error."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED,
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


PRINT_HOST, PRINT_ROOT = "packgen", "/project/"
"""Where the URLs by which a PDF's page and stylesheets name the project's files point
(file://packgen/project/assets/logo.png): WeasyPrint names each picture in a PDF by a digest of its
URL, so with the folder's own path in it the same project built elsewhere made other bytes. A
relative URL that climbs out of /project/ is outside the project, as a file path would be."""


def print_url(path: Path, project: Path) -> str:
    """The URL WeasyPrint is given for a file: under the project, one that does not say where the
    project is (PRINT_HOST; the PDF renderer's fetcher reads it from the project); else its own."""
    path, project = path.resolve(), project.resolve()
    if not path.is_relative_to(project):
        return path.as_uri()
    relative = path.relative_to(project).as_posix()
    folder = "/" if path.is_dir() and relative != "." else ""
    return f"file://{PRINT_HOST}{PRINT_ROOT}{quote(relative) if relative != '.' else ''}{folder}"


def picture_urls(project: Path) -> Callable[[Image, str], str]:
    """A picture's URL in a page: on screen a data: URL, so the page stands alone; for print its
    file under the project, which only the PDF renderer's fetcher (templates/ and assets/) serves."""
    cache: dict[str, str] = {}

    def url(image: Image, media: str) -> str:
        path = project / image.src
        if media == "print":
            return print_url(path, project)
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
