"""The server's own pages: one Jinja environment over web/templates/ and the project's templates/
(the form controls' macros, shared with the documents' form), every value escaped."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..dates import LONDON, long_date
from ..forms import spec
from ..forms.controls import CONTROLS
from ..forms.kinds import kind_of
from ..pack import Form, Inline, one_line, plain
from ..render.templating import html_runs, is_picture, lines
from ..wording.inline import parse

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
SERVICE = "Apply to a Maths Hub programme"


def when(moment: dt.datetime) -> str:
    """A moment as people in England read it: 2:05pm on Friday 1st March 2024."""
    local = moment.astimezone(LONDON)
    hour = local.strftime("%I").lstrip("0")
    return f"{hour}:{local:%M}{local.strftime('%p').lower()} on {long_date(local.date())}"


def multiline(text: str) -> Markup:
    """An answer with its line breaks kept, escaped."""
    return Markup("<br>").join(Markup.escape(line) for line in text.split("\n"))


def stamp_of(folders: Iterable[Path]) -> tuple[int, ...]:
    """When each file under the folders was last changed: it changes when a template does."""
    stamp: list[int] = []
    pending = list(folders)
    while pending:
        with contextlib.suppress(OSError), os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    pending.append(Path(entry.path))
                else:
                    stamp.append(entry.stat().st_mtime_ns)
    return tuple(stamp)


class Pages(jinja2.Environment):
    """The pages' environment and the templates' stamp its compiled templates are as new as."""

    stamp: tuple[int, ...] = ()


@functools.lru_cache(maxsize=4)
def environment(project_templates: Path) -> Pages:
    """The pages' environment, made once per project: its templates are compiled on first use, and
    dropped when the templates' stamp is no longer the one it was made with (web/common.fresh_pages).

    It sees web/templates/ first, then the project's templates/, where the form controls' macros
    are (form-controls.html.j2, and any a project's own controls name)."""
    env = Pages(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(str(TEMPLATES)), jinja2.FileSystemLoader(str(project_templates))]
        ),
        autoescape=True,  # every answer, name and message is untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # web/common.fresh_pages drops the compiled templates when one changes
    )
    env.filters["runs"] = _kept_runs
    env.filters["lines"] = lines
    env.filters["kind"] = kind_of
    env.tests["picture"] = is_picture
    env.filters["when"] = when
    env.filters["long_date"] = long_date
    env.filters["title_text"] = title_text
    env.filters["multiline"] = multiline
    env.globals["spec"] = spec
    env.globals["service"] = SERVICE
    # The pages' Content-Security-Policy allows no style attribute: templates/blocks.html.j2 leaves
    # a picture's width to the stylesheet (see form-controls.html.j2 for the other differences).
    env.globals["strict_csp"] = True
    env.stamp = stamp_of([TEMPLATES, project_templates])  # before any template is compiled
    return env


def compile_pages(env: jinja2.Environment) -> list[str]:
    """Compile the pages' templates now: every one in web/templates/ and those of the project's they
    import (the documents' blocks macro, the controls' macros). `packgen serve` does this before it
    starts serving, and before it forks its workers, which then share them: otherwise each process
    compiled them for its first school's pages, some 0.1 s of CPU each. One that cannot be loaded
    is left for its page to report, as before. Returns the names compiled."""
    names = sorted(n for n in jinja2.FileSystemLoader(str(TEMPLATES)).list_templates() if n.endswith(".j2"))
    names += ["blocks.html.j2", *sorted({control.template for control in CONTROLS.values()})]
    compiled = []
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            continue
        compiled.append(name)
    return compiled


@functools.lru_cache(maxsize=4096)
def _cached_runs(runs: Inline, media: str) -> Markup:
    return html_runs(runs, media)


def _kept_runs(runs: Any, media: str = "screen") -> Markup:
    """html_runs, kept for wording that is the same on every page (a form's labels and headings)."""
    try:
        return _cached_runs(tuple(runs), media)
    except TypeError:  # a run that cannot be a key
        return html_runs(runs, media)


Summary = tuple[tuple[str, tuple[tuple[str, Markup, bool], ...]], ...]
"""A form's answers as "check your answers" lists them: for each section its heading and, per
answer, (field name, label, whether the hub fills it in)."""


def summary(form: Form) -> Summary:
    """The form's Summary (site.HubPack.summary keeps it for each hub's pack)."""
    fields = {f.name: f for f in spec.answers(form)}
    sections = [
        (group.heading, tuple((f.name, _kept_runs(f.label), kind_of(f).prefilled is not None) for f in group.fields))
        for group in form.groups
    ]
    if form.commitments:
        rows = tuple(
            (s.name, Markup.escape(f"{s.role}: {s.label}"), kind_of(fields[s.name]).prefilled is not None)
            for s in form.commitments.signatures
        )
        sections.append((form.commitments.heading, rows))
    return tuple(sections)


def title_text(title: str) -> str:
    """A programme's title as written in its file, as one line of text: its markup read (a hard line
    break is a space, an escaped character itself), as the documents show it."""
    return one_line(plain(parse(title)))
