"""DOCX: the information pack, the Word template under templates/ filled (word/template.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from ..pack import Pack
from .information_html import InformationHtml
from .word.template import WORD_MEDIA_TYPE, WordRenderer, WordTemplate, docx_env


class InformationDocx(WordRenderer):
    document: ClassVar[str] = "information"
    format: ClassVar[str] = "docx"
    template_name: ClassVar[str] = "information.docx"
    reads: ClassVar[tuple[str, ...]] = (template_name,)
    title: ClassVar[str] = InformationHtml.title
    format_title: ClassVar[str] = "DOCX"
    media_type: ClassVar[str] = WORD_MEDIA_TYPE

    def __init__(self, templates: Path, root: Path | None = None) -> None:
        super().__init__(templates, root)
        self.template = WordTemplate(templates / self.template_name, docx_env(), root)

    def filling(self, pack: Pack) -> tuple[dict[str, Any], dict[str, bytes]]:
        return {"pack": pack}, {}
