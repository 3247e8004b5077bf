"""`packgen rollover`: start next year's programme from this year's."""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import click

from ..errors import PackgenError
from ..rollover import GROUPS, Rollover, plan_rollover, write_rollover
from .output import project_option, report_problems

HEADINGS = {
    "moved": "Moved",
    "kept": "Kept as written, and why",
    "review": "For review: a person should read these",
}


def _text(plan: Rollover, dry_run: bool) -> None:
    for group in GROUPS:
        changes = plan.group(group)
        click.echo(f"{HEADINGS[group]} ({len(changes)}):")
        for change in changes:
            click.echo(f"  {change}")
    conflicted = {p.path for p in plan.conflicts}
    if dry_run:
        for f in plan.files:
            if f.shown in conflicted and f.before is not None:
                click.echo(f"What the rollover would make of {f.shown}, against what is there:")
                diff = difflib.unified_diff(
                    f.before.splitlines(keepends=True),
                    f.text.splitlines(keepends=True),
                    f"{f.shown} (as it is)",
                    f"{f.shown} (rolled over)",
                )
                click.echo("".join(diff), nl=False)
    created = [f.shown for f in plan.files if f.created]
    updated = [f.shown for f in plan.files if not f.created]
    counts = ", ".join(f"{len(plan.group(g))} {g}" for g in GROUPS)
    verb = "Would write" if dry_run else "Wrote"
    click.echo(
        f"{verb} {', '.join(created)}; {len(updated)} hub file{'s' if len(updated) != 1 else ''} "
        f"given a {plan.new.id} offer; {counts}."
    )
    if dry_run and plan.conflicts:
        click.echo(f"Conflicts: a real run would write nothing ({len(plan.conflicts)}):")
        for problem in plan.conflicts:
            click.echo(f"  {problem}")


def _json(plan: Rollover, dry_run: bool) -> None:
    conflicted = {p.path for p in plan.conflicts}
    doc = {
        "programme": plan.programme,
        "from": plan.old.id,
        "to": plan.new.id,
        "dry_run": dry_run,
        **{group: [c.as_dict() for c in plan.group(group)] for group in GROUPS},
        "files": [
            {
                "path": f.shown,
                "created": f.created,
                "exists": f.before is not None if f.created else True,
                "conflict": f.shown in conflicted,
            }
            for f in plan.files
        ],
        "conflicts": [{"path": p.path, "line": p.line, "message": p.message, "code": p.code} for p in plan.conflicts],
        "warnings": [{"path": p.path, "line": p.line, "message": p.message, "code": p.code} for p in plan.warnings],
    }
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False))


@click.command()
@project_option
@click.argument("programme")
@click.argument("from_year", metavar="FROM")
@click.argument("to_year", metavar="TO")
@click.option(
    "--dry-run",
    "-n",
    is_flag=True,
    help="Print the changes without writing anything; where TO exists, a diff against it.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the same lists for tooling.",
)
def rollover(project: Path, programme: str, from_year: str, to_year: str, dry_run: bool, fmt: str) -> None:
    """Write programmes/PROGRAMME/TO.yaml from FROM.yaml, and copy hubs' FROM offers to TO.

    Academic years, dates (to the same weekday) and the programme's own years move forward;
    history keeps its year. The changes are listed in three groups: moved, kept as written
    (and why), and for review. An existing year or offer is never overwritten: every one is
    reported and nothing is written.
    """
    try:
        plan = plan_rollover(project, programme, from_year, to_year)
        if plan.conflicts and not dry_run:
            raise PackgenError(plan.conflicts)
        if not dry_run:
            write_rollover(plan)
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    report_problems(plan.warnings)
    if fmt == "json":
        _json(plan, dry_run)
    else:
        _text(plan, dry_run)
