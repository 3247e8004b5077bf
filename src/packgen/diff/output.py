"""A diff in the format asked for: text for a terminal or a pipe, a web page, or Word with tracked changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .docx import render_docx
from .html import render_html
from .model import PackDiff
from .text import render_text

FORMATS = ("text", "html", "docx")


def render_diff(
    diff: PackDiff, fmt: str, *, templates: Path, date: dt.datetime | None = None, root: Path | None = None
) -> bytes:
    """The diff's bytes in ``fmt`` (one of FORMATS). The DOCX needs the project's Word template."""
    if fmt == "docx":
        return render_docx(diff, templates, date=date, root=root)
    if fmt == "html":
        return render_html(diff)
    if fmt == "text":
        return render_text(diff).encode("utf-8")
    raise ValueError(f"unknown diff format {fmt!r}; known: {', '.join(FORMATS)}")
