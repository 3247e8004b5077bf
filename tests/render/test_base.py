"""The Renderer base class: its required metadata, and the defaults its optional members have."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import ClassVar

import pytest

from packgen.model.pack import Pack
from packgen.render import RENDERERS
from packgen.render.base import REQUIRED, Carried, Renderer, document_path


class Minimal(Renderer):
    document: ClassVar[str] = "letter"
    format: ClassVar[str] = "txt"
    reads: ClassVar[tuple[str, ...]] = ()
    title: ClassVar[str] = "Letter"
    format_title: ClassVar[str] = "Text"
    media_type: ClassVar[str] = "text/plain"

    def render(self, pack: Pack, carried: Carried | None = None) -> bytes:
        self.rendered = pack
        return b"a letter"


def test_a_renderer_overrides_only_what_it_needs(tmp_path: Path) -> None:
    renderer = Minimal(tmp_path, tmp_path.parent)
    assert (renderer.templates, renderer.root) == (tmp_path, tmp_path.parent)
    assert Minimal.ignores == () and Minimal.carries == () and Minimal.outside_files() == ()
    assert renderer.fetched == () and renderer.check_files() == []
    assert Minimal.file_name() == "letter.txt"


def test_check_by_default_renders_and_discards(tmp_path: Path) -> None:
    renderer = Minimal(tmp_path)
    pack = object()
    assert renderer.check(pack) is None
    assert renderer.rendered is pack


def test_render_is_the_one_member_without_a_default(tmp_path: Path) -> None:
    class Nothing(Renderer):
        pass

    with pytest.raises(TypeError, match="abstract"):
        Nothing(tmp_path)


def test_every_registered_renderer_sets_the_required_metadata() -> None:
    for key, cls in RENDERERS.items():
        assert key == (cls.document, cls.format)
        assert all(any(name in vars(c) for c in cls.__mro__) for name in REQUIRED), cls
        assert cls.file_name() == f"{cls.document}.{cls.format}"


def test_a_documents_place_in_the_output_folder() -> None:
    assert document_path("2024-25", "WM1", "mastering-number", "information", "pdf") == PurePosixPath(
        "2024-25/WM1/mastering-number/information.pdf"
    )
