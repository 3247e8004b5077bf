"""`packgen check`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ..check import KNOWN_CODES, load_config
from ..check.runner import project_problems
from ..errors import PackgenError, Problem
from ..model.project import read_project
from .output import out, project_option, today_option


def problems_of(project: Path, today: dt.date | None = None) -> list[Problem]:
    try:
        config = load_config(project, KNOWN_CODES)
    except PackgenError as exc:  # a packgen.toml that cannot be read: with what loading finds
        return sorted(set(exc.problems) | set(read_project(project)[1]))
    return project_problems(project, config, today=today)


@click.command()
@project_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings as well as errors.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: one document for CI.",
)
@today_option
def check(project: Path, strict: bool, fmt: str, today: dt.datetime | None) -> None:
    """Check data and templates for the mistakes hand-edited packs carry, without building.

    Prints path:line:col: severity: message [code] per problem, then a count, on standard
    output. Exits 1 on errors, and on warnings with --strict. Silence a code with
    `# packgen: ignore[code]` at its line or in packgen.toml's [check] ignore list.
    """
    problems = problems_of(project, today.date() if today else dt.date.today())
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if fmt == "json":
        doc = {
            "problems": [
                {
                    "path": p.path,
                    "line": p.line,
                    "col": p.col,
                    "severity": p.severity,
                    "code": p.code,
                    "message": p.message,
                }
                for p in problems
            ],
            "errors": errors,
            "warnings": warnings,
        }
        click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        for p in problems:
            if out.is_terminal:
                out.print(str(p), style="red" if p.severity == "error" else "yellow", markup=False, soft_wrap=True)
            else:
                click.echo(str(p))
        summary = (
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
            if problems
            else "No problems found"
        )
        click.echo(f"{summary}.")
    sys.exit(1 if errors or (strict and warnings) else 0)
