"""The command line: one module per verb, each a few lines over the library. Only cli/ prints."""

from __future__ import annotations

import click

from .. import __version__
from .build import build
from .collect import collect
from .new import new
from .diff import diff
from .rollover import rollover
from .check import check
from .schema import schema
from .serve import db, serve, users
from .preview import preview


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="packgen")
def main() -> None:
    """packgen: every Maths Hub's Information and Application packs, from YAML."""


main.add_command(build)
main.add_command(collect)
main.add_command(diff)
main.add_command(rollover)
main.add_command(check)
main.add_command(schema)
main.add_command(new)
main.add_command(serve)
main.add_command(users)
main.add_command(db)
main.add_command(preview)
