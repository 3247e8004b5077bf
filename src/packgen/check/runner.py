"""Run every check over a project and return its problems, silenced ones left out, sorted by file and line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..model.project import Project, read_project
from ..selection import Selection
from ..settings import CheckConfig, line_ignores
from .areas import check_areas
from .base import Authorities, CheckScope
from .commitments import check_commitments
from .dates import check_dates, check_past_dates
from .facts import check_unshown
from .hubs import READINESS, check_allocation, check_closing, check_hubs, check_no_apply, check_readiness
from .markup import check_markup
from .notices import check_notices
from .numbers import check_numbers
from .phase import check_phase
from .relative import check_relative
from .templates import check_templates
from .text import check_text, check_word_limits
from .typed import check_typed
from .years import check_years


@dataclass(frozen=True)
class Check:
    run: Callable[..., Iterable[Problem]]  # run(scope), or run(scope, today) when ``today`` is set
    codes: tuple[str, ...]
    renders: bool = False  # renders every pack: `packgen check` runs it, a build need not
    today: bool = False  # needs the day of the run: skipped when the caller gives none
    warns_only: bool = False  # reports warnings only: a build's pre-flight need not run it


CHECKS: tuple[Check, ...] = (
    Check(check_years, ("year.stale",), warns_only=True),
    Check(check_relative, ("year.relative",), warns_only=True),
    Check(check_notices, ("notice.stale",), warns_only=True),
    Check(check_commitments, ("commitments.mismatch",)),
    Check(check_dates, ("date.weekday", "date.order")),
    Check(check_past_dates, ("date.past",), today=True, warns_only=True),
    Check(check_numbers, ("wording.numbers", "wording.dates", "wording.eligibility"), warns_only=True),
    Check(check_phase, ("programme.phase",), warns_only=True),
    Check(check_typed, ("wording.typed",)),
    Check(check_text, ("text.placeholder", "text.repeated-word")),
    Check(check_word_limits, ("form.word-limit",)),
    Check(check_hubs, ("hub.unknown", *READINESS)),
    Check(check_areas, ("hub.area",)),
    Check(check_closing, ("offer.no-closing-date",), warns_only=True),
    Check(check_allocation, ("offer.allocation-words",), warns_only=True),
    Check(check_no_apply, ("programme.no-apply",), warns_only=True),
    Check(check_unshown, ("hub.unshown",), warns_only=True),
    Check(check_markup, ("markup.unsupported", "markup.footnote")),
    Check(
        check_templates,
        (
            "template.undefined",
            "template.syntax",
            "template.error",
            "offer.section",
            "heading.level",
            "render.failed",
            "docx.xml",
        ),
        renders=True,
    ),
)
LOAD_WARNINGS = ("offer.unknown", "project.stray")
UNSILENCED = frozenset({"wording.link", "template.fetch"})
"""Refusals that bound untrusted input: no ignore comment hides them, as no build will go past them."""
KNOWN_CODES: frozenset[str] = frozenset(code for check in CHECKS for code in check.codes) | frozenset(LOAD_WARNINGS)


NO_SETTINGS = CheckConfig()
"""The settings of a project without packgen.toml: nothing silenced."""
EVERYTHING = Selection()
"""Every hub, programme-year and document."""


def check_project(
    project: Project,
    config: CheckConfig = NO_SETTINGS,
    selection: Selection = EVERYTHING,
    *,
    render: bool = True,
    today: dt.date | None = None,
    checks: tuple[Check, ...] = CHECKS,
    authorities: Authorities | None = None,
) -> list[Problem]:
    """Every problem the checks find in the selected part of ``project``, sorted by file and line.

    ``render=False`` leaves out the checks that render every pack (a build renders them anyway).
    ``today`` is the day the checks that need one (date.past) judge by; without it they do not
    run: the library never reads the clock. ``authorities`` are the register's local authorities
    (check/areas.py); without them hubs' areas are not checked. Problems silenced in packgen.toml or by an ignore
    comment at their line are left out.
    """
    scope = CheckScope(project, selection, authorities=authorities)
    problems = list(project.warnings)
    for check in checks:
        if check.today and today is None:
            continue
        if render or not check.renders:
            args: tuple[Any, ...] = (scope, today) if check.today else (scope,)
            problems.extend(check.run(*args))
    ignores = {}
    for src in [h.source for h in project.hubs] + [py.source for py in project.programmes]:
        ignores[src.shown] = line_ignores(src, KNOWN_CODES)
        problems.extend(ignores[src.shown].problems)
    kept = [
        p
        for p in problems
        if p.code in UNSILENCED
        or (not config.ignores(p.code) and not (p.path in ignores and ignores[p.path].ignores(p.line, p.code)))
    ]
    return sorted(set(kept))


PARTIAL: tuple[Check, ...] = tuple(c for c in CHECKS if c.run in (check_templates, check_markup))
"""The checks still worth running on the part of a project that loads when some of it does not:
each file's own templates and wording, so schema and template errors come in one run."""


def partial_problems(
    project: Project | None, config: CheckConfig = NO_SETTINGS, *, render: bool = True
) -> list[Problem]:
    """The errors the template and markup checks find in the part of a project that loaded."""
    if project is None or not project.programmes or not project.hubs:
        return []
    partial = PARTIAL if render else tuple(c for c in PARTIAL if not c.renders)
    return [p for p in check_project(project, config, render=render, checks=partial) if p.severity == "error"]


def project_problems(
    root: Path,
    config: CheckConfig = NO_SETTINGS,
    *,
    render: bool = True,
    today: dt.date | None = None,
    authorities: Authorities | None = None,
) -> list[Problem]:
    """Every problem of the project at ``root``: loading's, then the checks'. When some files do not
    load, the template and markup checks still run over the hubs and programme-years that do."""
    project, problems = read_project(root)
    if project is not None and not problems:
        return check_project(project, config, render=render, today=today, authorities=authorities)
    return sorted(set(problems) | set(partial_problems(project, config, render=render)))


def dated_problems(project: Project, config: CheckConfig, selection: Selection, today: dt.date) -> list[Problem]:
    """The problems of the checks that depend on ``today`` (date.past), for a build to report."""
    dated = tuple(c for c in CHECKS if c.today)
    codes = {code for c in dated for code in c.codes}
    return [
        p for p in check_project(project, config, selection, render=False, today=today, checks=dated) if p.code in codes
    ]


def summary_problems(
    project: Project, config: CheckConfig, selection: Selection, today: dt.date | None
) -> list[Problem]:
    """The warnings a build's summary shows: loading's, a pack with nowhere to send the form or no
    closing date (hub.incomplete, offer.incomplete), and with ``today`` closing dates already past."""
    readiness = Check(check_readiness, READINESS)
    found = [
        p for p in check_project(project, config, selection, render=False, checks=(readiness,)) if p.code in READINESS
    ]
    if today is not None:
        found += dated_problems(project, config, selection, today)
    return list(project.warnings) + sorted(set(found))


def blocking_problems(project: Project, config: CheckConfig, selection: Selection = EVERYTHING) -> list[Problem]:
    """The error-level problems a build must stop on; cheap, as it leaves rendering and warning-only checks out."""
    checks = tuple(c for c in CHECKS if not c.warns_only)
    return [p for p in check_project(project, config, selection, render=False, checks=checks) if p.severity == "error"]
