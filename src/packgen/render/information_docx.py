"""DOCX: the information pack, the Word template under templates/ filled (word/template.py)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ..model.pack import Pack
from .word.template import WordTemplate, docx_env


class InformationDocx:
    document: ClassVar[str] = "information"
    format: ClassVar[str] = "docx"
    template_name: ClassVar[str] = "information.docx"
    reads: ClassVar[tuple[str, ...]] = (template_name,)

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        self.template = WordTemplate(templates / self.template_name, docx_env(), root)

    def render(self, pack: Pack) -> bytes:
        return self.template.render({"pack": pack})
