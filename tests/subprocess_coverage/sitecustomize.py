"""Line coverage of packgen in the processes the tests start (`python -m packgen`, a build's workers,
`packgen serve`), when the suite runs under slipcover (`python -m slipcover -m pytest`).

tests/conftest.py puts this folder on PYTHONPATH in each xdist worker, so Python imports it at the
start of every process that worker starts. It instruments packgen's modules as slipcover does in the
worker itself and, when the process ends (normally, by a signal Python handles, or by `os._exit`),
writes what ran beside the workers' own files, where the run's controller merges them
(slipcover's pytest plugin reads `coverage-gw*.json` from SLIPCOVER_COVERAGE_DIR).
"""

from __future__ import annotations

import os

_DIR = os.environ.get("COVERAGE_CHILDREN_DIR", "")
_SOURCE = os.environ.get("COVERAGE_CHILDREN_SOURCE", "")

if _DIR and _SOURCE:
    import atexit
    import contextlib
    import json
    import uuid
    from pathlib import Path

    import slipcover
    from font_folders import forget_font_folders

    # source=None: only the run's controller lists the files nothing imported.
    _cover = slipcover.Slipcover(immediate=True)  # as tests/conftest.py says
    slipcover.ImportManager(_cover, slipcover.FileMatcher(sources=[_SOURCE])).__enter__()

    def _write() -> None:
        # Once per process: at exit, or in os._exit (which skips atexit). A forked child writes its
        # own file; the random part keeps a reused process id from replacing an earlier file.
        target = Path(_DIR) / f"coverage-gw-child-{os.getpid()}-{uuid.uuid4().hex[:8]}.json"
        partial = target.with_suffix(".part")
        # A process that outlives the run finds the folder gone: its lines are lost, nothing else.
        with contextlib.suppress(OSError):
            partial.write_text(json.dumps(_cover.get_coverage()), encoding="utf-8")
            partial.replace(target)  # the controller never reads half a file

    _exit = os._exit

    def _write_then_exit(status: int) -> None:
        _write()
        _exit(status)

    atexit.register(_write)
    atexit.register(forget_font_folders)
    os._exit = _write_then_exit
