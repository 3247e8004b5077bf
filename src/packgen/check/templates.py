"""template.undefined: every template, rendered for every programme-year and hub, uses only what it is given.

Wording is rendered by resolve_pack, as a build does; each registered renderer then lays out
the pack. A renderer may offer ``check(pack)``, the templating part of ``render`` alone (the
PDF renderer fills its HTML template without laying out the PDF), so this stays cheap.
A problem that only some hubs hit names them.
"""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from typing import Callable, Iterator

from ..context import resolve_pack
from ..errors import PackgenError, Problem, display_path
from ..render import REGISTRY
from ..render.base import Renderer
from ..render.templating import TemplateFailure
from .base import CheckContext
from .wording import hub_list


def _load(templates: Path, root: Path) -> tuple[dict[tuple[str, str], Renderer], dict[Problem, set[str]]]:
    """Every registered renderer that loads, and a problem for each that does not (all of them, not the first)."""
    loaded: dict[tuple[str, str], Renderer] = {}
    failed: dict[Problem, set[str]] = {}
    for key, cls in REGISTRY.items():
        try:
            loaded[key] = cls(templates, root)
        except TemplateFailure as exc:
            failed[exc.problem] = set()
        except (OSError, zipfile.BadZipFile) as exc:
            where = getattr(exc, "filename", None) or templates / getattr(cls, "template_name", "")
            reason = getattr(exc, "strerror", None) or str(exc)
            failed[Problem(display_path(where, root), 0, 0, f"template could not be read: {reason}", "template.error")] = set()
    return loaded, failed


def check_templates(ctx: CheckContext) -> Iterator[Problem]:
    project = ctx.project
    templates = project.templates_dir
    if not templates.is_dir():
        yield Problem(display_path(templates, project.root), 0, 0, "the project has no templates/ folder", "project.layout")
        return
    renderers, found = _load(templates, project.root)
    checked: set[str] = set()
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
