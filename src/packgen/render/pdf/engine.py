"""The PDF engine: an HTML renderer's print page laid out by WeasyPrint (PdfFromHtml, the base of both PDF
renderers), A4, tagged (PDF/UA-1), titled, en-GB; WeasyPrint's fetcher of project files, and what
`packgen check` can say of the stylesheets without laying out anything.

WeasyPrint, pikepdf and the modules that use them (pdfua.py, weasytags.py) are imported when the
first PDF is laid out, not when this module is: a command that lays out no PDF (check, a build
with nothing to do) never pays for loading them.
"""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import unquote, urljoin, urlsplit

from ...errors import Problem, display_path
from ...pack import Pack
from ..base import Renderer
from ..templating import PRINT_HOST, PRINT_ROOT, TemplateFailure, guarded, print_url

if TYPE_CHECKING:
    import pikepdf
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

Finisher = Callable[["pikepdf.Pdf"], None]
"""Edits the opened PDF in the post-pass (the form's fields)."""

SERVED = ("templates", "assets")
"""The project folders WeasyPrint may read from; a PDF's manifest entry lists each file it read."""


def served_folders(root: Path) -> tuple[Path, ...]:
    return tuple(root / name for name in SERVED)


def url_path(url: str, project: Path | None) -> Path | None:
    """The path a ``file:`` URL names: the project's file for one of its print URLs (print_url),
    None for any other URL on that host (a path that climbed out of the project)."""
    from urllib.request import url2pathname  # urllib.request imports http, email and ssl: only when needed

    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        return None
    if parts.netloc == PRINT_HOST:
        if project is None or not parts.path.startswith(PRINT_ROOT):
            return None
        return project / url2pathname(parts.path.removeprefix(PRINT_ROOT))
    if parts.netloc not in ("", "localhost"):
        return None
    return Path(url2pathname(parts.path))


def served_file(url: str, folders: tuple[Path, ...], project: Path | None = None) -> Path | None:
    """The file a ``file:`` URL names when it is under one of ``folders`` (links resolved); else None."""
    try:
        path = url_path(url, project)
        if path is None:
            return None
        path = path.resolve()
        if path.is_file() and any(path.is_relative_to(folder.resolve()) for folder in folders):
            return path
    except (OSError, ValueError):  # a name no file can have (a NUL in it, too long)
        pass
    return None


@cache
def _fetcher_class() -> type[URLFetcher]:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFetcher(URLFetcher):
        """Serves files under the project's templates/ and assets/ folders, and data: URLs (their bytes
        are in the reference itself); refuses everything else: the network, other files, UNC hosts.

        Each file served is recorded in ``served``. A refusal is recorded in ``refused`` and raised as
        an ordinary error, which WeasyPrint turns into a skipped resource; the renderer then reports
        it as a located problem.
        """

        def __init__(self, folders: tuple[Path, ...], project: Path | None) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self.folders = tuple(f.resolve() for f in folders)
            self.project = project
            self.refused: list[str] = []
            self.served: list[Path] = []

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            if urlsplit(url).scheme.lower() == "data":
                return super().fetch(url, headers)
            path = served_file(url, self.folders, self.project)
            if path is not None:
                self.served.append(path)
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            self.refused.append(url)
            raise ValueError(
                f"refused to fetch {url}: not a file under {' or '.join(f.name + '/' for f in self.folders)}"
            )

    return ProjectFetcher


def project_fetcher(folders: tuple[Path, ...], project: Path | None = None) -> Any:
    """WeasyPrint's URL fetcher for a project: its templates/ and assets/ files and data: URLs, nothing else;
    with ``project``, its print URLs (print_url) too."""
    return _fetcher_class()(folders, project)


