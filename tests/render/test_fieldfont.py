"""The form fields' font: the installed Liberation Sans, cut to what a school types, glyph id = code point."""

from __future__ import annotations

import io
import zlib

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from packgen.render.pdf.fieldfont import CHARACTERS, field_font, source_font


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
