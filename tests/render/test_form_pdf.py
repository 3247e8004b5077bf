"""The fillable PDF form as schools see it: filled by two other engines (PyMuPDF, pypdf), drawn by a
third (poppler's pdftoppm) as a viewer shows it and once flattened for printing, every answer whole.

What is asserted comes from the drawn page: the words pdftotext finds inside each field's box, and
the ink of a name with descenders and "Ł" against the same text drawn in the same font.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest
from conftest import REPO
from PIL import Image

from packgen.forms import spec
from packgen.model.project import load_project
from packgen.resolve import resolve_pack

CASES = [("2021-22", "mastery-readiness"), ("2024-25", "mastering-number")]
NAME = "Łukasz Dudley-Pryce of Győr"  # descenders (y, P, y, ő's accent) and Latin Extended-A
DPI = 100


def statement(words: int = 250) -> str:
    """A full-length answer of real prose: the repo's own programme wording, ``words`` words of it."""
    text = (REPO / "programmes" / "mastery-readiness" / "2021-22.yaml").read_text(encoding="utf-8")
    prose = re.findall(
        r"[A-Za-z][A-Za-z’'\-]*[.,]?", " ".join(re.findall(r"^\s+(?:- )?([A-Z][^:{}\n]{40,})$", text, re.M))
    )
    assert len(prose) >= words
    return " ".join(prose[:words])


def answers_of(year: str, programme: str):
    project = load_project(REPO)
    py = next(p for p in project.programmes if p.programme == programme and p.year.id == year)
    return spec.answers(resolve_pack(project, py, project.hub("WM1")).form)


def values_for(year: str, programme: str) -> dict[str, str]:
    out = {}
    for field in answers_of(year, programme):
        if field.type == "hub":
            continue
        out[field.name] = {"multiline": statement(), "yesno": "Yes"}.get(field.type, NAME)
    return out


def full_name(widget: pikepdf.Dictionary) -> str:
    parts, node = [], widget
    while node is not None:
        if pikepdf.Name.T in node:
            parts.append(str(node.T))
        node = node.get(pikepdf.Name.Parent)
    return ".".join(reversed(parts))


def field_boxes(data: bytes) -> dict[str, list[tuple[int, tuple[float, float, float, float]]]]:
    """Each field's widgets: (page index, (left, top, right, bottom) in points from the page's top left)."""
    boxes: dict[str, list] = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages):
            height = float(page.obj.MediaBox[3])
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") != "/Widget":
                    continue
                x1, y1, x2, y2 = (float(v) for v in annotation.Rect)
                box = (min(x1, x2), height - max(y1, y2), max(x1, x2), height - min(y1, y2))
                boxes.setdefault(full_name(annotation), []).append((index, box))
    return boxes


def fill_with_pypdf(data: bytes, values: dict[str, str], *, flatten: bool) -> bytes:
    """pypdf fills each field and draws its appearance (with auto_regenerate it would instead ask the
    viewer to draw them again, and poppler's own layout of a long answer runs ~2pt past the right
    edge of any box, in Helvetica as in ours: that measures poppler, not the form)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    fields = {k: (f"/{v}" if v == "Yes" else v) for k, v in values.items()}
    for page in writer.pages:
        writer.update_page_form_field_values(page, fields, flatten=flatten, auto_regenerate=False)
    if flatten:  # pypdf drew the filled fields into the page; the widgets of those fields go
        for page in writer.pages:
            kept = [a for a in page.get("/Annots", []) if _pypdf_name(a.get_object()) not in values]
            page[NameObject("/Annots")] = ArrayObject(kept)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pypdf_name(widget) -> str:
    parts, node = [], widget
    while node is not None:
        if "/T" in node:
            parts.append(str(node["/T"]))
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
    return ".".join(reversed(parts))


def fill_with_mupdf(data: bytes, values: dict[str, str], *, flatten: bool) -> bytes:
    import pymupdf

    document = pymupdf.open(stream=data, filetype="pdf")
    for page in document:
        for widget in page.widgets():
            value = values.get(widget.field_name)
            if value is None:
                continue
            if widget.field_type == pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON:
                if value not in widget.button_states()["normal"]:
                    continue
            widget.field_value = value
            widget.update()
    if flatten:
        document.bake()
    return document.tobytes()


FILLERS = {"pypdf": fill_with_pypdf, "PyMuPDF": fill_with_mupdf}


def words_on_pages(path: Path) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """poppler's words with their boxes (points from the top left), page by page."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", xhtml, re.S):
        pages.append(
            [
                (html.unescape(word), tuple(float(v) for v in box))
                for *box, word in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page
                )
            ]
        )
    return pages


