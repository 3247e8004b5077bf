"""`packgen check`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ..check import KNOWN_CODES, load_config
from ..check.areas import NotChecked, find_authorities
from ..check.base import Authorities
from ..check.runner import project_problems
from ..errors import PackgenError, Problem
from ..model.project import read_project
from .output import out, project_option, today_option
from .serve import _engine, database_option


def authorities_of(project: Path, database: str | None) -> Authorities | NotChecked:
    """The register's local authorities hubs' areas are checked against (check/areas.py says whence)."""
    if database is None:
        return find_authorities(project)
    from ..schools import store  # the web's database layer only when a database is named

    engine = _engine(project, database)[0]
    try:
        register = store.info(engine)
        if register is None:
            return NotChecked("the database named by --database has no register of schools yet")
        return Authorities(frozenset(store.la_names(engine)), f"the register of {register.date.isoformat()}")
    finally:
        engine.dispose()


def problems_of(
    project: Path, today: dt.date | None = None, authorities: Authorities | NotChecked | None = None
) -> list[Problem]:
    try:
        config = load_config(project, KNOWN_CODES)
    except PackgenError as exc:  # a packgen.toml that cannot be read: with what loading finds
        return sorted(set(exc.problems) | set(read_project(project)[1]))
    found = authorities if isinstance(authorities, Authorities) else None
    return project_problems(project, config, today=today, authorities=found)


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
@database_option
def check(project: Path, strict: bool, fmt: str, today: dt.datetime | None, database: str | None) -> None:
    """Check data and templates for the mistakes hand-edited packs carry, without building.

    Prints path:line:col: severity: message [code] per problem, then a count, on standard
    output. Exits 1 on errors, and on warnings with --strict. Silence a code with
    `# packgen: ignore[code]` at its line or in packgen.toml's [check] ignore list.

    Hubs' areas are checked against the register of schools: the one in --database, else in the
    project's var/applications.sqlite3, else the newest GIAS file in data/schools/; without any,
    a note on standard error says they were not checked.
    """
    authorities = authorities_of(project, database)
    if isinstance(authorities, NotChecked):
        note = f"note: hubs' areas were not checked against the register of schools: {authorities.reason}"
        click.echo(note, err=True)
    problems = problems_of(project, today.date() if today else dt.date.today(), authorities)
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
