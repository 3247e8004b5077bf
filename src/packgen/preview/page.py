"""The preview's page: the document a view shows with the switcher and the problems panel put
in, or a page of its own around a PDF. Pure: a View in, the page's bytes out."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import jinja2

from ..errors import Problem
from .views import DOCUMENTS, FORMATS, Options, View

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
_HEAD_END = re.compile(r"</head\s*>", re.I)
_BODY = re.compile(r"<body\b[^>]*>", re.I)
_BODY_END = re.compile(r"</body\s*>", re.I)
_MAIN = re.compile(r"<main\b", re.I)


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # the data's wording and the problems' messages are text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def where(problem: Problem) -> str:
    """A problem's place as `packgen check` prints it: path, and :line:col when it has them."""
    return f"{problem.path}:{problem.line}:{problem.col or 1}" if problem.line else problem.path


def render_page(view: View, options: Options, *, events: str, pdf: str | None = None) -> bytes:
    """The page for ``view``. ``events`` is the address its script listens to for saves;
    ``pdf`` the address of its PDF, for a PDF view."""
    years = sorted({y for ys in options.years.values() for y in ys} | {view.key.year})
    hubs = dict(options.hubs)
    hubs.setdefault(view.key.hub, "")
    errors = sum(p.severity == "error" for p in view.problems)
    context = {
        "view": view,
        "options": Options(hubs, options.years, options.running),
        "all_years": years,
        "documents": DOCUMENTS,
        "formats": FORMATS,
        "events": events,
        "where": where,
        "errors": errors,
        "warnings": len(view.problems) - errors,
        "pdf": pdf,
    }
    env = environment()
    if view.page is None:
        return env.get_template("page.html.j2").render(context).encode("utf-8")
    chrome = env.get_template("chrome.html.j2").make_module(context)
    return _around(view.page.decode("utf-8"), str(chrome.head()), str(chrome.top())).encode("utf-8")


def _around(document: str, head: str, top: str) -> str:
    """``document`` with ``head`` at the end of its head and ``top`` at the start of its body,
    the rest of its body put in a <main> when it has none (the diff page), so every part of the
    page is in a landmark."""
    m = _HEAD_END.search(document)
    document = document[: m.start()] + head + document[m.start() :] if m else head + document
    body = _BODY.search(document)
    at = body.end() if body else 0
    rest = document[at:]
    if not _MAIN.search(rest):
        end = _BODY_END.search(rest)
        cut = end.start() if end else len(rest)
        rest = '<main class="pg-main">' + rest[:cut] + "</main>" + rest[cut:]
    return document[:at] + top + rest