def inside(
    box: tuple[float, float, float, float], field: tuple[float, float, float, float], slack: float = 0.6
) -> bool:
    return (
        box[0] >= field[0] - slack
        and box[1] >= field[1] - slack
        and box[2] <= field[2] + slack
        and box[3] <= field[3] + slack
    )


def render(path: Path, page: int, out: Path) -> Image.Image:
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-f",
            str(page + 1),
            "-l",
            str(page + 1),
            "-png",
            "-singlefile",
            str(path),
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return Image.open(f"{out}.png").convert("L")


def ink(image: Image.Image, box: tuple[float, float, float, float], inset: int = 1) -> tuple[int, int, int, int] | None:
    """The bounding box (pixels, within ``box`` in points) of what is darker than the field's background."""
    scale = DPI / 72
    crop = image.crop(
        (
            round(box[0] * scale) + inset,
            round(box[1] * scale) + inset,
            round(box[2] * scale) - inset,
            round(box[3] * scale) - inset,
        )
    )
    return crop.point(lambda v: 255 if v < 140 else 0).getbbox()


@pytest.fixture(scope="module")
def reference_ink(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, int]:
    """Width and height in pixels of NAME at 10pt in the fields' font, drawn by poppler on a blank page."""
    import pymupdf

    from packgen.render.pdf.fieldfont import field_font

    folder = tmp_path_factory.mktemp("reference")
    document = pymupdf.open()
    page = document.new_page(width=400, height=60)
    page.insert_font(fontname="field", fontbuffer=zlib.decompress(field_font().file))
    page.insert_text((20, 35), NAME, fontname="field", fontsize=10)
    document.save(folder / "reference.pdf")
    box = ink(render(folder / "reference.pdf", 0, folder / "reference"), (0, 0, 400, 60), inset=0)
    assert box is not None
    return box[2] - box[0], box[3] - box[1]


@pytest.mark.parametrize("flatten", [False, True], ids=["as-a-viewer-shows-it", "flattened"])
@pytest.mark.parametrize("filler", sorted(FILLERS))
@pytest.mark.parametrize("year,programme", CASES)
def test_a_filled_form_shows_every_answer_whole(
    forms_built: Path,
    tmp_path: Path,
    reference_ink: tuple[int, int],
    year: str,
    programme: str,
    filler: str,
    flatten: bool,
) -> None:
    form = (forms_built / year / "WM1" / programme / "application-form.pdf").read_bytes()
    values = values_for(year, programme)
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(FILLERS[filler](form, values, flatten=flatten))
    boxes = field_boxes(form)
    pages = words_on_pages(filled)

    # The 250-word statement: every word, in order, inside its box.
    ((page, box),) = boxes["headteacher_statement"]
    shown = [word for word, where in pages[page] if inside(where, box)]
    assert shown == statement().split(), f"{len(shown)} of 250 words shown inside the box"

    # A name with descenders and "Ł": its words inside the box, its ink as tall and wide as the same text drawn alone.
    ((page, box),) = boxes["school.name"]
    assert [w for w, where in pages[page] if inside(where, box)] == NAME.split()
    drawn = ink(render(filled, page, tmp_path / "page"), box)
    assert drawn is not None, "nothing drawn in the name field"
    width, height = drawn[2] - drawn[0], drawn[3] - drawn[1]
    assert abs(height - reference_ink[1]) <= 2, (
        f"ink {height}px tall, the same text alone {reference_ink[1]}px: cut off?"
    )
    assert abs(width - reference_ink[0]) <= 4, (
        f"ink {width}px wide, the same text alone {reference_ink[0]}px: a letter missing?"
    )


