"""One clean-up for every process measured by slipcover (the tests' own and those they start)."""

from __future__ import annotations

import gc
import shutil
import sys


def forget_font_folders() -> None:
    """Remove WeasyPrint's font folders before the interpreter's teardown (register with atexit).

    FontConfiguration removes its folder in ``__del__``, which fails with "'NoneType' object is not
    callable" when a configuration outlives ``shutil`` at exit, as it does in a process measured by
    slipcover (a renderer keeps its fonts for the process's life)."""
    fonts = sys.modules.get("weasyprint.text.fonts")
    if fonts is None:
        return
    for kept in gc.get_objects():
        if isinstance(kept, fonts.FontConfiguration) and kept._folder:
            shutil.rmtree(kept._folder, ignore_errors=True)
            kept._folder = None
