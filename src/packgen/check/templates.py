"""template.undefined: every template, rendered for every programme-year and hub, uses only what it is given.

Wording is rendered by resolve_pack, as a build does; each renderer in RENDERERS then lays out
the pack. A renderer may offer ``check(pack)``, the templating part of ``render`` alone (the
PDF renderer fills its HTML template without laying out the PDF), so this stays cheap.
A problem that only some hubs hit names them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from ..errors import PackgenError, Problem, display_path
from ..resolve import resolve_pack
from .base import CheckScope
from .messages import hub_list


def check_templates(scope: CheckScope) -> Iterator[Problem]:
    from ..render import load_renderers  # the renderers, imported only when templates are checked
    from ..render.templating import TemplateFailure
    from ..site import SiteRenderer

    project = scope.project
    templates = project.templates_dir
    if not templates.is_dir():
        yield Problem(
            display_path(templates, project.root), 0, 0, "the project has no templates/ folder", "project.layout"
        )
        return
    renderers, failed = load_renderers(templates, project.root)
    found: dict[Problem, set[str]] = {problem: set() for problem in failed.values()}
    try:  # the site's pages are laid out by the build; their templates load here, so a syntax error shows
        SiteRenderer(templates, project.root)
    except TemplateFailure as exc:
        found.setdefault(exc.problem, set())
    for renderer in renderers.values():
        for problem in getattr(renderer, "check_files", list)():
            found.setdefault(problem, set())
    checked: set[str] = set()
    for py in scope.programmes:
        for hub in scope.hubs_for(py):
            checked.add(hub.code)
            try:
                pack = resolve_pack(project, py, hub)
            except PackgenError as exc:
                for problem in exc.problems:
                    found.setdefault(problem, set()).add(hub.code)
                continue
            for (document, fmt), renderer in renderers.items():
                run: Callable[..., object] = getattr(renderer, "check", None) or renderer.render
                try:
                    run(pack)
                except TemplateFailure as exc:
                    found.setdefault(exc.problem, set()).add(hub.code)
                except Exception as exc:
                    problem = Problem(
                        f"{document}.{fmt}", 0, 0, f"could not render: {type(exc).__name__}: {exc}", "render.failed"
                    )
                    found.setdefault(problem, set()).add(hub.code)
    for problem, codes in found.items():
        if codes and codes != checked:
            problem = dataclasses.replace(problem, message=f"{problem.message} (for {hub_list(codes, len(checked))})")
        yield problem