def engine_warnings() -> list[Problem]:
    """A warning when WeasyPrint has no HarfBuzz subsetter (libharfbuzz-subset0, HarfBuzz 4.1 or
    later): it then subsets fonts with fontTools and writes PDFs two to three times slower."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0):
        return []
    message = (
        "WeasyPrint cannot use HarfBuzz's font subsetter (install libharfbuzz-subset0, as scripts/setup.sh does): "
        "PDFs are written two to three times slower"
    )
    return [Problem("WeasyPrint", 0, 0, message, "build.slow", "warning")]


def _reference(url: str, templates: Path, root: Path) -> tuple[str, int, int, str]:
    """Where the templates refer to ``url``: (path, line, col, the reference as written). A stylesheet's
    url() or @import that leads to it first; else the first text of a template that names it."""
    stylesheets = sorted(p for p in templates.rglob("*.css") if p.is_file())
    for file in stylesheets:
        for written, line, col in stylesheet_references(file):
            if urljoin(print_url(file, root), written) == url:
                return display_path(file, root), line, col, written
    needles = [url]
    path = url_path(url, root)
    if path is not None:
        needles += [os.path.relpath(path, templates), path.as_posix(), unquote(path.name)]
    for file in sorted(p for p in templates.rglob("*") if p.is_file() and p.suffix in (".css", ".j2", ".html", ".svg")):
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for needle in needles:
            for number, line in enumerate(lines, start=1):
                col = line.find(needle)
                if col >= 0:
                    return display_path(file, root), number, col + 1, needle
    return display_path(templates, root), 0, 0, url


def refused_problem(url: str, templates: Path, root: Path) -> Problem:
    path, line, col, written = _reference(url, templates, root)
    message = f"refused to fetch {written}: only files under {' and '.join(f'{name}/' for name in SERVED)} are used"
    return Problem(path, line, col, message, "template.fetch")


def _urls(tokens: Iterable[Any]) -> Iterator[tuple[str, int, int]]:
    """Every url(...) in tinycss2 tokens, nested blocks included: (url, line, column), the column of the
    quoted text itself in url("...") (after its quote), of url( when it is not quoted."""
    for token in tokens:
        if token.type == "url":
            yield token.value, token.source_line, token.source_column
        elif token.type == "function" and token.lower_name == "url":
            for argument in token.arguments:
                if argument.type == "string":
                    yield argument.value, argument.source_line, argument.source_column + 1
                    break
        elif token.type == "function":
            yield from _urls(token.arguments)
        elif token.type in ("() block", "[] block", "{} block"):
            yield from _urls(token.content)


def stylesheet_references(path: Path) -> list[tuple[str, int, int]]:
    """Every url() and @import in a stylesheet, as written: (reference, line, column); none when it
    cannot be read (the renderer reports that when it loads)."""
    import tinycss2

    try:
        rules = tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True)
    except (OSError, UnicodeDecodeError):
        return []
    found: list[tuple[str, int, int]] = []
    for rule in rules:
        if rule.type not in ("qualified-rule", "at-rule"):
            continue  # a parse error: WeasyPrint skips it too
        found += list(_urls(rule.prelude or ())) + list(_urls(rule.content or ()))
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            found += [(t.value, t.source_line, t.source_column + 1) for t in rule.prelude if t.type == "string"]
    return found


def stylesheet_problems(templates: Path, names: Iterable[str], root: Path | None) -> list[Problem]:
    """A template.fetch error for each url() or @import in these stylesheets (and the project
    stylesheets they import) that a PDF would be refused, found without laying out anything:
    each is resolved as the PDF's fetcher resolves it (print_url)."""
    project = root if root is not None else templates.parent
    folders = served_folders(project)
    served_names = " and ".join(f"{name}/" for name in SERVED)
    problems: list[Problem] = []
    todo = [templates / name for name in names]
    seen: set[Path] = set()
    while todo:
        path = todo.pop(0).resolve()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        base = print_url(path, project)
        for url, line, col in stylesheet_references(path):
            absolute = urljoin(base, url)
            if urlsplit(absolute).scheme.lower() == "data":
                continue
            served = served_file(absolute, folders, project)
            if served is None:
                message = f"refused to fetch {url}: only files under {served_names} are used"
                problems.append(Problem(display_path(path, project), line, col, message, "template.fetch"))
            elif served.suffix == ".css":
                todo.append(served)
    return problems


class PdfFromHtml(Renderer):
    """A PDF laid out by WeasyPrint from one of the HTML renderers' pages, media="print".

    ``fetched`` is, after each render, the project files the PDF read, its stylesheets' too.
    """

    format: ClassVar[str] = "pdf"
    format_title: ClassVar[str] = "PDF"
    media_type: ClassVar[str] = "application/pdf"
    html_renderer: ClassVar[type[Any]]  # the HTML renderer whose page it lays out: html(), template_name, stylesheets

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        super().__init__(templates, root)
        self.html = self.html_renderer(templates, root)
        self.project = root if root is not None else templates.parent
        self._engine: tuple[Any, FontConfiguration, list[CSS]] | None = None
        self._read_at_start: tuple[Path, ...] = ()

    def engine(self) -> tuple[Any, FontConfiguration, list[CSS]]:
        """The fetcher, fonts and parsed stylesheets, made at the first layout and kept for the worker's life.

        One FontConfiguration and parsed stylesheets per worker: WeasyPrint's font cache grows per
        instance (#2130), and parsing the CSS for every document is wasted work. Stylesheets resolve
        relative url()s against templates/; the page itself has no base URL, so its relative links
        stay relative in the PDF.
        """
        if self._engine is None:
            from weasyprint import CSS
            from weasyprint.text.fonts import FontConfiguration

            fetcher = project_fetcher(served_folders(self.project), self.project)
            fonts = FontConfiguration()
            base = print_url(self.templates, self.project)
            css = [
                CSS(string=str(sheet), base_url=base, font_config=fonts, url_fetcher=fetcher)
                for sheet in (*self.extra_css(), *self.html.stylesheets)
            ]
            self._raise_refused(fetcher)  # a stylesheet's refused @import or font: not kept, so every document says so
            self._engine = (fetcher, fonts, css)
            self._read_at_start = tuple(fetcher.served)
        return self._engine

    def extra_css(self) -> tuple[str, ...]:
        """Stylesheets the renderer adds before the templates' own (e.g. a font the page needs)."""
        return ()

    def _raise_refused(self, fetcher: Any) -> None:
        """A TemplateFailure for the first URL refused since the last call, if any."""
        refused, fetcher.refused = fetcher.refused, []
        if refused:
            raise TemplateFailure(refused_problem(refused[0], self.templates, self.project))

    def source(self, pack: Pack) -> str:
        """The print HTML; a template error names the template and line."""
        path = self.templates / self.html.template_name
        return guarded(lambda: self.html.html(pack, media="print"), path, self.root)

    def check(self, pack: Pack) -> None:
        """Only the templating of render(), without laying out the PDF: what `packgen check` runs."""
        self.source(pack)

    def check_files(self) -> list[Problem]:
        """What `packgen check` can say of the stylesheets without laying out a PDF: each reference
        to a file the PDF would be refused."""
        return stylesheet_problems(self.templates, [name for name in self.reads if name.endswith(".css")], self.root)

    def pdf(self, pack: Pack, *, forms: bool = False, finish: Finisher | None = None) -> bytes:
        """The laid-out PDF; a refused fetch is a TemplateFailure naming where it is referred to."""
        source = self.source(pack)
        fetcher, fonts, css = self.engine()
        fetcher.served = []
        data = write_pdf(source, fonts, css, forms=forms, fetcher=fetcher, finish=finish)
        self._raise_refused(fetcher)
        read = sorted({display_path(path, self.project) for path in (*self._read_at_start, *fetcher.served)})
        self.fetched = tuple(read)
        return data


def write_pdf(
    source: str,
    fonts: FontConfiguration,
    stylesheets: list[CSS],
    *,
    forms: bool = False,
    fetcher: URLFetcher | None = None,
    finish: Finisher | None = None,
) -> bytes:
    """Lay out HTML as a tagged PDF that holds as PDF/UA-1 (see pdfua.py), reproducibly.

    ``finish`` edits the opened PDF in the same pass (the form's fields). The file identifier
    is a digest of the content, not of the clock. Without a ``fetcher`` nothing outside the page
    and its stylesheets is fetched at all.
    """
    import pikepdf
    from weasyprint import HTML

    from .pdfua import finish_structure
    from .weasytags import recording

    fetcher = fetcher if fetcher is not None else project_fetcher(())
    document = HTML(string=source, base_url=None, url_fetcher=fetcher).render(
        stylesheets=stylesheets, font_config=fonts, pdf_forms=forms
    )
    with recording() as origins:
        data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_forms=forms)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        finish_structure(pdf, origins)
        if finish is not None:
            finish(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()
