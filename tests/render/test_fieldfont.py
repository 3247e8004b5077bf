"""The form fields' font: the installed Liberation Sans (or DejaVu Sans), cut to what a school types, glyph id =
code point."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from pypdf import PdfReader, PdfWriter

from packgen.errors import Problem
from packgen.model.project import load_project
from packgen.render import documents
from packgen.render.pdf import fieldfont
from packgen.render.pdf.fieldfont import CHARACTERS, field_font, source_font
from packgen.resolve import resolve_pack


def test_each_character_is_its_own_glyph_id_and_draws_as_in_the_installed_font() -> None:
    font = TTFont(io.BytesIO(zlib.decompress(field_font().file)))
    source = TTFont(source_font())
    ours, theirs = font.getGlyphSet(), source.getGlyphSet()
    order, cmap, source_cmap = font.getGlyphOrder(), font.getBestCmap(), source.getBestCmap()
    assert {0x141, 0x142, 0x150, 0x151, 0xE9, 0x2019, 0x20AC} <= set(cmap)  # Ł ł Ő ő é ’ €
    for code in CHARACTERS:
        if code not in source_cmap:
            continue
        assert font.getGlyphID(cmap[code]) == code, hex(code)
        drawn, expected = DecomposingRecordingPen(ours), DecomposingRecordingPen(theirs)
        ours[order[code]].draw(drawn)
        theirs[source_cmap[code]].draw(expected)
        assert drawn.value == expected.value, f"U+{code:04X} draws differently"
        assert font["hmtx"][order[code]][0] == source["hmtx"][source_cmap[code]][0], hex(code)


def test_the_widths_the_pdf_declares_are_the_fonts() -> None:
    fieldfont = field_font()
    font = TTFont(io.BytesIO(zlib.decompress(fieldfont.file)))
    scale = 1000 / font["head"].unitsPerEm
    declared = {}
    items = iter(fieldfont.widths)
    for first in items:
        declared.update({first + i: w for i, w in enumerate(next(items))})
    cmap = font.getBestCmap()
    assert set(declared) == set(cmap)
    assert all(declared[c] == round(font["hmtx"][cmap[c]][0] * scale) for c in cmap)
    assert len(fieldfont.file) < 20_000  # compressed, for 8,000 glyph slots of which 350 are drawn


@pytest.fixture
def fresh_field_font() -> Iterator[None]:
    """Clears the field font's caches before and after, so no other test sees a patched font."""
    caches = (fieldfont.source_font, fieldfont.field_font, fieldfont.placeholder_css)
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


def form_pdf(root: Path) -> bytes | Problem:
    project = load_project(root)
    pack = resolve_pack(project, project.programmes[0], project.hub("WM9"))
    made = documents(root / "templates", root).attempt(pack, ("application-form", "pdf"))
    return made if isinstance(made, Problem) else made.data


@pytest.mark.parametrize(
    ("family", "file"), [("Liberation Sans", "LiberationSans-Regular.ttf"), ("DejaVu Sans", "DejaVuSans.ttf")]
)
def test_either_font_the_lookup_finds_makes_a_form_whose_fields_use_it(
    sample: Path, monkeypatch: pytest.MonkeyPatch, fresh_field_font: None, family: str, file: str
) -> None:
    """DejaVu Sans, the fallback, has a MATH table and an OS/2 table without a cap height: neither may
    break the subset (it did: every form failed with "'NoneType' object has no attribute 'glyphs'")."""
    monkeypatch.setattr(fieldfont, "SOURCES", (family,))
    monkeypatch.setattr(fieldfont, "FALLBACK_FILES", (file,))
    assert fieldfont.source_font().name == file
    font = fieldfont.field_font()
    assert font.base_font.endswith("+" + family.replace(" ", "")) and 0 < font.cap_height <= font.ascent
    data = form_pdf(sample)
    assert isinstance(data, bytes)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        names = {str(obj.get("/BaseFont")) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)}
        assert "/" + font.base_font in names
        filled = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        filled.update_page_form_field_values(None, {"school.name": "Łódź Primary"}, auto_regenerate=False)
        out = io.BytesIO()
        filled.write(out)
    assert PdfReader(out).get_fields()["school.name"]["/V"] == "Łódź Primary"


def test_no_font_for_the_fields_is_one_message_naming_the_package(
    sample: Path, monkeypatch: pytest.MonkeyPatch, fresh_field_font: None
) -> None:
    monkeypatch.setattr(fieldfont, "SOURCES", ("No Such Family",))
    monkeypatch.setattr(fieldfont, "FALLBACK_FILES", ("NoSuchFont.ttf",))
    with pytest.raises(fieldfont.FieldFontMissing, match="install the Debian package fonts-liberation2"):
        fieldfont.source_font()
    problem = form_pdf(sample)
    assert isinstance(problem, Problem) and problem.code == "render.failed"
    assert "FieldFontMissing" in problem.message and "fonts-liberation2" in problem.message
