"""What every output format provides."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Protocol

from ..model.pack import Pack

FORM_IGNORES = ("sections", "appendix", "notes", "logos", "tagline")
"""The parts of a Pack the application form never shows (a footnote may stand only in the sections)."""


class Renderer(Protocol):
    """Lays out one kind of document in one format. Built once per worker, used many times."""

    document: ClassVar[str]  # "information" or "application-form"
    format: ClassVar[str]  # "html", "pdf", "docx"
    reads: ClassVar[tuple[str, ...]]  # the files under templates/ it loads (templates they include are found)
    # Optional: ``ignores``, the fields of Pack it never reads: they are left out of its outputs'
    # digests, so editing them does not make it render again (a test renders every renderer with
    # them blanked and expects the same bytes). Optional: ``fetched``, after render(), the project
    # files (relative, posix) it read for that document beyond ``reads`` (a PDF's images and fonts).
    # Optional: a classmethod ``outside_files() -> tuple[Path, ...]``, the files outside the project
    # whose bytes decide all its outputs (the form PDF's field font); they are in its digests.
    # The pictures a pack shows are in the digest of every renderer that reads the part showing them.

    def __init__(self, templates: Path, root: Path | None = None) -> None: ...

    def render(self, pack: Pack) -> bytes:
        """The document's bytes; raises TemplateFailure naming the template on a template error."""
        ...

    # Optional: ``check(pack) -> None`` runs only the templating part of render() and raises
    # TemplateFailure the same way. `packgen check` calls it for every hub when it exists
    # (else render()), so a renderer whose layout is slow, like the PDF's, should offer it.
