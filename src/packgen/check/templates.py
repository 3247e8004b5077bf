"""template.undefined: every template, rendered for every programme-year and hub, uses only what it is given.

Wording is rendered by resolve_pack, as a build does; the document service then checks the pack
with each renderer in RENDERERS: its ``check(pack)``, the templating part of ``render`` alone
where the layout is slow (the PDF renderer fills its HTML template without laying out the PDF).
A problem that only some hubs hit names them. The decision letters' wording is rendered too, for a
sample school, as packgen letters would.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from ..errors import PackgenError, Problem, display_path
from ..letter import sample_letters
from ..resolve import resolve_pack
from .base import CheckScope
from .messages import hub_list


def check_templates(scope: CheckScope) -> Iterator[Problem]:
    from ..render import RENDERERS, documents  # the renderers, imported only when templates are checked
    from ..render.templating import TemplateFailure
    from ..site import SiteRenderer

    project = scope.project
    templates = project.templates_dir
    if not templates.is_dir():
        yield Problem(
            display_path(templates, project.root), 0, 0, "the project has no templates/ folder", "project.layout"
        )
        return
    service = documents(templates, project.root)
    found: dict[Problem, set[str]] = {problem: set() for key in RENDERERS for problem in service.file_problems(key)}
    try:  # the site's pages are laid out by the build; their templates load here, so a syntax error shows
        SiteRenderer(templates, project.root)
    except TemplateFailure as exc:
        found.setdefault(exc.problem, set())
    keys = [key for key in RENDERERS if not isinstance(service.renderer(key), Problem)]
    checked: set[str] = set()
    for py in scope.programmes:
        for hub in scope.hubs_for(py):
            checked.add(hub.code)
            try:  # the decision letters' wording, rendered for a sample school: what packgen letters would say
                sample_letters(project, py, hub)
            except PackgenError as exc:
                for problem in exc.problems:
                    found.setdefault(problem, set()).add(hub.code)
            try:
                pack = resolve_pack(project, py, hub)
            except PackgenError as exc:
                for problem in exc.problems:
                    found.setdefault(problem, set()).add(hub.code)
                continue
            for key in keys:
                if not RENDERERS[key].makes(pack):
                    continue
                problem = service.check(pack, key)
                if problem is not None:
                    found.setdefault(problem, set()).add(hub.code)
    for problem, codes in found.items():
        if codes and codes != checked:
            problem = dataclasses.replace(problem, message=f"{problem.message} (for {hub_list(codes, len(checked))})")
        yield problem
