"""`packgen schema`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import display_path
from ..model.json_schema import json_schemas
from ..writer import atomic_write
from .output import project_option


@click.command()
@project_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder for the schema files [default: PROJECT/schema].")
@click.option("--check", "verify", is_flag=True, help="Write nothing; exit 1 if a schema file is missing or out of date.")
def schema(project: Path, out: Path | None, verify: bool) -> None:
    """Write the JSON Schema of hub and programme-year files, for editors to autocomplete and underline the YAML."""
    folder = out if out is not None else project / "schema"
    stale = []
    for name, text in json_schemas().items():
        path = folder / name
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
