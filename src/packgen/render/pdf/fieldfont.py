"""The font a fillable PDF's answers are typed in: Liberation Sans cut to what a British school may type.

Helvetica, which every reader has built in, has no "Ł" or "ő"; the whole of Liberation Sans would
make each form 400 KB heavier. So the form's fields get ``field_font()``: the document's Liberation
Sans (or DejaVu Sans) subset, once per process, to Basic Latin, Latin-1, Latin Extended-A and the
punctuation word processors put in (curly quotes, dashes, the euro).

Its glyph ids are the characters' code points (glyph 0x141 is "Ł"), with empty glyphs in between,
so that in the PDF a character's code, its CID and its glyph id are one number. pypdf, filling a
field, encodes text by glyph id but measures words by code point; with any other numbering it
wraps a long answer past the edge of its box. The empty glyphs cost ~0.3 KB once compressed.

WeasyPrint embeds a form control's font whole and slowly (in Python, glyph by glyph), and needs one
for the controls it lays out. It gets ``PLACEHOLDER``, a font of one glyph, and acroform.py puts
this one in the form's /DR.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import io
import shutil
import string
import subprocess
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLACEHOLDER = "packgen-field-placeholder"
SOURCES = ("Liberation Sans", "DejaVu Sans")
FALLBACK_FILES = ("LiberationSans-Regular.ttf", "DejaVuSans.ttf")
CHARACTERS = (
    *range(0x20, 0x7F),  # Basic Latin
    *range(0xA0, 0x100),  # Latin-1 Supplement
    *range(0x100, 0x180),  # Latin Extended-A: Ł, ő, ś, č, ğ ...
    0x218,
    0x219,
    0x21A,
    0x21B,  # Ș ș Ț ț
    *range(0x2010, 0x2028),  # dashes, curly quotes, bullet, ellipsis
    *range(0x2030, 0x203B),  # per mille, primes, angle quotes
    0x20AC,
    0x2122,  # € ™
)


class FieldFontMissing(RuntimeError):
    """Neither Liberation Sans nor DejaVu Sans is installed (scripts/setup.sh installs both)."""


@lru_cache(maxsize=1)
def source_font() -> Path:
    """The installed font file the field font is cut from (looked up once per process)."""
    if shutil.which("fc-match"):
        for family in SOURCES:
            found = subprocess.run(
                ["fc-match", "-f", "%{family}\n%{file}", family], capture_output=True, text=True
            ).stdout
            names, _, file = found.partition("\n")
            if family in names.split(",") and Path(file).is_file():
                return Path(file)
    for folder in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts"):
        for name in FALLBACK_FILES:
            for path in sorted(folder.rglob(name)) if folder.is_dir() else ():
                return path
    raise FieldFontMissing(
        f"no {' or '.join(SOURCES)} font for the PDF form's fields: install the Debian package fonts-liberation2"
        " (or fonts-dejavu-core), as scripts/setup.sh does"
    )


def _subset(characters: tuple[int, ...]):  # -> fontTools.ttLib.TTFont
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source_font(), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = []  # fields show plain text: no kerning or ligature tables
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = [1, 2, 3, 4, 6]
    # FontForge's timestamp: not needed, and fontTools cannot subset it. MATH (DejaVu Sans has one): fields
    # type no formulas, and its coverage tables, emptied by the subset, break reorderGlyphs.
    options.drop_tables += ["FFTM", "MATH"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters)
    subsetter.subset(font)
    return font


def _glyph_id_is_code_point(font) -> None:
    """Renumber the glyphs so that each character's glyph id is its code point."""
    from fontTools.ttLib.reorderGlyphs import reorderGlyphs
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    glyf, hmtx = font["glyf"], font["hmtx"]
    for name in glyf.keys():
        glyf[name].expand(glyf)  # composite glyphs name their parts now, rather than number them as before
    cmap = font.getBestCmap()
    names = list(font.getGlyphOrder())
    order: list[str | None] = [None] * (max(cmap) + 1)
    order[0] = names[0]  # .notdef
    mapping: dict[int, str] = {}
    for code, name in sorted(cmap.items()):
        if name in mapping.values() or name == names[0]:  # one glyph for two characters: give each its own copy
            copied = f"{name}.u{code:04X}"
            glyf.glyphs[copied], hmtx.metrics[copied] = copy.deepcopy(glyf[name]), hmtx.metrics[name]
            names.append(copied)
            name = copied
        order[code] = mapping[code] = name
    spare = [
        n for n in names if n not in mapping.values() and n != names[0]
    ]  # e.g. accents that accented letters are built from
    for gid, name in enumerate(order):
        if name is None:
            if spare:
                order[gid] = spare.pop(0)
            else:
                order[gid] = f"empty{gid:04X}"
                glyf.glyphs[order[gid]], hmtx.metrics[order[gid]] = Glyph(), (0, 0)
                names.append(order[gid])
    font.setGlyphOrder(names)
    glyf.glyphOrder = names
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap = {code: mapping[code] for code in table.cmap if code in mapping}
    reorderGlyphs(font, [n for n in order if n is not None] + spare)
    glyf.glyphOrder = font.getGlyphOrder()  # reorderGlyphs leaves glyf's own copy, which numbers composites' parts
    font["post"].formatType = 3.0  # no glyph names: ten thousand of them would cost more than the glyphs


@dataclass(frozen=True)
class FieldFont:
    """What a PDF needs to embed the field font as a CID font whose CIDs are code points."""

    base_font: str  # the PostScript name with a subset tag, e.g. ABCDEF+LiberationSans
    file: bytes  # the TrueType file, Flate-compressed once (FontFile2's data)
    file_length: int  # its length uncompressed (/Length1)
    widths: tuple  # the /W array: a first code, then the widths (1/1000 em) of a run of codes
    to_unicode: bytes  # ToUnicode CMap: each code is its own character
    ascent: int
    descent: int
    cap_height: int
    bbox: tuple[int, int, int, int]


@lru_cache(maxsize=1)
def field_font() -> FieldFont:
    """The field font and its tables, the same bytes every time for the same installed font."""
    font = _subset(CHARACTERS)
    _glyph_id_is_code_point(font)
    out = io.BytesIO()
    font.save(out)
    data = out.getvalue()
    scale = 1000 / font["head"].unitsPerEm
    advances, cmap = font["hmtx"].metrics, font.getBestCmap()
    widths: list = []
    ranges: list[list[int]] = []
    for code in sorted(cmap):
        width = round(advances[cmap[code]][0] * scale)
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
            widths[-1].append(width)
        else:
            ranges.append([code, code])
            widths += [code, [width]]
    lines = [f"<{a:04X}> <{b:04X}> <{a:04X}>" for a, b in ranges]
    to_unicode = "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Adobe-Identity-UCS def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<0000> <FFFF>",
            "endcodespacerange",
        ]
        + [
            line
            for i in range(0, len(lines), 100)
            for line in (f"{len(lines[i : i + 100])} beginbfrange", *lines[i : i + 100], "endbfrange")
        ]
        + ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    ).encode("ascii")
    digest = hashlib.sha256(data).digest()
    tag = "".join(string.ascii_uppercase[b % 26] for b in digest[:6])
    name = font["name"].getDebugName(6) or "LiberationSans"
    head, hhea, os2 = font["head"], font["hhea"], font["OS/2"]
    return FieldFont(
        base_font=f"{tag}+{name}",
        file=zlib.compress(data, 9),
        file_length=len(data),
        widths=tuple(tuple(w) if isinstance(w, list) else w for w in widths),
        to_unicode=to_unicode,
        ascent=round(hhea.ascent * scale),
        descent=round(hhea.descent * scale),
        cap_height=round((os2.sCapHeight if os2.version >= 2 else hhea.ascent) * scale),  # DejaVu Sans's is 1
        bbox=(round(head.xMin * scale), round(head.yMin * scale), round(head.xMax * scale), round(head.yMax * scale)),
    )


@lru_cache(maxsize=1)
def placeholder_css() -> str:
    """An @font-face for the form's controls as WeasyPrint lays them out: a space and nothing else."""
    font = _subset((0x20,))
    out = io.BytesIO()
    font.save(out)
    data = base64.b64encode(out.getvalue()).decode("ascii")
    return f'@font-face {{ font-family: "{PLACEHOLDER}"; src: url("data:font/ttf;base64,{data}"); }}\n'
