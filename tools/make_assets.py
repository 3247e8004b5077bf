"""Regenerate the sample pictures under assets/ that the shipped data uses (a programme logo, a hub
logo and a figure). They are committed; this script records how they were made.

    python tools/make_assets.py assets
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ACCENT, INK, SHADE, WARM = (0, 90, 140), (29, 36, 48), (238, 243, 248), (230, 126, 34)


def _font(size: int) -> ImageFont.ImageFont:
    for name in ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def programme_logo(path: Path) -> None:
    """A square of four blocks (a teaching-for-mastery motif) and the letters TfM."""
    image = Image.new("RGB", (480, 160), "white")
    draw = ImageDraw.Draw(image)
    for i, colour in enumerate((ACCENT, WARM, WARM, ACCENT)):
        x, y = 16 + (i % 2) * 66, 16 + (i // 2) * 66
        draw.rounded_rectangle((x, y, x + 60, y + 60), radius=10, fill=colour)
    draw.text((170, 34), "TfM", font=_font(84), fill=ACCENT)
    image.save(path, optimize=True)


def hub_logo(path: Path) -> None:
    """A ring of dots and the hub's initials."""
    image = Image.new("RGB", (320, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((12, 12, 148, 148), outline=ACCENT, width=10)
    for x in (52, 80, 108):
        draw.ellipse((x - 9, 71, x + 9, 89), fill=WARM)
    draw.text((168, 44), "NM", font=_font(72), fill=INK)
    image.save(path, optimize=True)


def bar_model(path: Path) -> None:
    """A bar model: 12 as a whole, split into 7 and 5."""
    image = Image.new("RGB", (720, 240), "white")
    draw = ImageDraw.Draw(image)
    font = _font(40)
    draw.rectangle((40, 30, 680, 100), fill=SHADE, outline=ACCENT, width=4)
    draw.text((340, 42), "12", font=font, fill=INK)
    draw.rectangle((40, 130, 413, 200), fill=(253, 235, 214), outline=WARM, width=4)
    draw.rectangle((413, 130, 680, 200), fill=(253, 235, 214), outline=WARM, width=4)
    draw.text((215, 142), "7", font=font, fill=INK)
    draw.text((535, 142), "5", font=font, fill=INK)
    image.save(path, optimize=True)


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "assets")
    folder.mkdir(exist_ok=True)
    programme_logo(folder / "tfm-development-logo.png")
    hub_logo(folder / "north-mids-maths-hub-logo.png")
    bar_model(folder / "bar-model.png")
