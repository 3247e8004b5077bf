"""Pictures from the project's assets/ folder: found, opened and measured once, when the data loads.

A picture is a PNG or JPEG file under assets/ (a link may not lead out of it). Nothing is ever
fetched from the network: the PDF renderer's fetcher serves only templates/ and assets/.

A picture is measured from its own headers, as Pillow's ``open`` and ``verify`` would (a PNG's
chunks and their checksums, a JPEG's markers up to its frame header), without importing Pillow:
every command loads the data, and Pillow costs `packgen check` and a build with nothing to do
more time than the rest of their start.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024  # a logo or figure is tens of KB; this is far above any real one
MAX_PIXELS = 40_000_000
MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass(frozen=True)
class Picture:
    """What the renderers need to know of a picture besides its bytes."""

    src: str  # from the project root: assets/logo.png
    media_type: str
    width_px: int
    height_px: int


class NotAPicture(ValueError):
    """The file cannot be used as a picture; the message says why, in words."""


def picture(root: Path, src: str) -> Picture:
    """The picture at ``src`` (a path under assets/); raises NotAPicture saying what is wrong."""
    assets = (root / "assets").resolve()
    path = (root / src).resolve()
    if not path.is_relative_to(assets):
        raise NotAPicture(f"{src} leads out of assets/: pictures are files in the project's assets/ folder")
    if not path.is_file():
        hint = "" if assets.is_dir() else " (the project has no assets/ folder)"
        raise NotAPicture(f"no file {src}{hint}")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise NotAPicture(f"{src} is {size:,} bytes, over the limit of {MAX_BYTES:,} for a picture")
    try:
        kind, width, height = measure(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise NotAPicture(f"{src} is not a picture that can be read ({exc})") from None
    if kind not in MEDIA_TYPES:
        raise NotAPicture(f"{src} is a {kind} file: pictures must be PNG or JPEG, which every format shows")
    if width * height > MAX_PIXELS:
        raise NotAPicture(f"{src} is {width}x{height} pixels, over the limit of {MAX_PIXELS:,}")
    return Picture(src, MEDIA_TYPES[kind], width, height)


_OTHER_FORMATS = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\0", "TIFF"),
    (b"MM\0*", "TIFF"),
    (b"\0\0\1\0", "ICO"),
)
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_UNSIZED = {0x01, *range(0xD0, 0xD8)}  # markers with no length after them


def measure(data: bytes) -> tuple[str, int, int]:
    """(format, width, height) of an image file's bytes: PNG and JPEG are read and checked, other
    formats only named; raises ValueError saying what is wrong."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ("PNG", *_png_size(data))
    if data.startswith(b"\xff\xd8\xff"):
        return ("JPEG", *_jpeg_size(data))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP", 0, 0
    for signature, kind in _OTHER_FORMATS:
        if data.startswith(signature):
            return kind, 0, 0
    raise ValueError("not a PNG or JPEG file")


def _png_size(data: bytes) -> tuple[int, int]:
    """A PNG's size from its IHDR, once every chunk's length and checksum hold up to IEND."""
    pos, size, chunks = 8, None, 0
    while True:
        if pos + 8 > len(data):
            raise ValueError("truncated PNG file")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 8 + length
        if end + 4 > len(data):
            raise ValueError("truncated PNG file")
        body = data[pos + 8 : end]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[end : end + 4])[0]:
            raise ValueError(f"broken PNG file (bad checksum in its {kind.decode('latin-1')!r} chunk)")
        if chunks == 0:
            if kind != b"IHDR" or length != 13:
                raise ValueError("broken PNG file (no IHDR chunk first)")
            size = struct.unpack(">II", body[:8])
        chunks += 1
        pos = end + 4
        if kind == b"IEND":
            break
    assert size is not None
    if 0 in size:
        raise ValueError("a PNG file of no pixels")
    return size


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """A JPEG's size from its frame header (SOFn), reading the markers before it."""
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise ValueError("broken JPEG file (no marker where one should be)")
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos + 1 > len(data):
            break
        marker = data[pos]
        pos += 1
        if marker in _JPEG_UNSIZED:
            continue
        if marker in (0xD9, 0xDA):  # the end, or the scan, before any frame header
            break
        if pos + 2 > len(data):
            break
        length = struct.unpack(">H", data[pos : pos + 2])[0]
        if length < 2 or pos + length > len(data):
            break
        if marker in _JPEG_FRAMES:
            if length < 8:
                raise ValueError("broken JPEG file (a short frame header)")
            height, width = struct.unpack(">HH", data[pos + 3 : pos + 7])
            if 0 in (width, height):
                raise ValueError("a JPEG file of no pixels")
            return width, height
        pos += length
    raise ValueError("truncated JPEG file (no frame header)")
