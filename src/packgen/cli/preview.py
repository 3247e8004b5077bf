"""`packgen preview`: a hub's pack in the browser, following the data as it is saved.

The preview (Starlette, uvicorn, watchfiles) is imported inside the command, so `packgen --help`
and `packgen build` never load it.
"""

from __future__ import annotations

import datetime as dt
import socket
import sys
from pathlib import Path

import click

from .output import project_option, report_problems

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command()
@project_option
@click.option("--hub", default=None, help="The hub whose pack to show first, e.g. WM1 [default: the first hub].")
@click.option("--programme", default=None, help="The programme to show first [default: the first the hub runs].")
@click.option("--year", default=None, help="The year to show first, e.g. 2025-26 [default: the programme's latest].")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but this machine lets others read the data.",
)
@click.option(
    "--port",
    default=8001,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0: any free one).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge date.past as on this day (YYYY-MM-DD) [default: the clock], as packgen check does.",
)
def preview(
    project: Path,
    hub: str | None,
    programme: str | None,
    year: str | None,
    host: str,
    port: int,
    today: dt.datetime | None,
) -> None:
    """Show a hub's information pack and form in the browser, reloaded on every save.

    Watches hubs/, programmes/, templates/, assets/ and packgen.toml. Problems that packgen
    check finds in the pack are listed on the page, their wording highlighted in it. The page
    switches hub, programme, year, document and format, and shows what changed since the year
    before. Reads the project, never writes to it.
    """
    import uvicorn

    from ..preview.app import create_app
    from ..preview.views import Previewer

    previewer = Previewer(project, today=today.date() if today else dt.date.today())
    loading = previewer.loading_problems()
    asked = previewer.problems_with(hub, programme, year)
    if asked and not loading:
        report_problems(asked, nothing_written=False)
        sys.exit(2)
    key = previewer.key(hub, programme, year)
    try:
        sock = _listen(host, port)
    except OSError as exc:
        click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}; give another --port", err=True)
        sys.exit(1)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{bound}/"
    if loading:
        report_problems(loading, nothing_written=False)
        click.echo("The page lists these problems until they are fixed.", err=True)
    what = f"{key.hub}'s {key.programme} {key.year}" if key else "the project"
    click.echo(f"Previewing {what} at {address} (Ctrl+C to stop)")
    hosts = ["127.0.0.1", "localhost", "[::1]"] if host in LOOPBACK else ["*"]
    app = create_app(previewer, hosts=hosts, start=key)
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1, server_header=False)

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: object) -> None:  # Ctrl+C: end the open pages' event streams first
            app.state.broker.close()
            super().handle_exit(sig, frame)

    try:
        Server(config).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops on Ctrl+C, then raises it again: stopping is what was asked
        pass


def _listen(host: str, port: int) -> socket.socket:
    """A socket listening on ``host``:``port`` (a free port for 0), so the address printed is the real one."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock
