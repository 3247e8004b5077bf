"""Every output format, one renderer per document and format, listed once in RENDERERS, and the
document service (service.py) that renders them for the build, check, the preview and the web server."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import Problem
from .base import Key, Renderer
from .form_docx import ApplicationFormDocx
from .form_html import ApplicationFormHtml
from .form_pdf import ApplicationFormPdf
from .information_docx import InformationDocx
from .information_html import InformationHtml
from .information_pdf import InformationPdf
from .registry import Registry
from .service import Documents, Rendered

RENDERERS = Registry(
    [
        InformationHtml,
        InformationPdf,
        InformationDocx,
        ApplicationFormHtml,
        ApplicationFormPdf,
        ApplicationFormDocx,
    ]
)
FORMATS = RENDERERS.formats
DOCUMENTS = RENDERERS.documents


def documents(templates: Path, root: Path | None = None, *, cache_size: int = 8) -> Documents:
    """The document service over a project's templates, for every renderer in RENDERERS."""
    return Documents(RENDERERS, templates, root, cache_size=cache_size)


def load_renderers(
    templates: Path, root: Path | None = None, keys: Iterable[Key] | None = None
) -> tuple[dict[Key, Renderer], dict[Key, Problem]]:
    """Every renderer in RENDERERS (or those of ``keys``) loaded, and a located problem for each that
    is not: for tests and benchmarks that time a renderer alone. Everything else uses documents()."""
    return RENDERERS.load(templates, root, keys)


__all__ = [
    "DOCUMENTS",
    "FORMATS",
    "RENDERERS",
    "Documents",
    "Key",
    "Registry",
    "Rendered",
    "Renderer",
    "documents",
    "load_renderers",
]
