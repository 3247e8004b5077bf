"""Read one returned file: tell what it is from its bytes, refuse what is not safe to open."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..forms.spec import Identity

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much a returned form may weigh, packed and unpacked; a real one is well under 1 MB."""

    max_file: int = 25 * MB
    max_part: int = 25 * MB  # one part of a DOCX, unpacked
    max_unpacked: int = 100 * MB  # all parts of a DOCX, unpacked
    max_parts: int = 2000


DEFAULT_LIMITS = Limits()
"""The limits a run has unless it says otherwise."""


@dataclass(frozen=True)
class Control:
    """One answer as the file holds it: its field name (if kept), its label, its text."""

    name: str | None
    title: str | None
    value: str


@dataclass(frozen=True)
class Returned:
    kind: str  # "pdf" or "docx"
    identity: Identity | None
    controls: tuple[Control, ...]


class Unreadable(Exception):
    """The file is not a form we can read; the message says why, in words."""

    @property
    def reason(self) -> str:
        return str(self)


def size_words(size: int) -> str:
    if size >= MB:
        return f"{size / MB:.1f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head


def read_form(path: Path, limits: Limits = DEFAULT_LIMITS) -> Returned:
    """The form in ``path``; raises Unreadable saying why it cannot be one."""
    from .docx import read_docx
    from .pdf import read_pdf

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Unreadable(f"cannot be opened: {exc.strerror or exc}") from None
    if size == 0:
        raise Unreadable("empty file")
    if size > limits.max_file:
        raise Unreadable(
            f"refused: {size_words(size)} is over the {size_words(limits.max_file)} limit for a returned form"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"cannot be read: {exc.strerror or exc}") from None
    head = data[:1024]
    if b"%PDF-" in head:
        return read_pdf(data)
    if data.startswith(b"PK\x03\x04"):
        return read_docx(data, limits)
    if data.startswith(OLE):
        raise Unreadable("an old Word (.doc) file or a password-protected document: ask for the .docx or .pdf form")
    what = "text" if _looks_like_text(head) else "unrecognised data"
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        raise Unreadable(f"not a PDF: the file holds {what}")
    if suffix == ".docx":
        raise Unreadable(f"not a Word document: the file holds {what}")
    raise Unreadable(f"not a PDF or Word form (the file holds {what})")
