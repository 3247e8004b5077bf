"""Every output format, one renderer per document and format, listed once in RENDERERS."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import Problem
from .base import Renderer
from .form_docx import ApplicationFormDocx
from .form_html import ApplicationFormHtml
from .form_pdf import ApplicationFormPdf
from .information_docx import InformationDocx
from .information_html import InformationHtml
from .information_pdf import InformationPdf
from .registry import Key, Registry

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


def load_renderers(
    templates: Path, root: Path | None = None, keys: Iterable[Key] | None = None
) -> tuple[dict[Key, Renderer], dict[Key, Problem]]:
    """Every renderer in RENDERERS (or those of ``keys``) loaded, and a located problem for each that is not."""
    return RENDERERS.load(templates, root, keys)


__all__ = ["DOCUMENTS", "FORMATS", "RENDERERS", "Registry", "load_renderers"]
