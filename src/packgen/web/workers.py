"""`packgen serve --workers N`: N server processes taking connections from one listening socket.

The parent makes the app once (the project loaded, the database migrated), binds the socket, and
forks the workers, which share the loaded project's memory until they write to it. It serves
nothing itself: it starts a worker again when one dies (a crash, the kernel's OOM killer, a
`kill -9`), and on SIGTERM or SIGINT passes the signal on, so each worker finishes the requests it
has, and waits for them. Everything processes must agree on (sessions, limits, lockouts, the
outbox's claims) is in the database, so a request may land on any worker.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import signal
import socket
import sys
import time
from typing import Any

import uvicorn
from sqlalchemy import Engine

log = logging.getLogger("packgen.web.workers")
RESTART_PAUSE = 1.0  # seconds between starting workers again, so a worker that dies at once cannot spin
SWITCH_INTERVAL = 0.0005
"""Seconds a thread may keep Python's lock while another waits for it (Python's default is 0.005).
A thread storing applications waits on the database several times a batch and, each time, for the
lock back from the event loop, which is busy with pages: at 5 ms a wait, "Accept and send" took a
p95 of 171-179 ms on PostgreSQL with one process (benchmarks/serve.py), 146-147 ms at 0.5 ms.
Shorter still (0.2 ms) cost more CPU in switching than it saved."""


MMAP_THRESHOLD = 4 * 1024 * 1024


def settle() -> None:
    """Ready this process to serve, before any worker is forked: the objects made so far (the loaded
    project) left out of the collector's walks, so forked workers share their pages rather than copy
    them; the lock handed between threads sooner (SWITCH_INTERVAL); a password hash's memory given
    back when it is done (return_big_blocks_at_once)."""
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL)
    return_big_blocks_at_once()


def return_big_blocks_at_once() -> bool:
    """Have glibc's malloc give each block of MMAP_THRESHOLD or more back to the system as soon as
    it is freed (a password hash's 7 MiB). Left to itself, malloc raises that threshold after the
    first such block is freed and keeps every later hash's memory in the process: four workers'
    peak in a sign-in flood was 607 MiB so, 529 with this (both with 19 MiB hashes). False where
    the C library has no ``mallopt`` or refuses the setting: nothing is changed then."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except AttributeError:  # not glibc (macOS, for one)
        return False
    # -3 is M_MMAP_THRESHOLD in glibc's malloc.h, -1 M_TRIM_THRESHOLD: set with it at twice it, as
    # malloc would, or every free of a few hundred kilobytes (zlib's, for one) goes back to the
    # system and the next allocation faults its pages in again (signing a session took 3x as long).
    return bool(mallopt(-3, MMAP_THRESHOLD)) and bool(mallopt(-1, 2 * MMAP_THRESHOLD))


def listening_socket(host: str, port: int) -> socket.socket:
    """The one socket every worker accepts from."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=2048)
    sock.set_inheritable(True)
    return sock


def run(app: Any, engine: Engine, *, host: str, port: int, workers: int, **uvicorn_options: Any) -> None:
    """Serve ``app`` from ``workers`` forked processes until SIGTERM or SIGINT."""
    sock = listening_socket(host, port)
    # The parent's connections must not be shared by the children: each worker opens its own.
    engine.dispose()
    settle()
    children: dict[int, int] = {}  # pid -> worker number
    stopping = False

    def start(number: int) -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 0
            try:
                engine.dispose(close=False)
                uvicorn.Server(uvicorn.Config(app, **uvicorn_options)).run(sockets=[sock])
            except BaseException:
                log.exception("worker %d stopped with an error", number)
                code = 1
            finally:
                os._exit(code)
        children[pid] = number

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for number in range(1, workers + 1):
        start(number)
    log.warning("%d workers started: %s", workers, ", ".join(str(pid) for pid in children))
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        number = children.pop(pid, None)
        if number is None or stopping:
            continue
        how = (
            f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"status {os.waitstatus_to_exitcode(status)}"
        )
        log.warning("worker %d (process %d) ended with %s; starting another", number, pid, how)
        time.sleep(RESTART_PAUSE)
        if not stopping:
            start(number)
    sock.close()
