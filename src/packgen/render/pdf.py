"""PDF: the HTML pack laid out by WeasyPrint; A4, tagged (PDF/UA-1), titled, en-GB."""

from __future__ import annotations

import io
import mimetypes
import os
from pathlib import Path
from typing import Callable, ClassVar
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pikepdf
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..errors import Problem, display_path
from ..model.pack import Pack
from .html import InformationHtml
from .pdfua import finish_structure
from .templating import TemplateFailure, guarded
from .weasytags import recording

Finisher = Callable[[pikepdf.Pdf], None]

SERVED = ("templates", "assets")
"""The project folders WeasyPrint may read from; plan.environment_digest hashes each of them."""


def served_folders(root: Path) -> tuple[Path, ...]:
    return tuple(root / name for name in SERVED)


class ProjectFetcher(URLFetcher):
    """Serves files under the project's templates/ and assets/ folders, and data: URLs (their bytes
    are in the reference itself); refuses everything else: the network, other files, UNC hosts.

    A refusal is recorded in ``refused`` and raised as an ordinary error, which WeasyPrint turns
    into a skipped resource; the renderer then reports it as a located problem.
    """

    def __init__(self, folders: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.folders = tuple(f.resolve() for f in folders)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(url2pathname(parts.path)).resolve()
            if path.is_file() and any(path.is_relative_to(folder) for folder in self.folders):
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
        self.refused.append(url)
        raise ValueError(f"refused to fetch {url}: not a file under {' or '.join(f.name + '/' for f in self.folders)}")


def _reference(url: str, templates: Path, root: Path) -> tuple[str, int, int, str]:
    """Where the templates refer to ``url``: (path, line, col, the reference as written)."""
    needles = [url]
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        path = Path(url2pathname(parts.path))
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


class PdfFromHtml:
    """A PDF laid out by WeasyPrint from one of the HTML renderers' pages, media="print"."""

    html_renderer: ClassVar[type] = InformationHtml  # any renderer with html(), template_name, stylesheets

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        self.templates = templates
        self.root = root
        self.html = self.html_renderer(templates, root)
        self.project = root if root is not None else templates.parent
        self.fetcher = ProjectFetcher(served_folders(self.project))
        # One FontConfiguration and parsed stylesheets per worker: WeasyPrint's font cache
        # grows per instance (#2130), and parsing the CSS for every document is wasted work.
        # Stylesheets resolve relative url()s against templates/; the page itself has no base
        # URL, so its relative links stay relative in the PDF.
        self.fonts = FontConfiguration()
        base = templates.resolve().as_uri() + "/"
        self.css = [
            CSS(string=str(sheet), base_url=base, font_config=self.fonts, url_fetcher=self.fetcher)
            for sheet in (*self.extra_css(), *self.html.stylesheets)
        ]
        self.raise_refused()

    def extra_css(self) -> tuple[str, ...]:
        """Stylesheets the renderer adds before the templates' own (e.g. a font the page needs)."""
        return ()

    def raise_refused(self) -> None:
        """A TemplateFailure for the first URL refused since the last call, if any."""
        refused, self.fetcher.refused = self.fetcher.refused, []
        if refused:
            raise TemplateFailure(refused_problem(refused[0], self.templates, self.project))

    def source(self, pack: Pack) -> str:
        """The print HTML; a template error names the template and line."""
        path = self.templates / self.html.template_name
        return guarded(lambda: self.html.html(pack, media="print"), path, self.root)

    def check(self, pack: Pack) -> None:
        """Only the templating of render(), without laying out the PDF: what `packgen check` runs."""
        self.source(pack)

    def pdf(self, pack: Pack, *, forms: bool = False, finish: Finisher | None = None) -> bytes:
        """The laid-out PDF; a refused fetch is a TemplateFailure naming where it is referred to."""
        data = write_pdf(self.source(pack), self.fonts, self.css, forms=forms, fetcher=self.fetcher, finish=finish)
        self.raise_refused()
        return data


class InformationPdf(PdfFromHtml):
    document: ClassVar[str] = "information"
    format: ClassVar[str] = "pdf"
    reads: ClassVar[tuple[str, ...]] = InformationHtml.reads

    def render(self, pack: Pack) -> bytes:
        return self.pdf(pack)


def write_pdf(
    source: str, fonts: FontConfiguration, stylesheets: list[CSS], *, forms: bool = False,
    fetcher: URLFetcher | None = None, finish: Finisher | None = None,
) -> bytes:
    """Lay out HTML as a tagged PDF that holds as PDF/UA-1 (see pdfua.py), reproducibly.

    ``finish`` edits the opened PDF in the same pass (the form's fields). The file identifier
    is a digest of the content, not of the clock. Without a ``fetcher`` nothing outside the page
    and its stylesheets is fetched at all.
    """
    fetcher = fetcher if fetcher is not None else ProjectFetcher(())
    document = HTML(string=source, base_url=None, url_fetcher=fetcher).render(stylesheets=stylesheets, font_config=fonts, pdf_forms=forms)
    with recording() as origins:
        data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_forms=forms)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        finish_structure(pdf, origins)
        if finish is not None:
            finish(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()
