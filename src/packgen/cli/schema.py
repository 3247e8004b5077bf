"""`packgen schema`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import display_path
from ..model.json_schema import json_schemas
from ..reference import REFERENCE, reference_markdown
from ..writer import atomic_write
from .output import project_option


@click.command()
@project_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the schema files [default: PROJECT/schema].",
)
@click.option(
    "--reference",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"The Markdown reference of every key [default: PROJECT/{REFERENCE}].",
)
@click.option(
    "--check",
    "verify",
    is_flag=True,
    help="Write nothing; exit 1 if a schema file or the reference is missing or out of date.",
)
def schema(project: Path, out: Path | None, reference: Path | None, verify: bool) -> None:
    """Write the JSON Schema of hub and programme-year files, for editors to autocomplete and
    underline the YAML, and docs/reference.md, every key they may hold, both from the models."""
    folder = out if out is not None else project / "schema"
    files = {folder / name: text for name, text in json_schemas().items()}
    files[reference if reference is not None else project / REFERENCE] = reference_markdown()
    stale = []
    for path, text in files.items():
        current = path.is_file() and path.read_text(encoding="utf-8") == text
        shown = display_path(path, project)
        if verify:
            if not current:
                stale.append(shown)
            continue
        if current:
            click.echo(f"unchanged {shown}")
        else:
            atomic_write(path, text.encode("utf-8"))
            click.echo(f"wrote {shown}")
    if stale:
        click.echo(f"out of date: {', '.join(stale)}; run `packgen schema` to regenerate", err=True)
        sys.exit(1)
