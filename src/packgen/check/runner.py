"""Run every check over a project and return its problems, silenced ones left out, sorted by file and line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..errors import Problem
from ..model.project import Project
from ..plan import Selection
from .base import CheckContext
from .commitments import check_commitments
from .config import CheckConfig, line_ignores
from .dates import check_dates
from .hubs import check_hubs
from .templates import check_templates
from .text import check_text, check_word_limits
from .years import check_years


@dataclass(frozen=True)
class Check:
    run: Callable[[CheckContext], Iterable[Problem]]
    codes: tuple[str, ...]
    renders: bool = False  # renders every pack: `packgen check` runs it, a build need not


CHECKS: tuple[Check, ...] = (
    Check(check_years, ("year.stale",)),
    Check(check_commitments, ("commitments.mismatch",)),
    Check(check_dates, ("date.weekday", "date.order")),
    Check(check_text, ("text.placeholder", "text.repeated-word")),
    Check(check_word_limits, ("form.word-limit",)),
    Check(check_hubs, ("hub.unknown", "hub.incomplete")),
    Check(
        check_templates,
        ("template.undefined", "template.syntax", "template.error", "offer.section", "render.failed", "docx.xml"),
        renders=True,
    ),
)
LOAD_WARNINGS = ("offer.unknown", "project.stray")
KNOWN_CODES: frozenset[str] = frozenset(code for check in CHECKS for code in check.codes) | frozenset(LOAD_WARNINGS)


def check_project(
    project: Project, config: CheckConfig = CheckConfig(), selection: Selection = Selection(), *, render: bool = True
) -> list[Problem]:
    """Every problem the checks find in the selected part of ``project``, sorted by file and line.

    ``render=False`` leaves out the checks that render every pack (a build renders them anyway).
    Problems silenced in packgen.toml or by an ignore comment at their line are left out.
    """
    ctx = CheckContext(project, selection)
    problems = list(project.warnings)
    for check in CHECKS:
        if render or not check.renders:
            problems.extend(check.run(ctx))
    ignores = {}
    for src in [h.source for h in project.hubs] + [py.source for py in project.programmes]:
        ignores[src.shown] = line_ignores(src, KNOWN_CODES)
        problems.extend(ignores[src.shown].problems)
    kept = [
        p for p in problems
        if not config.ignores(p.code) and not (p.path in ignores and ignores[p.path].ignores(p.line, p.code))
    ]
    return sorted(set(kept))


def blocking_problems(project: Project, config: CheckConfig, selection: Selection = Selection()) -> list[Problem]:
    """The error-level problems a build must stop on; cheap, as it leaves rendering to the build."""
    return [p for p in check_project(project, config, selection, render=False) if p.severity == "error"]
