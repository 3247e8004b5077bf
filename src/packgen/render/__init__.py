"""One renderer per document and format, registered in render.base.REGISTRY."""

from __future__ import annotations

from pathlib import Path

from . import docx, form_docx, form_html, form_pdf, html, pdf  # noqa: F401  (importing registers them)
from .base import REGISTRY, Renderer
from .templating import TemplateFailure


def load_renderers(templates: Path, root: Path | None = None) -> dict[tuple[str, str], Renderer | TemplateFailure]:
    """One instance of every registered renderer, each with its templates loaded once.

    A renderer whose template cannot even be loaded is kept as its failure, reported
    for each document that needs it.
    """
    loaded: dict[tuple[str, str], Renderer | TemplateFailure] = {}
    for key, cls in REGISTRY.items():
        try:
            loaded[key] = cls(templates, root)
        except TemplateFailure as exc:
            loaded[key] = exc
    return loaded
