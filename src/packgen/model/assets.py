"""Pictures from the project's assets/ folder: found, opened and measured once, when the data loads.

A picture is a PNG or JPEG file under assets/ (a link may not lead out of it). Nothing is ever
fetched from the network: the PDF renderer's fetcher serves only templates/ and assets/.
"""

from __future__ import annotations

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
    from PIL import Image, UnidentifiedImageError

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
        with Image.open(path) as image:
            kind, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise NotAPicture(f"{src} is {width}x{height} pixels, over the limit of {MAX_PIXELS:,}")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, NotAPicture):
            raise
        raise NotAPicture(f"{src} is not a picture that can be read ({exc})") from None
    if kind not in MEDIA_TYPES:
        raise NotAPicture(f"{src} is a {kind} file: pictures must be PNG or JPEG, which every format shows")
    return Picture(src, MEDIA_TYPES[kind], width, height)
