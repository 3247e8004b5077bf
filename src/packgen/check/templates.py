"""template.undefined: every template, rendered for every programme-year and hub, uses only what it is given.

Wording is rendered by resolve_pack, as a build does; each registered renderer then lays out
the pack. A renderer may offer ``check(pack)``, the templating part of ``render`` alone (the
PDF renderer fills its HTML template without laying out the PDF), so this stays cheap.
A problem that only some hubs hit names them.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Iterator

from ..context import resolve_pack
from ..errors import PackgenError, Problem, display_path
from ..render import load_renderers
from ..render.templating import TemplateFailure
from .base import CheckContext
from .wording import hub_list


def check_templates(ctx: CheckContext) -> Iterator[Problem]:
    project = ctx.project
    templates = project.templates_dir
    if not templates.is_dir():
        yield Problem(display_path(templates, project.root), 0, 0, "the project has no templates/ folder", "project.layout")
        return
    try:
        renderers = load_renderers(templates, project.root)
    except OSError as exc:
        yield Problem(display_path(exc.filename or templates, project.root), 0, 0, f"template could not be read: {exc.strerror}", "template.error")
        return
    found: dict[Problem, set[str]] = {}
    checked: set[str] = set()
    for renderer in renderers.values():
        if isinstance(renderer, TemplateFailure):
            found.setdefault(renderer.problem, set())
    for py in ctx.programmes:
        for hub in ctx.hubs_for(py):
            checked.add(hub.code)
            try:
                pack = resolve_pack(project, py, hub)
            except PackgenError as exc:
                for problem in exc.problems:
                    found.setdefault(problem, set()).add(hub.code)
                continue
            for (document, fmt), renderer in renderers.items():
                if isinstance(renderer, TemplateFailure):
                    continue
                run: Callable[..., object] = getattr(renderer, "check", None) or renderer.render
                try:
                    run(pack)
                except TemplateFailure as exc:
                    found.setdefault(exc.problem, set()).add(hub.code)
                except Exception as exc:  # noqa: BLE001 - one broken renderer must not hide the other problems
                    problem = Problem(f"{document}.{fmt}", 0, 0, f"could not render: {type(exc).__name__}: {exc}", "render.failed")
                    found.setdefault(problem, set()).add(hub.code)
    for problem, codes in found.items():
        if codes and codes != checked:
            problem = dataclasses.replace(problem, message=f"{problem.message} (for {hub_list(codes, len(checked))})")
        yield problem
