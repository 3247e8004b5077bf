"""The command line: one module per verb, each a few lines over the library. Only cli/ prints.

A verb's module is imported when that verb runs (or its help is shown), so `packgen build` does
not pay for loading what `collect` or `diff` need.
"""

from __future__ import annotations

import importlib

import click

from .. import __version__

COMMANDS = {
    "allocate": "allocate",
    "build": "build",
    "check": "check",
    "collect": "collect",
    "data": "serve",
    "db": "serve",
    "diff": "diff",
    "invite": "invite",
    "letters": "letters",
    "ids": "ids",
    "new": "new",
    "preview": "preview",
    "report": "report",
    "rollover": "rollover",
    "schema": "schema",
    "schools": "schools",
    "serve": "serve",
    "users": "serve",
}
"""Each command, and the module of packgen.cli that defines it under the same name."""


class LazyGroup(click.Group):
    """A group whose commands are imported from their modules on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        if name not in COMMANDS:
            return None
        command = getattr(importlib.import_module(f"{__name__}.{COMMANDS[name]}"), name)
        self.add_command(command, name)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="packgen")
def main() -> None:
    """packgen: every Maths Hub's Information and Application packs, from YAML."""