@pytest.mark.parametrize("filler", sorted(FILLERS))
def test_a_chosen_radio_button_shows_a_round_dot(forms_built: Path, tmp_path: Path, filler: str) -> None:
    form = (forms_built / "2021-22" / "WM1" / "mastery-readiness" / "application-form.pdf").read_bytes()
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(FILLERS[filler](form, {"group_application.requested": "Yes"}, flatten=False))
    boxes = field_boxes(form)["group_application.requested"]
    assert len(boxes) == 2
    (page, yes), (_, no) = boxes
    assert abs((yes[2] - yes[0]) - (yes[3] - yes[1])) < 0.01, "a radio button is round: as wide as it is tall"
    image = render(filled, page, tmp_path / "page")
    dot = ink(image, inside_ring(yes), inset=0)
    assert dot is not None, "no dot in the chosen button"
    width, height = dot[2] - dot[0], dot[3] - dot[1]
    assert width >= 6 and abs(width - height) <= 1, f"a {width}x{height}px dot: round, not an oval"
    assert ink(image, inside_ring(no), inset=0) is None, "the other button stays empty"


@pytest.mark.parametrize("filler", sorted(FILLERS))
def test_a_ticked_check_box_shows_a_tick_inside_its_border(forms_built: Path, tmp_path: Path, filler: str) -> None:
    form = (forms_built / "2024-25" / "WM1" / "teaching-for-mastery-development" / "application-form.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(form)) as pdf:
        looks = {
            full_name(a): a
            for page in pdf.pages
            for a in page.obj.get("/Annots", [])
            if full_name(a).startswith("readiness.done.")
        }
        assert sorted(looks) == [f"readiness.done.{n}" for n in range(1, 5)]
        for widget in looks.values():
            assert sorted(widget.AP.N.keys()) == ["/Off", "/Yes"] and widget.AS == "/Off"
            assert widget.AP.N.Off.read_bytes() == b"", "unticked: nothing drawn"
            assert pikepdf.Name.Resources not in widget.AP.N.Yes, "the tick is a path, in no font"
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(FILLERS[filler](form, {"readiness.done.2": "Yes"}, flatten=False))
    boxes = field_boxes(form)
    ((page, ticked),) = boxes["readiness.done.2"]
    ((_, left),) = boxes["readiness.done.1"]
    assert abs((ticked[2] - ticked[0]) - (ticked[3] - ticked[1])) < 0.01, "a check box is square"
    image = render(filled, page, tmp_path / "page")
    tick = ink(image, ticked, inset=1)
    assert tick is not None, "no tick in the ticked box"
    assert tick[2] - tick[0] >= 5 and tick[3] - tick[1] >= 4, (
        f"a {tick[2] - tick[0]}x{tick[3] - tick[1]}px tick: too small to see"
    )
    assert ink(image, left, inset=1) is None, "the other boxes stay empty"


def inside_ring(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The square inside a round button's ring (the page draws the ring around the field's box)."""
    cx, cy, half = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2, 0.35 * (box[2] - box[0])
    return (cx - half, cy - half, cx + half, cy + half)


# --- how the blank form is laid out and what its fields draw with ------------------------------


def lines_on_pages(path: Path) -> list[list[tuple[str, tuple[float, float, float, float]]]]:
    """poppler's text lines with their boxes (points from the top left), page by page."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", xhtml, re.S):
        lines = []
        for box, body in re.findall(
            r'<line xMin="([\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="[\d.]+)">(.*?)</line>', page, re.S
        ):
            numbers = tuple(float(v) for v in re.findall(r"[\d.]+", box))
            lines.append((" ".join(html.unescape(w) for w in re.findall(r">([^<]*)</word>", body)), numbers))
        pages.append(lines)
    return pages


def text_above(lines: list, box: tuple[float, float, float, float], reach: float = 45) -> str:
    """The text just above a field's box (up to three lines of a label), over its left edge, on its page."""
    above = sorted(
        (where[1], text)
        for text, where in lines
        if box[1] - reach <= where[3] <= box[1] + 0.5 and where[0] <= box[0] + 2 <= where[2] + 2
    )
    return " ".join(text for _, text in above)


@pytest.mark.parametrize("year,programme", CASES)
def test_a_page_breaks_between_rows_and_a_heading_keeps_with_its_first_row(
    forms_built: Path, year: str, programme: str
) -> None:
    path = forms_built / year / "WM1" / programme / "application-form.pdf"
    boxes = field_boxes(path.read_bytes())
    pages = lines_on_pages(path)
    project = load_project(REPO)
    py = next(p for p in project.programmes if p.programme == programme and p.year.id == year)
    form = resolve_pack(project, py, project.hub("WM1")).form
    for group in form.groups:
        first = group.fields[0]
        (page, box), *_ = boxes[first.name]
        assert any(text == group.heading for text, _ in pages[page]), (
            f"{group.heading!r} is not on the page of its first row"
        )
        for field in group.fields:
            if spec.kind_of(field).control in ("input", "textarea"):
                ((page, box),) = boxes[field.name]
                label = " ".join(field.label_text.split()[:3])
                reach = 15 * (1 + len(field.label_text) * 5 // (box[2] - box[0])) + 6  # the label's lines at 10pt
                assert label in text_above(pages[page], box, reach), (
                    f"{field.name}: its label is not above it on its page"
                )
    if (year, programme) == ("2021-22", "mastery-readiness"):
        # Page 1 was 45% empty when a whole group had to move to page 2: now it is filled to its foot.
        lowest = max(box[3] for widgets in boxes.values() for page, box in widgets if page == 0)
        assert lowest > 0.8 * 841.89 - 62, f"page 1 ends at {lowest:.0f}pt"


def test_fields_draw_in_an_embedded_unicode_font_sized_for_their_text(forms_built: Path) -> None:
    path = forms_built / "2021-22" / "WM1" / "mastery-readiness" / "application-form.pdf"
    with pikepdf.open(path) as pdf:
        acro = pdf.Root.AcroForm
        assert list(acro.DR.Font.keys()) == ["/Helv"] and pikepdf.Name.NeedAppearances not in acro
        font = acro.DR.Font.Helv
        assert (font.Subtype, font.Encoding) == ("/Type0", "/Identity-H")
        cid_font = font.DescendantFonts[0]
        assert "/FontFile2" in cid_font.FontDescriptor and cid_font.CIDToGIDMap == "/Identity"
        cmap = font.ToUnicode.read_bytes().decode("ascii")
        ranges = [(int(a, 16), int(b, 16)) for a, b in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})> <\1>", cmap)]
        covered = {c for a, b in ranges for c in range(a, b + 1)}
        assert set(range(0x20, 0x7F)) | set(range(0xA0, 0x180)) <= covered  # Latin-1 and Latin Extended-A: Ł, ő
        for page in pdf.pages:
            for widget in page.obj.get("/Annots", []):
                field = widget if "/FT" in widget else widget.get("/Parent")
                if field is None or field.get("/FT") != "/Tx":
                    continue
                size = float(re.search(r"/Helv ([\d.]+) Tf", str(field.DA)).group(1))
                height = float(widget.Rect[3]) - float(widget.Rect[1])
                if int(field.get("/Ff", 0)) & 4096:
                    assert size == 0  # multi-line: viewers fit the answer to the box
                else:
                    assert size >= 10 and height >= size * 1.4 + 4, (str(field.T), size, height)
        hub = next(w for p in pdf.pages for w in p.obj.get("/Annots", []) if str(w.get("/T")) == "hub")
        assert "/N" in hub.AP and b"Tj" in hub.AP.N.read_bytes()  # the pre-filled answer has its appearance
