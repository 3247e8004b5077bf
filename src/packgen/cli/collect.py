"""`packgen collect`: returned application forms into one spreadsheet."""

from __future__ import annotations

import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..collect import Collection, UnknownWanted, Wanted, write_sheet
from ..collect import collect as run_collect
from ..collect.sheet import FORMATS
from ..errors import PackgenError
from ..forms.safe import printable, shown_path
from ..forms.spec import Identity
from ..forms.validate import is_empty_message
from .output import out, project_option, report_problems


def _plain(text: str, style: str = "") -> Text:
    """Untrusted text (answers, file names, reasons) as a cell: never read as markup, nothing raw to the terminal."""
    return Text(printable(text, lines=True), style=style)


def _shown(path: Path | str) -> str:
    if isinstance(path, str):  # an online application's reference
        return shown_path(path)
    try:
        return shown_path(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return shown_path(path)


def _online(database: str, project: Path) -> list:
    """The applications made online, read from the database `packgen serve` keeps."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..web import store
    from ..web.db import DatabaseUrlError, failure, open_existing, parse_url

    try:
        engine = open_existing(parse_url(database, project))
    except DatabaseUrlError as exc:
        raise click.BadParameter(str(exc), param_hint="--database") from None
    except SQLAlchemyError as exc:
        click.echo(f"error: cannot read the database: {failure(exc)}", err=True)
        sys.exit(1)
    try:
        return store.online(engine)
    finally:
        engine.dispose()


def _register(database: str | None, project: Path) -> tuple[Any, Any]:
    """(a lookup in the schools register, the engine to dispose) from --database, or from the
    project's default SQLite database when it is there; (None, None) without an imported register."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..schools import store as schools
    from ..web.db import DatabaseUrlError, open_existing, parse_url

    try:
        url = parse_url(database, project)
    except DatabaseUrlError:
        return None, None  # _online has said so
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return None, None
    try:
        engine = open_existing(url)
    except (DatabaseUrlError, SQLAlchemyError):
        return None, None  # no database packgen serve keeps current there: collect as before
    if schools.info(engine) is None:
        engine.dispose()
        return None, None
    return (lambda urn: schools.get(engine, urn)), engine


def _is_empty(problem: str) -> bool:
    return is_empty_message(problem.partition(": ")[2])


def _brief(problems: list[str], most: int = 3) -> str:
    """A few lines for the terminal; the spreadsheet has every problem in full."""
    empty = [p.partition(": ")[0] for p in problems if _is_empty(p)]
    other = [p for p in problems if not _is_empty(p)]
    lines = other[:most]
    if len(other) > most:
        lines.append(f"… and {len(other) - most} more")
    if empty:
        names = ", ".join(empty[:3]) + (", …" if len(empty) > 3 else "")
        lines.append(f"{len(empty)} required answer{'s' if len(empty) != 1 else ''} empty ({names})")
    return "\n".join(lines)


WIDE = 110  # columns below which one table row per file wraps into unreadability


def _rows(result: Collection) -> list[tuple[str, str, str, str, str, list[str]]]:
    """(file, hub, school, status, style, problem lines) for each file, in the sheet's order."""
    rows = []
    for app in result.applications:
        style = "green" if app.status == "ok" else "yellow"
        rows.append(
            (
                _shown(app.source),
                app.kind.identity.hub,
                app.school,
                app.status,
                style,
                _brief(app.problems).splitlines(),
            )
        )
    rows += [(_shown(r.source), "", "", "rejected", "red", [r.reason]) for r in result.rejected]
    rows += [(_shown(s.source), "", "", "skipped", "dim", [s.reason]) for s in result.skipped]
    return rows


def _summary(result: Collection, width: int) -> Table | Group:
    """A table on a wide terminal; on a narrow one (or a pipe, 80 columns) a short block per file."""
    rows = _rows(result)
    if width >= WIDE:
        table = Table(title="Returned forms", show_lines=False)
        for column in ("File", "Hub", "School", "Status", "Problems"):
            table.add_column(column, overflow="fold")
        for file, hub, school, status, style, problems in rows:
            table.add_row(
                _plain(file), _plain(hub), _plain(school), Text(status, style=style), _plain("\n".join(problems))
            )
        return table
    blocks: list[RenderableType] = []
    for file, hub, school, status, style, problems in rows:
        head = Text.assemble(Text(status.ljust(9), style=style), _plain(f"{hub}  " if hub else ""), _plain(file))
        blocks.append(head)
        if school:
            blocks.append(Padding(_plain(school), (0, 0, 0, 9), expand=False))
        blocks += [Padding(Text.assemble("- ", _plain(problem)), (0, 0, 0, 9), expand=False) for problem in problems]
    return Group(*blocks)


def _left_out(identities: tuple[Identity, ...]) -> str:
    """How many online applications of other programme-years or hubs were left out, and of which."""
    counts = Counter(f"{i.programme} {i.year} ({i.hub})" for i in identities)
    which = ", ".join(f"{n} of {what}" for what, n in sorted(counts.items()))
    many = len(identities) != 1
    return (
        f"Left out {len(identities)} online application{'s' * many} of other programme-years or hubs: {which}; "
        "use --programme/--year/--hub or --any-programme to take them."
    )


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "-o",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The spreadsheet to write: a .csv or .xlsx file.",
)
@project_option
@click.option("--programme", default=None, help="Only forms of this programme, e.g. mastering-number.")
@click.option("--year", default=None, help="Only forms of this academic year, e.g. 2024-25.")
@click.option("--hub", default=None, help="Only forms of this hub, e.g. WM1.")
@click.option(
    "--any-programme",
    is_flag=True,
    help="Take forms of every programme and year [default: only the one most forms are for].",
)
@click.option(
    "--database",
    default=None,
    metavar="URL",
    help="Also take the applications made online (packgen serve) in this database: postgresql://… or sqlite:///….",
)
def collect(
    paths: tuple[Path, ...],
    out_path: Path,
    project: Path,
    programme: str | None,
    year: str | None,
    hub: str | None,
    any_programme: bool,
    database: str | None,
) -> None:
    """Read returned PDF and DOCX forms (files or folders) into one checked spreadsheet.

    With --database, the applications made online are taken too, checked the same way, and a
    school that applied both ways is flagged. When that database (or the project's default one)
    holds a schools register, each URN is looked up: the register's name and LA are added as
    columns, and an unknown, closed, ineligible or misnamed school is a problem. Hidden files and
    folders and links to folders inside a folder are listed as skipped.
    Exit status 0 when every file was read as a form, 1 when any was rejected (a folder that
    cannot be read included), 2 for a usage error such as an unknown --programme.
    """
    if out_path.suffix.lower() not in FORMATS:
        raise click.BadParameter(f"must end in .csv or .xlsx, not {out_path.name!r}", param_hint="--out")
    if not paths and database is None:
        raise click.UsageError("give the returned forms (files or folders), --database, or both")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported as rejected, once
    wanted = Wanted(programme, year, hub.upper() if hub else None, any_programme)
    online = _online(database, project) if database is not None else []
    lookup, engine = _register(database, project)
    try:
        result = run_collect(list(paths), project, wanted=wanted, skip=[out_path], online=online, schools=lookup)
    except UnknownWanted as exc:
        raise click.BadParameter(str(exc), param_hint=exc.option) from None
    except PackgenError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    finally:
        if engine is not None:
            engine.dispose()
    write_sheet(result, out_path)

    out.print(_summary(result, out.width))
    ok = sum(1 for a in result.applications if a.status == "ok")
    flagged = len(result.applications) - ok
    made_online = sum(1 for a in result.applications if isinstance(a.source, str))
    count = len(result.applications) + len(result.rejected) + len(result.skipped) - made_online
    skipped_words = f", {len(result.skipped)} skipped" if result.skipped else ""
    online_words = (
        f" and {made_online} online application{'s' if made_online != 1 else ''}" if database is not None else ""
    )
    click.echo(
        f"{count} files{online_words}: {ok} ok, {flagged} with problems, "
        f"{len(result.rejected)} rejected{skipped_words} -> {shown_path(out_path)}"
    )
    if result.online_left_out:
        click.echo(_left_out(result.online_left_out), err=True)
    if any(r.other_form for r in result.rejected):
        click.echo(
            "Forms of other programmes or years were left out; use --programme/--year or --any-programme.", err=True
        )
    sys.exit(0 if result.all_read else 1)
