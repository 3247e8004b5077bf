"""What every output format provides: the Renderer base class, its members and their defaults, declared once.

A renderer overrides only what it needs; an optional member it leaves alone keeps the default
documented here, so callers use every member directly and never probe for one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import ClassVar

from ..errors import Problem
from ..pack import Pack

Key = tuple[str, str]
"""A document and a format: ("information", "pdf")."""

Carried = Mapping[Key, bytes]
"""The bytes of the documents of the same pack a renderer carries (its ``carries``), by key."""

FORM_IGNORES = ("sections", "appendix", "notes", "logos", "tagline")
"""The parts of a Pack the application form never shows (a footnote may stand only in the sections)."""

REQUIRED = ("document", "format", "reads", "title", "format_title", "media_type")
"""The class attributes every registered renderer must set (Registry.add refuses one without them)."""


def document_path(year: str, hub: str, programme: str, document: str, fmt: str) -> PurePosixPath:
    """Where a document goes in the output folder: ``<year>/<hub>/<programme>/<document>.<format>``."""
    return PurePosixPath(year, hub, programme, f"{document}.{fmt}")


class Renderer(ABC):
    """Lays out one kind of document in one format. Built once per worker, used many times.

    Required, as class attributes: ``document`` ("information", "application-form"), ``format``
    ("html", "pdf", "docx": also the file's suffix), ``reads`` (the files under templates/ it loads;
    the templates they include are found), ``title`` (the document as a list of documents names it:
    "Information pack"), ``format_title`` ("PDF") and ``media_type`` (what a server sends it as).
    """

    document: ClassVar[str]
    format: ClassVar[str]
    reads: ClassVar[tuple[str, ...]]
    title: ClassVar[str]
    format_title: ClassVar[str]
    media_type: ClassVar[str]

    ignores: ClassVar[tuple[str, ...]] = ()
    """The fields of Pack it never reads: they are left out of its outputs' digests, so editing them does
    not make it render again (a test renders every renderer with them blanked and expects the same bytes).
    The pictures a pack shows are in the digest of every renderer that reads the part showing them."""

    carries: ClassVar[tuple[Key, ...]] = ()
    """Other documents of the same pack whose bytes it embeds (the HTML form carries the form's PDF):
    the document service renders them first and passes them to ``render``. A renderer that carries
    any must override ``check``, which has no carried documents to give it."""

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        """Load the templates once; a template missing or broken raises (TemplateFailure, OSError...)."""
        self.templates = templates
        self.root = root
        # After render(), the project files (relative, posix) it read for that document beyond ``reads``
        # (a PDF's images and fonts): they are in the manifest, so a change to one makes it again.
        self.fetched: tuple[str, ...] = ()

    @classmethod
    def file_name(cls) -> str:
        """The document's file name in a pack's folder: ``information.pdf``."""
        return f"{cls.document}.{cls.format}"

    @classmethod
    def makes(cls, pack: Pack) -> bool:
        """Whether a pack has this document at all: every pack has by default; the application form's
        renderers make none for a pack without a form (schools apply through a link, or not at all)."""
        return True

    @classmethod
    def outside_files(cls) -> tuple[Path, ...]:
        """The files outside the project whose bytes decide all its outputs (the form PDF's field font);
        they are in its digests. None by default."""
        return ()

    @abstractmethod
    def render(self, pack: Pack, carried: Carried | None = None) -> bytes:
        """The document's bytes; raises TemplateFailure naming the template on a template error.
        ``carried`` holds the bytes of each document of ``carries``, made of the same pack."""

    def check(self, pack: Pack) -> None:
        """What `packgen check` runs for every hub: by default render() with the bytes discarded. A
        renderer whose layout is slow (a PDF) runs only its templating here, raising TemplateFailure the
        same way."""
        self.render(pack)

    def check_files(self) -> list[Problem]:
        """What `packgen check` can say of its template files alone, without a pack (a stylesheet's
        reference to a file the PDF would be refused). Nothing by default."""
        return []
